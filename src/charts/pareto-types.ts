import type { ScaleContinuousNumeric, Selection } from 'd3';

/** Columnar evaluations, owned by the caller: append-only buffers that may be reallocated as they grow. */
export interface ParetoData {
  count: number;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** A `PointStatus` per point (core/analysis/point-status): feasible, unmapped or over budget. */
  status: ArrayLike<number>;
  /** Index into `groupNames` (the optimizer). */
  group: ArrayLike<number>;
  /** Evaluation index, for colouring by order. */
  order: ArrayLike<number>;
}

export interface ParetoAxes {
  xLabel: string;
  yLabel: string;
  xLog?: boolean;
  yLog?: boolean;
}

export interface ParetoOptions extends ParetoAxes {
  /** CSS px. */
  width: number;
  /** CSS px. */
  height: number;
  /** Optimizer names; group k is drawn in `groupColours[k]`, or `groupColour(k)` without them. */
  groupNames: string[];
  /** Colour per group (e.g. OPTIMIZER_COLOUR in OPTIMIZER_KINDS order), so every chart agrees on them. */
  groupColours?: string[];
  onHover?(i: number | null, clientX: number, clientY: number): void;
  onClick?(i: number): void;
  onBrush?(indices: number[]): void;
}

export interface BudgetLine {
  axis: 'x' | 'y';
  value: number;
  label: string;
}

export type G = Selection<SVGGElement, unknown, null, undefined>;
export type Scale = ScaleContinuousNumeric<number, number>;

/** Plot margins around the canvas, CSS px (the legend adds to the top). */
export const MARGIN = { top: 8, right: 16, bottom: 40, left: 58 } as const;
