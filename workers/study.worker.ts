import { expose, transfer } from 'comlink';
import type { StudySpec } from '../src/core/study/spec';
import { createOptimizerHost, type PackedObservations, type PackedWarmStart } from '../src/core/study/study';

/**
 * Optimizer worker: hosts one study's optimizer (GP fits take tens of milliseconds and must not
 * block the page). The page's runner asks and tells through it; designs and observations cross
 * as flat typed arrays.
 */
const host = createOptimizerHost();

const api = {
  init(spec: StudySpec, sizes: number[], warm?: PackedWarmStart): void {
    host.init(spec, sizes, warm);
  },
  ask(n: number): Int32Array {
    const codes = host.ask(n);
    return transfer(codes, [codes.buffer as ArrayBuffer]);
  },
  tell(p: PackedObservations): void {
    host.tell(p);
  },
};

export type StudyWorkerApi = typeof api;
expose(api);
