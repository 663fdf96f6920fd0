/**
 * Errors and limits shared by the importers. Every rejection is an `ImportError` whose `field`
 * names what was wrong (a CSV row and column, a Keras layer and config key, or a limit), so the
 * CLI and the UI can print one precise line.
 */

export class ImportError extends Error {
  /** What was wrong: `row 3: Channels`, `conv2d.filters`, `file`, `macs`, `layers`, ... */
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'ImportError';
    this.field = field;
  }
}

/**
 * Sanity limits. They are far above any real network (the largest SCALE-Sim topology shipped
 * with v2, GPT-2 as GEMMs, stays below 1e12 MACs) and exist so a typo or a hostile file fails
 * fast with a message instead of hanging the tab or losing integer precision (2^53 ≈ 9e15).
 */
export const IMPORT_LIMITS = {
  /** Largest accepted file, in characters (≈ bytes for these ASCII formats): 20 MiB. */
  fileChars: 20 * 1024 * 1024,
  /** Most layers in a file (CSV rows or Keras layer entries) and in the resulting workload. */
  layers: 10_000,
  /** Largest single dimension (channels, height, width, filters, units, M, N, K, ...): 2^24. */
  dim: 16_777_216,
  /** Most elements in one activation tensor (batch 1): 2^40. */
  tensorElements: 2 ** 40,
  /** Most multiply-accumulates of the whole workload. */
  macs: 1e15,
  /**
   * Largest binary model file (ONNX, TFLite), in bytes: 1 GiB. Weights are skipped, never decoded,
   * so the cost is reading the file; protobuf's own 2 GiB message limit is above it.
   */
  binaryBytes: 1024 * 1024 * 1024,
  /** Most nodes in an ONNX graph or operators in a TFLite subgraph. */
  graphNodes: 100_000,
  /** Most values in one repeated ONNX field (an attribute's ints, a tensor's dims). */
  onnxListItems: 65_536,
} as const;

/** Longest rendering of a bad value in a message (characters). */
const SHOWN_CHARS = 80;

/**
 * A bad value for an error message, as JSON.stringify would write it but bounded: nesting past 3
 * levels and lists past 8 entries are elided and the text is cut at 80 characters. A hostile file
 * can nest a value thousands deep or make it megabytes long; JSON.stringify would then throw a
 * RangeError (call stack) or put the whole value into the message.
 */
export function showValue(v: unknown, depth = 0): string {
  if (v === undefined) return 'nothing';
  let out: string;
  if (v === null || typeof v !== 'object') out = JSON.stringify(v) ?? String(v);
  else if (depth >= 3) out = Array.isArray(v) ? '[…]' : '{…}';
  else if (Array.isArray(v)) {
    const items = v.slice(0, 8).map((x) => showValue(x, depth + 1));
    out = `[${items.join(',')}${v.length > 8 ? ',…' : ''}]`;
  } else {
    const entries = Object.entries(v);
    const items = entries.slice(0, 8).map(([k, x]) => `${JSON.stringify(k)}:${showValue(x, depth + 1)}`);
    out = `{${items.join(',')}${entries.length > 8 ? ',…' : ''}}`;
  }
  return out.length > SHOWN_CHARS ? `${out.slice(0, SHOWN_CHARS - 1)}…` : out;
}

/** Rejects a file larger than the limit before any parsing work. */
export function checkFileSize(text: string): void {
  if (text.length > IMPORT_LIMITS.fileChars) {
    throw new ImportError(
      'file',
      `file is ${text.length} characters; the limit is ${IMPORT_LIMITS.fileChars} (20 MiB)`,
    );
  }
}

/** Rejects a binary model file (ONNX, TFLite) over the limit; `bytes` may be a File's size before reading it. */
export function checkBinarySize(bytes: number): void {
  if (bytes > IMPORT_LIMITS.binaryBytes) {
    throw new ImportError('file', `file is ${bytes} bytes; the limit is ${IMPORT_LIMITS.binaryBytes} (1 GiB)`);
  }
}

/**
 * A dimension as a positive (or, with `min = 0`, non-negative) integer below the limit.
 * Accepts numbers and, for CSV cells, decimal integer strings.
 */
export function checkDim(value: unknown, field: string, what: string, min = 1): number {
  let v: number;
  if (typeof value === 'number') v = value;
  else if (typeof value === 'string' && /^\s*[+-]?\d+(\.\d*)?([eE][+-]?\d+)?\s*$/.test(value)) v = Number(value);
  else {
    const shown = showValue(value);
    throw new ImportError(field, `${what} must be an integer ≥ ${min}, got ${shown}`);
  }
  if (!Number.isInteger(v) || v < min) throw new ImportError(field, `${what} must be an integer ≥ ${min}, got ${v}`);
  if (v > IMPORT_LIMITS.dim) {
    throw new ImportError(field, `${what} = ${v} exceeds the limit of ${IMPORT_LIMITS.dim} per dimension`);
  }
  return v;
}

/** Rejects a tensor with more elements than the limit (guards later products against overflow). */
export function checkElements(dims: readonly number[], field: string): void {
  let n = 1;
  for (const d of dims) n *= d;
  if (n > IMPORT_LIMITS.tensorElements) {
    throw new ImportError(field, `tensor [${dims.join(', ')}] has ${n} elements; the limit is 2^40`);
  }
}

/** Running totals checked against the layer-count and MAC limits as layers are produced. */
export class Budget {
  private macs = 0;
  private layers = 0;
  add(layerName: string, macs: number): void {
    this.layers += 1;
    this.macs += macs;
    if (this.layers > IMPORT_LIMITS.layers) {
      throw new ImportError(
        'layers',
        `more than ${IMPORT_LIMITS.layers} layers (at "${layerName}"); the limit is ${IMPORT_LIMITS.layers}`,
      );
    }
    if (!(this.macs <= IMPORT_LIMITS.macs)) {
      throw new ImportError(
        'macs',
        `total MACs exceed the limit of ${IMPORT_LIMITS.macs.toExponential()} (at layer "${layerName}")`,
      );
    }
  }
}
