import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { IMPORT_LIMITS, importWorkloadBytes } from '../core/workload/import';
import type { Workload } from '../core/workload/workload';
import { buildZooModel, zooEntry } from '../core/workload/zoo';
import { UsageError } from './args';

/** Largest file the CLI reads (the binary importers' own limit; text files stop at 20 MiB). */
const MAX_FILE_BYTES = IMPORT_LIMITS.binaryBytes;

/** Reads and imports an ONNX, TFLite, Keras/TF.js model.json or SCALE-Sim CSV file (by content); errors name the file. */
export function loadWorkloadFile(path: string): Workload {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new UsageError(`--workload/--import: cannot read file "${path}"`);
  }
  if (size > MAX_FILE_BYTES) throw new UsageError(`"${path}" is ${size} bytes; the limit is ${MAX_FILE_BYTES} bytes`);
  const buf = readFileSync(path);
  try {
    return importWorkloadBytes(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), basename(path));
  } catch (e) {
    throw new UsageError(`${basename(path)}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A zoo id (at an optional input resolution) or a file path. */
export function loadWorkload(spec: string, input?: number): Workload {
  if (zooEntry(spec)) {
    try {
      return buildZooModel(spec, input);
    } catch (e) {
      throw new UsageError(`--input ${input}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (/\.(csv|json|onnx|tflite)$/i.test(spec)) {
    if (input !== undefined) throw new UsageError('--input applies to zoo models only, not to imported files');
    return loadWorkloadFile(spec);
  }
  throw new UsageError(
    `--workload: unknown workload "${spec}" (a zoo id, or a .onnx, .tflite, model.json or .csv file)`,
  );
}
