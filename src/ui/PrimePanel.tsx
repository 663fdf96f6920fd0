import { useEffect } from 'react';
import { releasePrime, usePrime } from '../state/prime-runs';
import { ErrorBoundary } from './ErrorBoundary';
import { KeptNote, PrimeRestoredNote } from './KeptNote';
import { PrimeComparison } from './PrimeCompare';
import { DatasetSummaryView } from './PrimeData';
import { GenerationStatus } from './PrimeLogged';
import { PrimePareto } from './PrimePareto';
import { PrimeProposals } from './PrimeProposals';
import { PrimeReport } from './PrimeReport';
import { PrimeSetup } from './PrimeSetup';
import { TrainingCharts } from './PrimeTraining';

/** The PRIME panel: logged data → conservative surrogate → offline proposals, verified with k simulations. */
export function PrimePanel() {
  const error = usePrime((s) => s.error);
  // Leaving the tab stops a running job (its worker goes with it); a trained idle model stays for a while.
  useEffect(() => releasePrime, []);
  return (
    // Stretch: on phones the view is one flex column, and start-aligned panels would size to their widest table.
    <div className="explorer" data-testid="prime-panel" style={{ alignItems: 'stretch' }}>
      <aside className="sidebar">
        <PrimeSetup />
      </aside>
      <div className="content">
        {error && (
          <p className="error" role="alert" data-testid="prime-error">
            {error}
          </p>
        )}
        <KeptNote />
        <PrimeRestoredNote />
        <GenerationStatus />
        <DatasetSummaryView />
        <ErrorBoundary name="training curves">
          <TrainingCharts />
        </ErrorBoundary>
        <ErrorBoundary name="model report">
          <PrimeReport />
        </ErrorBoundary>
        <ErrorBoundary name="PRIME Pareto plot">
          <PrimePareto />
        </ErrorBoundary>
        <PrimeProposals />
        <ErrorBoundary name="comparison table">
          <PrimeComparison />
        </ErrorBoundary>
      </div>
    </div>
  );
}
