import LZString from 'lz-string';

/** Longest permalink payload accepted (characters after `#`); longer links are refused, not parsed. */
export const MAX_LINK_CHARS = 16_384;

/** Why a link could not be used. `field` names the offending field when there is one. */
export class LinkError extends Error {
  constructor(
    message: string,
    readonly kind: 'empty' | 'too-long' | 'corrupt' | 'version' | 'invalid',
    readonly field?: string,
  ) {
    super(message);
    this.name = 'LinkError';
  }
}

/** JSON → compressed, URL-safe text (lz-string's encodedURIComponent alphabet). */
export function packJson(value: unknown): string {
  return LZString.compressToEncodedURIComponent(JSON.stringify(value));
}

/**
 * Compressed text → parsed JSON. Throws LinkError for overlong, undecodable or truncated input;
 * never evaluates anything (JSON.parse only).
 */
export function unpackJson(packed: string): unknown {
  if (packed.length === 0) throw new LinkError('the link is empty', 'empty');
  if (packed.length > MAX_LINK_CHARS) {
    throw new LinkError(`the link is ${packed.length} characters long; the limit is ${MAX_LINK_CHARS}`, 'too-long');
  }
  if (!/^[A-Za-z0-9+\-$]*$/.test(packed)) {
    throw new LinkError('the link contains characters a permalink never has (was it edited or cut?)', 'corrupt');
  }
  let text: string | null;
  try {
    text = LZString.decompressFromEncodedURIComponent(packed);
  } catch {
    text = null;
  }
  if (!text) throw new LinkError('the link could not be decompressed (it may be truncated)', 'corrupt');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new LinkError('the link decompressed to something that is not valid JSON (it may be truncated)', 'corrupt');
  }
}
