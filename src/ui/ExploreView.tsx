import { useStore } from '../state/store';
import { ErrorBoundary } from './ErrorBoundary';
import { ConvergencePanel, ParetoPanel } from './ExploreCharts';
import { SavedStudies } from './SavedStudies';
import { StudyPanel } from './StudyPanel';

/** The exploration view: set up a study, run optimizers side by side, watch the front form. */
export function ExploreView() {
  const message = useStore((s) => s.exploreMessage);
  const recoveries = useStore((s) => s.recoveries);
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
        {recoveries.length > 0 && (
          <p className="warn small" role="status" data-testid="recoveries">
            Recovered: {recoveries.join(' · ')}
          </p>
        )}
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
