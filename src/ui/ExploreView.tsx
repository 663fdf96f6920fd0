import { useSyncExternalStore } from 'react';
import { useStore } from '../state/store';
import { onSessionChange, session } from '../state/study-runs';
import { ErrorBoundary } from './ErrorBoundary';
import { ConvergencePanel, ParetoPanel } from './ExploreCharts';
import { SavedStudies } from './SavedStudies';
import { StudyPanel } from './StudyPanel';

/** Why results are not being saved; the run goes on in memory, so say how to keep it. */
function StorageAlert() {
  const problem = useSyncExternalStore(onSessionChange, () => session.storageProblem);
  if (!problem) return null;
  return (
    <p className="error" role="alert" data-testid="storage-alert">
      Results are not being saved: {problem}. The run continues in this tab — export the study as CSV or JSON (Saved
      studies) to keep it.
    </p>
  );
}

/** Worker replacements and retried batches since the study started. */
function Recoveries() {
  const recoveries = useStore((s) => s.recoveries);
  const restarts = useSyncExternalStore(onSessionChange, () => session.workerRestarts);
  if (recoveries.length === 0 && restarts === 0) return null;
  return (
    <p className="warn small" role="status" data-testid="recoveries" data-restarts={restarts}>
      {restarts === 1 ? '1 worker restarted' : `${restarts} workers restarted`}
      {recoveries.length > 0 ? ` — recovered: ${recoveries.join(' · ')}` : ''}
    </p>
  );
}

/** The exploration view: set up a study, run optimizers side by side, watch the front form. */
export function ExploreView() {
  const message = useStore((s) => s.exploreMessage);
  return (
    <div className="explorer">
      <aside className="sidebar">
        <StudyPanel />
        <SavedStudies />
      </aside>
      <div className="content">
        {message && (
          <p className="error" role="alert" data-testid="explore-message">
            {message}
          </p>
        )}
        <StorageAlert />
        <Recoveries />
        <ErrorBoundary name="Pareto plot">
          <ParetoPanel />
        </ErrorBoundary>
        <ErrorBoundary name="convergence plot">
          <ConvergencePanel />
        </ErrorBoundary>
      </div>
    </div>
  );
}
