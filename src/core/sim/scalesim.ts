import type { Dataflow } from '../arch/systolic';

/**
 * SCALE-Sim v2's analytical compute model (Samajdar et al., ISPASS 2020; REFERENCE.md §4) for one
 * convolution seen as a matrix product of `pixels` output pixels × `filters` filters with a
 * `window`-long reduction (R·S·C), on an array of `rows` (ArrayHeight) × `cols` (ArrayWidth).
 */
export interface ScaleSimShape {
  /** Spatial rows dimension (folded onto the array rows). */
  sr: number;
  /** Spatial columns dimension (folded onto the array columns). */
  sc: number;
  /** Temporal dimension (streamed through the array per fold). */
  t: number;
}

/** SCALE-Sim's Sr, Sc and T for a dataflow: OS (pixels, filters, window), WS (window, filters, pixels), IS (window, pixels, filters). */
export function scaleSimShape(dataflow: Dataflow, pixels: number, filters: number, window: number): ScaleSimShape {
  if (dataflow === 'os') return { sr: pixels, sc: filters, t: window };
  if (dataflow === 'ws') return { sr: window, sc: filters, t: pixels };
  return { sr: window, sc: pixels, t: filters };
}

/** Folds: ⌈Sr / rows⌉ · ⌈Sc / cols⌉. */
export function scaleSimFolds(rows: number, cols: number, sr: number, sc: number): number {
  return Math.ceil(sr / rows) * Math.ceil(sc / cols);
}

/**
 * Compute cycles of one layer as SCALE-Sim v2 reports them (to within one cycle):
 *   WS, IS: (2R + C + T − 2) · folds − 1
 *   OS:     folds · (T + R + C − 2)   (v2 overlaps the fill of one fold with the drain of the last)
 * with R = rows, C = cols.
 */
export function scaleSimComputeCycles(
  dataflow: Dataflow,
  rows: number,
  cols: number,
  pixels: number,
  filters: number,
  window: number,
): number {
  const { sr, sc, t } = scaleSimShape(dataflow, pixels, filters, window);
  const folds = scaleSimFolds(rows, cols, sr, sc);
  if (dataflow === 'os') return folds * (t + rows + cols - 2);
  return (2 * rows + cols + t - 2) * folds - 1;
}
