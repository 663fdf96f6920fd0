import { BreakdownPanel } from './BreakdownPanel';
import { ComparePanel, ExportButtons } from './ComparePanel';
import { DesignEditor } from './DesignEditor';
import { ErrorBoundary } from './ErrorBoundary';
import { RooflinePanel } from './RooflinePanel';
import { Totals } from './Totals';
import { WorkloadPicker } from './WorkloadPicker';

/** The design explorer: edit one accelerator, see every layer's latency and energy, compare, share. */
export function Explorer() {
  return (
    <div className="explorer">
      <aside className="sidebar">
        <WorkloadPicker />
        <DesignEditor />
      </aside>
      <div className="content">
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
      </div>
    </div>
  );
}
