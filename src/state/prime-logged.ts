import { transfer } from 'comlink';
import { generateLoggedInPool } from '../bridge/logged-bridge';
import type { PrimeBridge } from '../bridge/prime-bridge';
import { EDGETPU } from '../core/arch/edgetpu';
import type { DatasetSummary } from '../core/prime/dataset';
import { checkLoggedSize, segmentBuffers } from '../core/prime/logged-build';

/** Generation of PRIME-like logged data as the tab shows it (rows so far, measured rate, time left). */
export interface GenerationProgress {
  rows: number;
  total: number;
  /** Rows per second since generation started (NaN before the first segment). */
  rowsPerSecond: number;
  /** Seconds left at that rate (NaN before the first segment). */
  etaSeconds: number;
}

export interface LoggedSourceRequest {
  applications: string[];
  rowsPerApplication: number;
  seed: number;
  areaBudgetMm2: number;
  /** Share of each application's best feasible designs held back (Design-Bench); 0 or absent: none. */
  dropTop?: number;
}

/** Remaining seconds for `left` units at the rate `done / elapsedSeconds` (NaN when nothing is done yet). */
export function etaSeconds(done: number, left: number, elapsedSeconds: number): number {
  if (!(done > 0) || !(elapsedSeconds > 0)) return Number.NaN;
  return (left * elapsedSeconds) / done;
}

/**
 * Generates PRIME-like logged data for the PRIME worker (docs/prime.md §6): the size is checked on
 * the page first (a clear message before any worker starts), the PRIME worker opens an empty
 * dataset, a pool of logged-data workers computes the segments, and each segment's columns go
 * to the PRIME worker by transfer — the page only routes buffers, it never holds the data.
 * Progress is reported at most every 100 ms. Aborting stops the pool and the PRIME worker.
 */
export async function loadLoggedData(
  bridge: PrimeBridge,
  req: LoggedSourceRequest,
  signal: AbortSignal,
  onProgress: (p: GenerationProgress) => void,
): Promise<DatasetSummary> {
  checkLoggedSize(EDGETPU, req.applications.length, req.rowsPerApplication);
  await bridge.call((api) => api.beginLogged('logged', req), signal);
  const t0 = performance.now();
  let shown = 0;
  await generateLoggedInPool(
    { applications: req.applications, rowsPerApplication: req.rowsPerApplication, seed: req.seed },
    {
      signal,
      onSegment: async (r) => {
        await bridge.call((api) => api.appendLogged('logged', transfer(r, segmentBuffers(r))), signal);
      },
      onProgress: (p) => {
        const now = performance.now();
        if (p.rows !== 0 && p.rows !== p.total && now - shown < 100) return;
        shown = now;
        const s = (now - t0) / 1000;
        onProgress({
          rows: p.rows,
          total: p.total,
          rowsPerSecond: p.rows > 0 && s > 0 ? p.rows / s : Number.NaN,
          etaSeconds: etaSeconds(p.rows, p.total - p.rows, s),
        });
      },
    },
  );
  return bridge.call((api) => api.finishLogged('logged'), signal);
}
