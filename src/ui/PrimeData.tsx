import { useState } from 'react';
import { isArrowFile } from '../core/prime/arrow-magic';
import { ZOO } from '../core/workload/zoo';
import { type PrimeSource, setPrimeConfig, setPrimeFile, usePrime } from '../state/prime-runs';
import { useStore } from '../state/store';
import { session as studySession } from '../state/study-runs';
import { fmt, zooName } from './prime-labels';
import { scrollRegion } from './scroll-region';

/** A list of zoo workloads with remove buttons and an "add…" select. */
export function WorkloadList(props: {
  legend: string;
  ids: string[];
  testId: string;
  onChange: (ids: string[]) => void;
}) {
  return (
    <fieldset data-testid={props.testId}>
      <legend>{props.legend}</legend>
      {props.ids.map((id) => (
        <div className="row" key={id}>
          <span className="grow">{zooName(id)}</span>
          {props.ids.length > 1 && (
            <button
              type="button"
              aria-label={`Remove ${id}`}
              onClick={() => props.onChange(props.ids.filter((x) => x !== id))}
            >
              ×
            </button>
          )}
        </div>
      ))}
      {props.ids.length < 8 && (
        <select
          value=""
          aria-label={`${props.legend}: add a workload`}
          onChange={(e) => e.target.value && props.onChange([...props.ids, e.target.value])}
        >
          <option value="">add a workload…</option>
          {ZOO.filter((z) => !props.ids.includes(z.id)).map((z) => (
            <option key={z.id} value={z.id}>
              {z.name}
            </option>
          ))}
        </select>
      )}
    </fieldset>
  );
}

const SOURCE_LABEL: Record<PrimeSource, string> = {
  generate: 'simulate random designs',
  logged: "generated logged data (PRIME's kind, 10⁴–10⁶ rows)",
  study: 'the Exploration study',
  file: 'a logged-data file',
};

/** Largest logged-data file read in the browser (the parser's own limit is higher; a tab has less memory). */
const MAX_DATA_FILE_BYTES = 64 * 1024 * 1024;

/** Where the logged data comes from: simulated designs, the Exploration study's rows, or a file. */
export function SourcePicker() {
  const c = usePrime((s) => s.config);
  const fileName = usePrime((s) => s.fileName);
  const runs = useStore((s) => s.runs);
  const [fileError, setFileError] = useState<string | null>(null);
  const rows = runs.reduce((a, r) => a + r.evaluations, 0);
  const onFile = async (f: File | undefined) => {
    if (!f) return;
    setFileError(null);
    if (f.size > MAX_DATA_FILE_BYTES) {
      setFileError(`${f.name}: ${f.size} bytes is over the ${MAX_DATA_FILE_BYTES}-byte limit for data files`);
      return;
    }
    try {
      // Arrow IPC files (`dataset --logged --format arrow`) go to the worker as bytes; the rest as text.
      const bytes = new Uint8Array(await f.arrayBuffer());
      setPrimeFile(f.name, isArrowFile(bytes) ? bytes : new TextDecoder().decode(bytes));
    } catch (e) {
      // e.g. the file changed or vanished after it was picked
      setFileError(`${f.name}: could not be read (${e instanceof Error ? e.message : String(e)})`);
    }
  };
  return (
    <fieldset data-testid="prime-source">
      <legend>Logged data</legend>
      {(Object.keys(SOURCE_LABEL) as PrimeSource[]).map((k) => (
        <label key={k} className="check">
          <input
            type="radio"
            name="prime-source"
            value={k}
            checked={c.source === k}
            onChange={() => setPrimeConfig({ source: k })}
            data-testid={`prime-source-${k}`}
          />{' '}
          {SOURCE_LABEL[k]}
        </label>
      ))}
      {c.source === 'study' && (
        <p className="small muted" data-testid="prime-study-info">
          {rows > 0
            ? `${rows.toLocaleString('en-US')} evaluated designs of ${(studySession.runs[0]?.spec.workloads ?? []).map((w) => zooName(w.id)).join(' + ')} (${runs.length} runs); the model trains on all of them.`
            : 'No study results yet: run a study in the Exploration tab first.'}
        </p>
      )}
      {c.source === 'file' && (
        <div>
          <input
            type="file"
            accept=".csv,.jsonl,.json,.arrow,text/csv"
            aria-label="Logged-data file (CSV, JSONL or Arrow)"
            data-testid="prime-file"
            onChange={(e) => void onFile(e.target.files?.[0])}
          />
          <p className="small muted">
            {fileName ? `Loaded ${fileName}. ` : ''}A CSV, JSONL or Arrow file from the CLI's <code>dataset</code>{' '}
            command, or an <code>optimize --out</code> CSV.
          </p>
          {fileError && (
            <p className="error" role="alert">
              {fileError}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}

/** What was loaded: rows, feasible share and best logged latency per workload. */
export function DatasetSummaryView() {
  const s = usePrime((st) => st.summary);
  if (!s) return null;
  return (
    <section className="panel" data-testid="prime-dataset" data-designs={s.designs}>
      <h2>Logged data</h2>
      <p className="small">
        {s.designs.toLocaleString('en-US')} designs, area budget {s.areaBudgetMm2} mm². Feasible = every layer maps and
        area within budget.
      </p>
      {s.heldBack ? (
        <p className="small" data-testid="prime-held-back" data-designs={s.heldBack.designs}>
          Held back: the best {Math.round(s.heldBack.share * 1000) / 10} % of each application's feasible designs (
          {s.heldBack.designs.toLocaleString('en-US')} designs); "best logged" below is the best of the rest.
        </p>
      ) : null}
      <div className="table-wrap" {...scrollRegion('Logged data per workload')}>
        <table className="layers">
          <thead>
            <tr>
              <th>workload</th>
              <th className="num">rows</th>
              <th className="num">feasible</th>
              <th className="num">share</th>
              <th className="num">best logged (ms)</th>
            </tr>
          </thead>
          <tbody>
            {s.workloads.map((w) => (
              <tr key={w.id}>
                <td>{zooName(w.id)}</td>
                <td className="num">{w.rows}</td>
                <td className="num">{w.feasible}</td>
                <td className="num">{(w.feasibleShare * 100).toFixed(1)} %</td>
                <td className="num">{fmt(w.bestLatencyMs, 4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
