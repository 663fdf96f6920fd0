import { useEffect, useState } from 'react';
import { downloadText } from '../charts/export';
import { deleteStudy, listStudies, type StudyRecord } from '../state/persist';
import { openSaved } from '../state/startup';
import { useStore } from '../state/store';
import { parseStudyFile, studyCsv, studyJson } from '../state/study-files';
import { session, showStored } from '../state/study-runs';

export function SavedStudies() {
  const studyId = useStore((s) => s.studyId);
  const runs = useStore((s) => s.runs);
  const [list, setList] = useState<StudyRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  const refresh = () =>
    listStudies()
      .then((l) => {
        setList(l);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  // biome-ignore lint/correctness/useExhaustiveDependencies: refresh when a study starts or a run's state changes
  useEffect(() => {
    void refresh();
  }, [studyId, runs.map((r) => r.state).join()]);
  const draft = useStore((s) => s.draft);
  return (
    <section className="panel saved" aria-label="Saved studies">
      <h2>Saved studies</h2>
      <div className="row">
        <button
          type="button"
          disabled={runs.length === 0}
          onClick={() => downloadText('archscope-study.csv', studyCsv(session.runs), 'text/csv')}
          data-testid="study-export-csv"
        >
          Export CSV
        </button>
        <button
          type="button"
          disabled={runs.length === 0}
          onClick={() => downloadText('archscope-study.json', studyJson(draft, session.runs), 'application/json')}
          data-testid="study-export-json"
        >
          Export JSON
        </button>
        <label className="file-button">
          Import results…
          <input
            type="file"
            accept=".json,application/json"
            data-testid="study-import"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (!f) return;
              try {
                const imp = parseStudyFile(await f.text());
                showStored(imp.draft, imp.stores, null);
                setError(null);
              } catch (err) {
                setError(`${f.name}: ${err instanceof Error ? err.message : String(err)}`);
              }
            }}
          />
        </label>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="saved-error">
          {error}
        </p>
      )}
      {list.length === 0 ? (
        <p className="muted small">Studies you run are saved in this browser and listed here.</p>
      ) : (
        <ul className="saved-list" data-testid="saved-list">
          {list.slice(0, 20).map((s) => {
            const rows = Object.values(s.runs).reduce((a, r) => a + r.rows, 0);
            const done = Object.values(s.runs).every((r) => r.finished) && Object.keys(s.runs).length > 0;
            return (
              <li key={s.id} className={s.id === studyId ? 'current' : ''}>
                <span className="grow">
                  {s.name}{' '}
                  <span className="muted small">
                    ({rows.toLocaleString('en-US')} rows{done ? '' : ', unfinished'})
                  </span>
                </span>
                <button type="button" onClick={() => void openSaved(s.id, !done)}>
                  {done ? 'Open' : 'Resume'}
                </button>
                <button
                  type="button"
                  aria-label={`Delete ${s.name}`}
                  onClick={() => void deleteStudy(s.id).then(refresh, (e: unknown) => setError(String(e)))}
                >
                  Delete
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
