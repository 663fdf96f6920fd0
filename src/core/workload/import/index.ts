import { getTextEncoding } from '@bufbuild/protobuf/wire';
import type { Workload } from '../workload';
import { checkFileSize, IMPORT_LIMITS, ImportError } from './errors';
import { parseKerasModel } from './keras';
import { looksLikeOnnx, parseOnnxModel } from './onnx';
import { parseScaleSimCsv } from './scalesim';
import { looksLikeTflite, parseTfliteModel } from './tflite';

export { checkBinarySize, IMPORT_LIMITS, ImportError } from './errors';
export { parseKerasModel } from './keras';
export { SUPPORTED_KERAS_CLASSES } from './keras-layers';
export { parseOnnxModel } from './onnx';
export { SUPPORTED_ONNX_OPS } from './onnx-ops';
export { parseScaleSimCsv } from './scalesim';
export { type LayerSummary, layerSummary } from './summary';
export { parseTfliteModel } from './tflite';
export { SUPPORTED_TFLITE_OPS } from './tflite-reader';

/**
 * Imports a workload file from its text: `.csv` is a SCALE-Sim topology, `.json` a Keras /
 * TF.js layers-format model. Other names are sniffed: a leading `{` means JSON, else CSV.
 * Throws `ImportError` (with a `field`) on anything it cannot read.
 */
export function importWorkload(text: string, fileName: string): Workload {
  checkFileSize(text);
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'csv') return parseScaleSimCsv(text, fileName);
  if (ext === 'json') return parseKerasModel(text, fileName);
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body === '') throw new ImportError('file', `"${fileName}" is empty`);
  return body.startsWith('{') ? parseKerasModel(text, fileName) : parseScaleSimCsv(text, fileName);
}

/** File name extensions the importers take (for file pickers). */
export const IMPORT_EXTENSIONS = ['.onnx', '.tflite', '.json', '.csv'] as const;

/** Any control character other than tab / CR / LF in the first 4 KiB: the file is binary. */
function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return true;
  }
  return false;
}

/**
 * Imports a workload file from its bytes, whatever its name says: a "TFL3" identifier at bytes
 * 4–7 is TFLite; binary content, or the .onnx extension, is an ONNX protobuf; text goes to
 * `importWorkload` (a Keras model.json or a SCALE-Sim CSV). A binary file that is neither is
 * refused with the formats Archscope reads.
 */
export function importWorkloadBytes(bytes: Uint8Array, fileName: string): Workload {
  if (looksLikeTflite(bytes)) return parseTfliteModel(bytes, fileName);
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'tflite') return parseTfliteModel(bytes, fileName);
  if (ext === 'onnx' || (isBinary(bytes) && looksLikeOnnx(bytes))) return parseOnnxModel(bytes, fileName);
  if (isBinary(bytes)) {
    throw new ImportError(
      'file',
      `"${fileName}" is a binary file that is neither ONNX nor TFLite; Archscope reads ${IMPORT_EXTENSIONS.join(', ')}`,
    );
  }
  // A UTF-8 character is at most 4 bytes: past that, the text is surely over the character limit.
  if (bytes.length > 4 * IMPORT_LIMITS.fileChars) {
    throw new ImportError(
      'file',
      `file is ${bytes.length} bytes; the limit for text files is ${IMPORT_LIMITS.fileChars} characters (20 MiB)`,
    );
  }
  return importWorkload(getTextEncoding().decodeUtf8(bytes), fileName);
}
