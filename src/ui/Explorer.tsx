import { BreakdownPanel } from './BreakdownPanel';
import { ComparePanel, ExportButtons } from './ComparePanel';
import { DesignEditor } from './DesignEditor';
import { ErrorBoundary } from './ErrorBoundary';
import { RooflinePanel } from './RooflinePanel';
import { Totals } from './Totals';
import { WorkloadPicker } from './WorkloadPicker';

const RESULTS_ID = 'explorer-results';

/** The design explorer: edit one accelerator, see every layer's latency and energy, compare, share. */
export function Explorer() {
  return (
    <div className="explorer">
      {/* A button, not an in-page link: the URL hash holds the permalink. */}
      <button
        type="button"
        className="skip-link"
        data-testid="skip-editor"
        onClick={() => document.getElementById(RESULTS_ID)?.focus()}
      >
        Skip the design editor, to the results
      </button>
      <aside className="sidebar">
        <WorkloadPicker />
        <DesignEditor />
      </aside>
      <section className="content" id={RESULTS_ID} tabIndex={-1} aria-label="Results">
        <Totals />
        <ExportButtons />
        <ErrorBoundary name="per-layer breakdown">
          <BreakdownPanel />
        </ErrorBoundary>
        <div className="two-col">
          <ErrorBoundary name="roofline">
            <RooflinePanel />
          </ErrorBoundary>
          <ErrorBoundary name="compare">
            <ComparePanel />
          </ErrorBoundary>
        </div>
      </section>
    </div>
  );
}
