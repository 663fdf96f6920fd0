import { expose, transfer } from 'comlink';
import { EDGETPU } from '../src/core/arch/index';
import {
  type LoggedPlan,
  type LoggedSegment,
  loggedSegments,
  runSegment,
  type SegmentRows,
} from '../src/core/prime/logged';
import { segmentBuffers } from '../src/core/prime/logged-build';
import type { Workload } from '../src/core/workload/workload';
import { buildZooModel } from '../src/core/workload/zoo/index';

/**
 * Logged-data worker of the PRIME tab's generation pool (src/bridge/logged-bridge.ts): computes
 * segments of a PRIME-like logged-data plan (src/core/prime/logged.ts — optimizer trajectories and
 * random designs, each simulated on its application) off the page's thread. A segment depends only
 * on (plan seed, application, number), so any worker can compute any segment. Columns are
 * transferred, not copied.
 */
let segments: LoggedSegment[] = [];
const workloads = new Map<string, Workload>();

/** Segments of one pool call, as the pool counts them (`n` = segments asked for). */
export interface LoggedBatch {
  n: number;
  parts: SegmentRows[];
}

const api = {
  init(plan: LoggedPlan): { segments: number } {
    segments = loggedSegments(plan);
    return { segments: segments.length };
  },
  async evaluate(indices: Int32Array, n: number): Promise<LoggedBatch> {
    const parts: SegmentRows[] = [];
    for (let k = 0; k < n; k++) {
      const seg = segments[indices[k] as number];
      if (!seg) throw new Error(`logged worker: no segment ${indices[k]} in the plan (${segments.length} segments)`);
      let w = workloads.get(seg.application);
      if (!w) {
        w = buildZooModel(seg.application);
        workloads.set(seg.application, w);
      }
      parts.push(await runSegment(seg, EDGETPU, w));
    }
    return transfer({ n, parts }, parts.flatMap(segmentBuffers));
  },
};

export type LoggedWorkerApi = typeof api;
expose(api);
