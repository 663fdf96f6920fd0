import { useId, useRef, useState } from 'react';
import { requireTemplate } from '../core/arch';
import { type Challenge, challengeSchema, verifyChallengeResult } from '../core/link/challenge';
import { AREA_BUDGET_MM2 } from '../core/link/limits';
import { encodeViewState } from '../core/link/view-state';
import { zooEntry } from '../core/workload/zoo';
import { linkStateOf } from '../state/link-sync';
import { useStore } from '../state/store';
import { formatValue } from './DesignEditor';
import { fmt, ROW } from './LessonsChallenge';
import { NumberField } from './NumberField';

/**
 * The student's link for a challenge: the instructor's explorer state (workloads, template, design as the starting
 * point) on the explorer view, plus the challenge. A study or a pinned design is left out: a student link should not
 * start a run or carry the instructor's comparisons.
 */
export function challengeLink(challenge: Challenge): string | null {
  const ls = linkStateOf({ ...useStore.getState(), view: 'explorer', challenge, runs: [] });
  if (!ls) return null;
  const { study: _study, pinned: _pinned, selectedLayer: _sel, ...rest } = ls;
  return `${location.origin}${location.pathname}#s=${encodeViewState(rest)}`;
}

/** Instructor tools on the Lessons tab: build a challenge from the explorer's setup and get its link; check results. */
export function ChallengeMaker() {
  const id = useId();
  const template = useStore((s) => s.template);
  const workloads = useStore((s) => s.workloads);
  const design = useStore((s) => s.design);
  const [title, setTitle] = useState('');
  const [budget, setBudget] = useState<number | undefined>(() => useStore.getState().budgetMm2 ?? undefined);
  const [metric, setMetric] = useState<'latencyMs' | 'energyMj'>('latencyMs');
  const [max, setMax] = useState<number | undefined>(1);
  const [locked, setLocked] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<{ ok: boolean; text: string } | null>(null);
  const linkBox = useRef<HTMLInputElement>(null);
  const t = requireTemplate(template);
  const zooWorkloads = workloads.filter((w) => zooEntry(w.id)).slice(0, 8);

  const toggleLock = (key: string, on: boolean) => {
    const next = new Set(locked);
    if (on) next.add(key);
    else next.delete(key);
    setLocked(next);
  };
  const create = () => {
    setCopied(null);
    if (zooWorkloads.length === 0) {
      setLink(null);
      return setMessage({
        ok: false,
        text: 'Add a model-zoo workload in the explorer first (imported ones cannot travel in a link).',
      });
    }
    const s = useStore.getState();
    // Only the current template's parameters can be locked (a template switch resets the checkboxes' meaning).
    const keys = t.params.map((p) => p.key).filter((k) => locked.has(k) && s.design[k] !== undefined);
    const parsed = challengeSchema.safeParse({
      ...(title.trim() ? { title: title.trim() } : {}),
      template: s.template,
      workloads: zooWorkloads,
      budgetMm2: budget,
      target: { metric, max },
      ...(keys.length ? { locked: Object.fromEntries(keys.map((k) => [k, s.design[k]])) } : {}),
    });
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      setLink(null);
      return setMessage({
        ok: false,
        text: `The challenge is not valid: ${i ? `${i.path.join('.')}: ${i.message}` : ''}`,
      });
    }
    const challenge = parsed.data;
    // The instructor's own page poses the challenge too, so result files are checked against it below.
    useStore.setState({ challenge });
    setLink(challengeLink(challenge));
    setMessage({
      ok: true,
      text: 'Challenge set. Send the link below to students; it opens the explorer with the goal shown.',
    });
  };
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied to the clipboard.');
    } catch {
      // Clipboard access can be refused (permissions, insecure context): leave the link selected for Ctrl+C.
      linkBox.current?.select();
      setCopied('Could not copy automatically: the link is selected, press Ctrl+C (⌘C) to copy it.');
    }
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
      <p>
        A challenge uses the explorer's workloads, template and design (students start from that design):{' '}
        <strong data-testid="challenge-from">
          {zooWorkloads.map((w) => zooEntry(w.id)?.name ?? w.id).join(', ') || 'no zoo workload'} on the {t.name}{' '}
          template
        </strong>
        . Change them in the design explorer first.
      </p>
      <div style={{ ...ROW, alignItems: 'flex-start' }}>
        <label className="field">
          <span>Title (optional)</span>
          <input
            value={title}
            maxLength={120}
            onChange={(e) => setTitle(e.target.value)}
            data-testid="challenge-title"
          />
        </label>
        <NumberField
          label="Area budget"
          unit="mm²"
          value={budget}
          min={AREA_BUDGET_MM2.min}
          max={AREA_BUDGET_MM2.max}
          onChange={setBudget}
          testId="challenge-budget"
        />
        <label className="field">
          <span>Target</span>
          <select
            value={metric}
            onChange={(e) => setMetric(e.target.value as 'latencyMs' | 'energyMj')}
            data-testid="challenge-metric"
          >
            <option value="latencyMs">latency (ms)</option>
            <option value="energyMj">energy (mJ)</option>
          </select>
        </label>
        <NumberField
          label="at most"
          unit={metric === 'latencyMs' ? 'ms per inference' : 'mJ per inference'}
          value={max}
          min={1e-6}
          max={1e6}
          onChange={setMax}
          testId="challenge-max"
        />
      </div>
      <fieldset className="challenge-locks" data-testid="challenge-locks">
        <legend>Lock parameters at their current value (optional)</legend>
        {t.params.map((p) => (
          <label key={p.key} className="check">
            <input
              type="checkbox"
              checked={locked.has(p.key)}
              onChange={(e) => toggleLock(p.key, e.target.checked)}
              data-testid={`challenge-lock-${p.key}`}
            />{' '}
            {p.label} <span className="muted">({formatValue(design[p.key], p.unit)})</span>
          </label>
        ))}
      </fieldset>
      <div style={ROW}>
        <button type="button" className="primary" onClick={create} data-testid="challenge-create">
          Set challenge
        </button>
      </div>
      {message ? (
        <p role="status" className={message.ok ? undefined : 'error'} data-testid="challenge-maker-message">
          {message.text}
        </p>
      ) : null}
      {link ? (
        <div style={ROW}>
          <label className="field grow">
            <span>Student link</span>
            <input
              ref={linkBox}
              readOnly
              value={link}
              onFocus={(e) => e.target.select()}
              data-testid="challenge-link"
            />
          </label>
          <button type="button" onClick={() => void copy()} data-testid="challenge-copy">
            Copy link
          </button>
          <button type="button" onClick={() => useStore.setState({ view: 'explorer' })} data-testid="challenge-try">
            Try it in the explorer
          </button>
        </div>
      ) : null}
      {copied ? (
        <p role="status" className="small" data-testid="challenge-copied">
          {copied}
        </p>
      ) : null}
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
