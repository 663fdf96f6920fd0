import { useEffect, useMemo, useState } from 'react';
import { type Design, requireTemplate } from '../core/arch';
import { brokenLocks, type Challenge, RESULT_KIND } from '../core/link/challenge';
import {
  type ChallengeBest,
  challengeBestKey,
  loadChallengeBest,
  saveChallengeBest,
  verifiedBest,
} from '../state/challenge-best';
import { type AppState, useStore } from '../state/store';
import { designParamsText } from './DesignEditor';
import { num } from './format';
import { LockIcon } from './Lock';
import { zooName } from './prime-labels';

export const UNIT = { latencyMs: 'ms', energyMj: 'mJ' } as const;
export const LABEL = { latencyMs: 'latency', energyMj: 'energy' } as const;
export const ROW = { display: 'flex', gap: '0.5rem', flexWrap: 'wrap', alignItems: 'center' } as const;
export const fmt = (v: number) => num(v, 4);

/** A parameter's label in a template ("SIMD lanes per core" for `lanes`), its key when unknown. */
export function paramLabel(templateId: string, key: string): string {
  const t = requireTemplate(templateId);
  return [...t.params, ...t.constants].find((p) => p.key === key)?.label ?? key;
}

/** A challenge workload as people read it: "ResNet-50 (299×299)". */
export const workloadLabel = (w: { id: string; input?: number }) =>
  w.input ? `${zooName(w.id)} (${w.input}×${w.input})` : zooName(w.id);

interface Status {
  /** Worst (largest) metric value over the challenge workloads, or null when one is missing or infeasible. */
  worst: number | null;
  values: number[];
  met: boolean;
  problems: string[];
}

/** How the current design and its latest results stand against the challenge (uses the explorer's results). */
type StatusInput = Pick<AppState, 'template' | 'design' | 'workloads' | 'results' | 'pending'>;

function statusOf(c: Challenge, s: StatusInput): Status {
  const problems: string[] = [];
  if (s.template !== c.template) problems.push(`use the ${requireTemplate(c.template).name} template`);
  const locks = brokenLocks(c, s.design);
  if (locks.length)
    problems.push(`locked parameters changed: ${locks.map((k) => paramLabel(c.template, k)).join(', ')}`);
  const values: number[] = [];
  let feasible = true;
  for (const w of c.workloads) {
    const inState = s.workloads.some((x) => x.id === w.id && x.input === w.input);
    const r = inState ? s.results.find((x) => x.workload.id === w.id) : undefined;
    if (!r) {
      problems.push(`add ${workloadLabel(w)} to the explorer's workloads`);
      feasible = false;
      continue;
    }
    if (!r.feasible) problems.push(`${workloadLabel(w)} cannot run on this design (infeasible)`);
    if (r.totals.areaMm2 > c.budgetMm2)
      problems.push(`area ${num(r.totals.areaMm2, 4)} mm² is over the ${c.budgetMm2} mm² budget`);
    feasible &&= r.feasible && r.totals.areaMm2 <= c.budgetMm2;
    values.push(r.totals[c.target.metric]);
  }
  const worst = feasible && values.length ? Math.max(...values) : null;
  if (worst !== null && worst > c.target.max)
    problems.push(
      `${LABEL[c.target.metric]} ${fmt(worst)} ${UNIT[c.target.metric]} is above the ${c.target.max} ${UNIT[c.target.metric]} target`,
    );
  return { worst, values, met: !s.pending && problems.length === 0 && worst !== null, problems };
}

