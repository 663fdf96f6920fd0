import { SimBridge } from '../bridge/sim-bridge';
import type { Evaluation } from '../core/sim';
import { type AppState, useStore } from './store';

type Outcomes = Parameters<ConstructorParameters<typeof SimBridge>[0]>[1];

function split(out: Outcomes): { results: Evaluation[]; errors: string[] } {
  if (out instanceof Error) return { results: [], errors: [`simulator: ${out.message}`] };
  const results: Evaluation[] = [];
  const errors: string[] = [];
  for (const o of out) {
    if (o.ok) results.push(o.evaluation);
    else errors.push(`${o.workload}: ${o.error}`);
  }
  return { results, errors };
}

let started = false;

/** The simulator's budget: "no budget" is +Infinity there (never over budget), whatever the template's default. */
function simBudget(s: AppState): number {
  return s.budgetMm2 ?? Number.POSITIVE_INFINITY;
}

/**
 * Wires the store to the simulator workers: whenever the design, template, workloads or budget
 * change, the current design is re-evaluated off the main thread; the pinned design has its own
 * worker so the two never wait on each other. Stale answers (older sequence numbers) are dropped.
 */
export function startEvaluation(): void {
  if (started) return;
  started = true;
  let latest = 0;
  const current = new SimBridge((seq, out) => {
    if (seq < latest) return;
    const { results, errors } = split(out);
    useStore.setState({ results, evalErrors: errors, evalSeq: seq, pending: false });
  });
  let latestPinned = 0;
  const pinned = new SimBridge((seq, out) => {
    if (seq < latestPinned) return;
    useStore.setState({ pinnedResults: split(out).results });
  });

  const request = (s: AppState) => {
    useStore.setState({ pending: true });
    latest = current.request({
      template: s.template,
      design: s.design,
      workloads: s.workloads,
      budgetMm2: simBudget(s),
    });
  };
  const requestPinned = (s: AppState) => {
    if (!s.pinned) return;
    latestPinned = pinned.request({
      template: s.pinned.template,
      design: s.pinned.design,
      workloads: s.workloads,
      budgetMm2: simBudget(s),
    });
  };

  useStore.subscribe((s, prev) => {
    if (s.imported !== prev.imported) {
      for (const wl of Object.values(s.imported)) {
        if (!prev.imported[wl.id]) {
          current.register(wl);
          pinned.register(wl);
        }
      }
    }
    const inputsChanged = s.workloads !== prev.workloads || s.budgetMm2 !== prev.budgetMm2;
    if (inputsChanged || s.design !== prev.design || s.template !== prev.template) request(s);
    if (inputsChanged || (s.pinned !== prev.pinned && s.pinned && s.pinned.design !== prev.pinned?.design)) {
      requestPinned(s);
    }
  });
  request(useStore.getState());
  requestPinned(useStore.getState());
}
