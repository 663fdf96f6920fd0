import type { EvalOutcome, EvalRequest, SimApi } from '../core/sim/sim-api';
import type { Workload } from '../core/workload/workload';
import { WorkerBridge } from './worker-bridge';

export type { EvalOutcome, EvalRequest } from '../core/sim/sim-api';

/**
 * The explorer's simulator worker. Requests are coalesced latest-wins: while one evaluation runs,
 * newer requests replace each other and only the newest is sent when the worker is free, so a
 * dragged slider never builds a backlog and every answer is for a state the user still sees or
 * just left. Each answer carries the sequence number of its request (answers can arrive late).
 */
export class SimBridge {
  private bridge = new WorkerBridge<SimApi>(
    () => new Worker(new URL('../../workers/sim.worker.ts', import.meta.url), { type: 'module', name: 'sim' }),
    120_000,
  );
  private busy = false;
  private queued: { seq: number; req: EvalRequest } | null = null;
  private registered = new Map<string, Workload>();
  private seq = 0;

  constructor(private readonly onResult: (seq: number, outcomes: EvalOutcome[] | Error) => void) {}

  /** Makes an imported workload known to the worker (re-sent after a worker restart). */
  register(wl: Workload) {
    this.registered.set(wl.id, wl);
    void this.bridge.call((api) => api.registerWorkload(wl)).catch(() => undefined);
  }

  /** Queues `req`; returns its sequence number. */
  request(req: EvalRequest): number {
    this.seq += 1;
    this.queued = { seq: this.seq, req };
    void this.pump();
    return this.seq;
  }

  private async pump() {
    if (this.busy || !this.queued) return;
    const { seq, req } = this.queued;
    this.queued = null;
    this.busy = true;
    try {
      const imported = req.workloads.filter((w) => this.registered.has(w.id));
      const out = await this.bridge.call(async (api) => {
        for (const w of imported) {
          const wl = this.registered.get(w.id);
          if (wl) await api.registerWorkload(wl);
        }
        return api.evaluate(req);
      });
      this.onResult(seq, out);
    } catch (e) {
      this.onResult(seq, e instanceof Error ? e : new Error(String(e)));
    } finally {
      this.busy = false;
      void this.pump();
    }
  }
}