function download(name: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "peX 4, peY 4, lanes 64, …" over the template's searched parameters. */
function designSummary(templateId: string, design: Design): string {
  return designParamsText(requireTemplate(templateId), design);
}

interface BestState {
  /** challengeBestKey of the challenge this belongs to (a new challenge starts from its own stored best). */
  key: string;
  best: ChallengeBest | null;
  /** Why the best so far cannot be kept across reloads, if it cannot. */
  note: string | null;
}

/**
 * The challenge's best so far: read from localStorage when the challenge opens (re-verified by simulation), replaced
 * whenever the explorer's settled results give a lower worst-case value that also re-verifies, and saved again.
 */
function useChallengeBest(challenge: Challenge | null, status: Status | null, pending: boolean): BestState | null {
  const key = challenge ? challengeBestKey(challenge) : '';
  const [state, setState] = useState<BestState | null>(null);
  useEffect(() => {
    const c = useStore.getState().challenge;
    if (!c || !key) return setState(null);
    setState({ key, ...loadChallengeBest(c) });
  }, [key]);
  const worst = status?.worst ?? null;
  const values = status?.values;
  const locksOk = status ? !status.problems.some((p) => p.startsWith('locked') || p.startsWith('use the')) : false;
  useEffect(() => {
    const c = useStore.getState().challenge;
    if (!c || !state || state.key !== key || worst === null || !values || pending || !locksOk) return;
    if (state.best && state.best.value <= worst) return;
    const s = useStore.getState();
    // Only a design that re-simulates to the values shown is kept (results may lag a design change by a frame).
    const best = verifiedBest(c, { template: s.template, design: s.design, values });
    if (!best) return;
    const note = saveChallengeBest(c, best);
    setState({ key, best, note });
  }, [key, state, worst, values, pending, locksOk]);
  return state && state.key === key ? state : null;
}

/** The goal, the best feasible design so far, and a clear met / not-met state; shown while a challenge is set. */
export function ChallengePanel() {
  const challenge = useStore((s) => s.challenge);
  const template = useStore((s) => s.template);
  const design = useStore((s) => s.design);
  const workloads = useStore((s) => s.workloads);
  const results = useStore((s) => s.results);
  const pending = useStore((s) => s.pending);
  const status = useMemo(
    () => (challenge ? statusOf(challenge, { template, design, workloads, results, pending }) : null),
    [challenge, template, design, workloads, results, pending],
  );
  const bestState = useChallengeBest(challenge, status, pending);
  if (!challenge || !status) return null;
  const t = challenge.target;
  const best = bestState?.best ?? null;
  const locked = Object.keys(challenge.locked ?? {});
  const exportResult = () => {
    const s = useStore.getState();
    download('archscope-challenge-result.json', {
      kind: RESULT_KIND,
      challenge,
      template: s.template,
      design: s.design,
      values: statusOf(challenge, s).values,
    });
  };
  const loadBest = () => {
    if (best) useStore.setState({ template: best.template, design: { ...best.design }, preset: null });
  };
  const restoreLocks = () => {
    const s = useStore.getState();
    useStore.setState({ design: { ...s.design, ...challenge.locked }, preset: null });
  };
  const locksBroken = brokenLocks(challenge, design).length > 0;
  return (
    <section
      className="panel banner"
      aria-labelledby="challenge-title"
      data-testid="challenge"
      data-met={String(status.met)}
    >
      <h2 id="challenge-title">{challenge.title ?? 'Challenge'}</h2>
      <p data-testid="challenge-goal">
        Goal: {LABEL[t.metric]} at most {t.max} {UNIT[t.metric]} per inference on{' '}
        {challenge.workloads.map(workloadLabel).join(', ')}, within {challenge.budgetMm2} mm², on the{' '}
        {requireTemplate(challenge.template).name} template
        {locked.length ? (
          <>
            ; <LockIcon /> locked: {locked.map((k) => paramLabel(challenge.template, k)).join(', ')} (shown read-only in
            the editor)
          </>
        ) : null}
        .
      </p>
      <p>
        Now: {status.worst === null ? 'no feasible result' : `${fmt(status.worst)} ${UNIT[t.metric]}`} · best so far:{' '}
        <span data-testid="challenge-best" data-met={best ? String(best.met) : undefined}>
          {best === null ? '—' : `${fmt(best.value)} ${UNIT[t.metric]}`}
        </span>
        {best ? (best.met ? ' (meets the target)' : ' (not yet at the target)') : null}
      </p>
      {best ? (
        <p className="small" data-testid="challenge-best-design">
          <span className="muted">Best design: </span>
          {designSummary(best.template, best.design)}{' '}
          <button type="button" onClick={loadBest} data-testid="challenge-best-load">
            Load best design
          </button>
        </p>
      ) : null}
      {bestState?.note ? (
        <p className="warn small" role="status" data-testid="challenge-storage-note">
          {bestState.note}
        </p>
      ) : null}
      <p role="status" data-testid="challenge-state" className={status.met ? 'challenge-met' : 'error'}>
        {status.met ? '✓ Met: this design satisfies the challenge.' : `Not met yet: ${status.problems.join('; ')}.`}
      </p>
      <div style={ROW}>
        <button type="button" onClick={exportResult} data-testid="challenge-export">
          Export result
        </button>
        {locksBroken ? (
          <button type="button" onClick={restoreLocks} data-testid="challenge-restore-locks">
            Restore locked values
          </button>
        ) : null}
        <button type="button" onClick={() => useStore.setState({ challenge: null })}>
          Leave challenge
        </button>
      </div>
    </section>
  );
}
