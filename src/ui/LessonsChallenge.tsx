import { useEffect, useId, useMemo, useState } from 'react';
import { requireTemplate } from '../core/arch';
import { brokenLocks, type Challenge, RESULT_KIND, verifyChallengeResult } from '../core/link/challenge';
import { type AppState, useStore } from '../state/store';

const UNIT = { latencyMs: 'ms', energyMj: 'mJ' } as const;
const LABEL = { latencyMs: 'latency', energyMj: 'energy' } as const;
const ROW = { display: 'flex', gap: '0.5rem', flexWrap: 'wrap', alignItems: 'center' } as const;
const fmt = (v: number) => v.toPrecision(4);

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
  if (locks.length) problems.push(`locked parameters changed: ${locks.join(', ')}`);
  const values: number[] = [];
  let feasible = true;
  for (const w of c.workloads) {
    const inState = s.workloads.some((x) => x.id === w.id && x.input === w.input);
    const r = inState ? s.results.find((x) => x.workload.id === w.id) : undefined;
    if (!r) {
      problems.push(`evaluate ${w.id}${w.input ? ` at ${w.input}×${w.input}` : ''}`);
      feasible = false;
      continue;
    }
    if (!r.feasible) problems.push(`${w.id} cannot run on this design`);
    if (r.totals.areaMm2 > c.budgetMm2) problems.push(`area ${r.totals.areaMm2.toFixed(2)} mm² is over budget`);
    feasible &&= r.feasible && r.totals.areaMm2 <= c.budgetMm2;
    values.push(r.totals[c.target.metric]);
  }
  const worst = feasible && values.length ? Math.max(...values) : null;
  if (worst !== null && worst > c.target.max)
    problems.push(`${LABEL[c.target.metric]} ${fmt(worst)} is above the target`);
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
  const [best, setBest] = useState<{ key: string; value: number } | null>(null);
  const key = challenge ? JSON.stringify(challenge) : '';
  const worst = status?.worst ?? null;
  const locksOk = status ? !status.problems.some((p) => p.startsWith('locked') || p.startsWith('use the')) : false;
  useEffect(() => {
    if (worst === null || !locksOk) return;
    setBest((b) => (b && b.key === key && b.value <= worst ? b : { key, value: worst }));
  }, [key, worst, locksOk]);
  if (!challenge || !status) return null;
  const t = challenge.target;
  const bestValue = best && best.key === key ? best.value : null;
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
        {challenge.workloads.map((w) => (w.input ? `${w.id} (${w.input}×${w.input})` : w.id)).join(', ')}, within{' '}
        {challenge.budgetMm2} mm², on the {requireTemplate(challenge.template).name} template
        {challenge.locked ? `; locked: ${Object.keys(challenge.locked).join(', ')}` : ''}.
      </p>
      <p>
        Now: {status.worst === null ? 'no feasible result' : `${fmt(status.worst)} ${UNIT[t.metric]}`} · best so far:{' '}
        <span data-testid="challenge-best">{bestValue === null ? '—' : `${fmt(bestValue)} ${UNIT[t.metric]}`}</span>
      </p>
      <p role="status" data-testid="challenge-state" className={status.met ? undefined : 'error'}>
        {status.met ? '✓ Met: this design satisfies the challenge.' : `Not met yet: ${status.problems.join('; ')}.`}
      </p>
      <div style={ROW}>
        <button type="button" onClick={exportResult} data-testid="challenge-export">
          Export result
        </button>
        <button type="button" onClick={() => useStore.setState({ challenge: null })}>
          Leave challenge
        </button>
      </div>
    </section>
  );
}

/** Instructor tools on the Lessons tab: turn the current design into a challenge link; check a result file. */
export function ChallengeMaker() {
  const id = useId();
  const [metric, setMetric] = useState<'latencyMs' | 'energyMj'>('latencyMs');
  const [max, setMax] = useState('1');
  const [locked, setLocked] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<{ ok: boolean; text: string } | null>(null);
  const create = () => {
    const s = useStore.getState();
    const m = Number(max);
    if (!(m > 0)) return setMessage('The target must be a positive number.');
    const keys = locked
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    const unknown = keys.filter((k) => !(k in s.design));
    if (unknown.length) return setMessage(`Unknown parameters: ${unknown.join(', ')}`);
    const challenge: Challenge = {
      template: s.template,
      workloads: s.workloads.slice(0, 8),
      budgetMm2: s.budgetMm2,
      target: { metric, max: m },
      ...(keys.length ? { locked: Object.fromEntries(keys.map((k) => [k, s.design[k] as number | string])) } : {}),
    };
    setMessage('Challenge set from the current workloads, template and budget: the page link now poses it.');
    useStore.setState({ challenge, view: 'explorer' });
  };
  const check = async (file: File | undefined) => {
    if (!file) return;
    let raw: unknown;
    try {
      raw = JSON.parse(await file.text());
    } catch {
      return setVerdict({ ok: false, text: 'Rejected: the file is not JSON.' });
    }
    const expected = useStore.getState().challenge ?? undefined;
    const v = verifyChallengeResult(raw, expected);
    // Without the instructor's own challenge loaded, only the file's internal consistency can be checked.
    const caveat = expected
      ? ''
      : ' (against the challenge written in the file: open your challenge link first to check it is yours)';
    setVerdict(
      v.ok
        ? {
            ok: true,
            text: `Verified by re-simulation: ${v.checks.map((c) => `${c.workload} ${fmt(c.value)}`).join(', ')}${caveat}.`,
          }
        : { ok: false, text: `Rejected: ${v.message}.` },
    );
  };
  return (
    <section className="panel" aria-labelledby={`${id}-h`} data-testid="challenge-maker">
      <h2 id={`${id}-h`}>Challenges (for instructors)</h2>
      <p>Set up a design and workloads in the explorer first; the challenge takes them from there.</p>
      <div style={ROW}>
        <label>
          Metric{' '}
          <select value={metric} onChange={(e) => setMetric(e.target.value as 'latencyMs' | 'energyMj')}>
            <option value="latencyMs">latency (ms)</option>
            <option value="energyMj">energy (mJ)</option>
          </select>
        </label>
        <label>
          At most <input type="number" min={0} step="any" value={max} onChange={(e) => setMax(e.target.value)} />
        </label>
        <label>
          Locked parameters{' '}
          <input
            value={locked}
            placeholder="e.g. dramBandwidth, peMemory"
            onChange={(e) => setLocked(e.target.value)}
          />
        </label>
        <button type="button" className="primary" onClick={create} data-testid="challenge-create">
          Set challenge
        </button>
      </div>
      {message ? <p role="status">{message}</p> : null}
      <label>
        Check a student's result file{' '}
        <input type="file" accept="application/json,.json" onChange={(e) => void check(e.target.files?.[0])} />
      </label>
      {verdict ? (
        <p
          role="status"
          className={verdict.ok ? undefined : 'error'}
          data-testid="challenge-verdict"
          data-ok={verdict.ok}
        >
          {verdict.text}
        </p>
      ) : null}
    </section>
  );
}
