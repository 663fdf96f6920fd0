import { type ReactNode, type RefObject, useState } from 'react';
import { downloadPng, downloadSvg, type ExportCaption } from '../charts/export';
import { Explain } from './Explain';
import type { ExplainTopic } from './explanations';
import { scrollRegion } from './scroll-region';

/** The Table button that shows a chart's text alternative (also used by the canvas charts' own figures). */
export function TableToggle(props: { on: boolean; onToggle: (on: boolean) => void; testId: string }) {
  return (
    <button type="button" aria-pressed={props.on} onClick={() => props.onToggle(!props.on)} data-testid={props.testId}>
      Table
    </button>
  );
}

/** A chart's figure: title, controls, export buttons, the SVG D3 draws into, and a text alternative. */
export function ChartFrame(props: {
  title: string;
  testId: string;
  svgRef: RefObject<SVGSVGElement | null>;
  boxRef: RefObject<HTMLDivElement | null>;
  fileName: string;
  controls?: ReactNode;
  status?: ReactNode;
  label: string;
  children?: ReactNode;
  /** Topic of an "Explain this" button next to the title. */
  explain?: ExplainTopic;
  /** What the chart shows (design, workloads), written under the title in exported images. */
  caption?: () => string;
  /** A table of the drawn data, the chart's text alternative, shown on demand (rendered only when open). */
  table?: () => ReactNode;
}) {
  const [showTable, setShowTable] = useState(false);
  const caption = (): ExportCaption => ({ title: props.title, subtitle: props.caption?.() });
  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption>
        <span>
          {props.title}
          {props.explain && <Explain topic={props.explain} />}
        </span>
        <span className="chart-controls">
          {props.controls}
          {props.table && (
            <TableToggle on={showTable} onToggle={setShowTable} testId={`${props.testId}-table-toggle`} />
          )}
          <button
            type="button"
            onClick={() =>
              props.svgRef.current && downloadSvg(props.svgRef.current, `${props.fileName}.svg`, caption())
            }
            aria-label={`Export ${props.title} as SVG`}
          >
            SVG
          </button>
          <button
            type="button"
            onClick={() =>
              props.svgRef.current && void downloadPng(props.svgRef.current, `${props.fileName}.png`, caption())
            }
            aria-label={`Export ${props.title} as PNG`}
          >
            PNG
          </button>
        </span>
      </figcaption>
      <div className="chart-status muted small">{props.status}</div>
      <div ref={props.boxRef} className="chart-box">
        <svg ref={props.svgRef} role="img" aria-label={props.label} />
      </div>
      {props.table && showTable && (
        <div
          className="table-wrap short chart-table"
          data-testid={`${props.testId}-table`}
          {...scrollRegion(`${props.title}: table`)}
        >
          {props.table()}
        </div>
      )}
      {props.children}
    </figure>
  );
}
