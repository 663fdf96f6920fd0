import { inRange, MAX_WORKLOADS, WORKLOAD_INPUT } from '../core/link/limits';
import { ZOO, zooEntry } from '../core/workload/zoo';
import { actions } from '../state/actions';
import { useStore } from '../state/store';

/** The workloads the explorer evaluates: chips (click = show its breakdown) plus an add menu. */
export function WorkloadPicker() {
  const workloads = useStore((s) => s.workloads);
  const active = useStore((s) => s.activeIndex);
  const imported = useStore((s) => s.imported);
  const results = useStore((s) => s.results);
  const nameOf = (id: string) => zooEntry(id)?.name ?? imported[id]?.name ?? id;
  return (
    <section className="panel workload-picker" aria-label="Workloads">
      <h2>Workloads</h2>
      <ul className="chips" data-testid="workload-chips">
        {workloads.map((w, i) => {
          const ev = results[i];
          const entry = zooEntry(w.id);
          return (
            <li key={w.id} className={i === active ? 'chip active' : 'chip'}>
              <button
                type="button"
                onClick={() => actions.setActiveWorkload(i)}
                aria-pressed={i === active}
                title="Show this workload's totals and breakdown"
              >
                {nameOf(w.id)}
                {ev && !ev.feasible ? ' ⚠' : ''}
              </button>
              {entry && (
                <input
                  type="number"
                  min={WORKLOAD_INPUT.min}
                  max={WORKLOAD_INPUT.max}
                  value={w.input ?? entry.defaultInput}
                  aria-label={`Input size of ${nameOf(w.id)}`}
                  onChange={(e) => {
                    const v = Number(e.target.value);
                    if (inRange(WORKLOAD_INPUT, v))
                      actions.setWorkloadInput(i, v === entry.defaultInput ? undefined : v);
                  }}
                />
              )}
              {workloads.length > 1 && (
                <button
                  type="button"
                  className="chip-x"
                  onClick={() => actions.removeWorkload(i)}
                  aria-label={`Remove ${nameOf(w.id)}`}
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {workloads.length < MAX_WORKLOADS && (
        <label className="row">
          Add{' '}
          <select
            value=""
            onChange={(e) => e.target.value && actions.addWorkload({ id: e.target.value })}
            data-testid="add-workload"
          >
            <option value="">choose a model…</option>
            {ZOO.filter((z) => !workloads.some((w) => w.id === z.id)).map((z) => (
              <option key={z.id} value={z.id}>
                {z.name}
              </option>
            ))}
            {Object.values(imported)
              .filter((wl) => !workloads.some((w) => w.id === wl.id))
              .map((wl) => (
                <option key={wl.id} value={wl.id}>
                  {wl.name} (imported)
                </option>
              ))}
          </select>
        </label>
      )}
    </section>
  );
}
