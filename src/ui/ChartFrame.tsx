import type { ReactNode, RefObject } from 'react';
import { downloadPng, downloadSvg } from '../charts/export';

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
}) {
  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption>
        <span>{props.title}</span>
        <span className="chart-controls">
          {props.controls}
          <button
            type="button"
            onClick={() => props.svgRef.current && downloadSvg(props.svgRef.current, `${props.fileName}.svg`)}
            aria-label={`Export ${props.title} as SVG`}
          >
            SVG
          </button>
          <button
            type="button"
            onClick={() => props.svgRef.current && void downloadPng(props.svgRef.current, `${props.fileName}.png`)}
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
      {props.children}
    </figure>
  );
}
