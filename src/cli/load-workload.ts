import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { importWorkload } from '../core/workload/import';
import type { Workload } from '../core/workload/workload';
import { buildZooModel, zooEntry } from '../core/workload/zoo';
import { UsageError } from './args';

/** Largest file the CLI reads (matches the importers' own limit). */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Reads and imports a SCALE-Sim CSV or Keras/TF.js model.json; errors name the file. */
export function loadWorkloadFile(path: string): Workload {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new UsageError(`--workload/--import: cannot read file "${path}"`);
  }
  if (size > MAX_FILE_BYTES) throw new UsageError(`"${path}" is ${size} bytes; the limit is ${MAX_FILE_BYTES} bytes`);
  const text = readFileSync(path, 'utf8');
  try {
    return importWorkload(text, basename(path));
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
  if (/\.(csv|json)$/i.test(spec)) {
    if (input !== undefined) throw new UsageError('--input applies to zoo models only, not to imported files');
    return loadWorkloadFile(spec);
  }
  throw new UsageError(`--workload: unknown workload "${spec}" (a zoo id, a .csv or a model.json)`);
}
