/**
 * The first bytes of an Apache Arrow IPC file. Apart from arrow.ts so the page can tell an Arrow
 * file from a CSV without importing apache-arrow (the worker parses it).
 */
export const ARROW_MAGIC = 'ARROW1';

/** True when the bytes start like an Arrow IPC file. */
export function isArrowFile(bytes: Uint8Array): boolean {
  if (bytes.length < 6) return false;
  for (let i = 0; i < 6; i++) if (bytes[i] !== ARROW_MAGIC.charCodeAt(i)) return false;
  return true;
}
