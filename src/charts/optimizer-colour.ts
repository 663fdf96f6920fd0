import { schemeTableau10 } from 'd3';
import { OPTIMIZER_KINDS, type OptimizerKind } from '../core/opt/optimizer';

/**
 * The one colour of each optimizer, in every chart (Pareto plot, convergence / hypervolume, PRIME's comparison)
 * and every table swatch. Keyed by kind, not by position among the optimizers a study runs, so NSGA-II keeps its
 * colour whether or not BO runs beside it. Tableau 10 is mid-luminance, so each reads on both themes.
 */
export const OPTIMIZER_COLOUR: Readonly<Record<OptimizerKind, string>> = Object.fromEntries(
  OPTIMIZER_KINDS.map((k, i) => [k, schemeTableau10[i] ?? '#4e79a7']),
) as Record<OptimizerKind, string>;

/** Colour of PRIME's proposals where they join the optimizers (the Exploration plot's overlay): the next one. */
export const PRIME_COLOUR: string = schemeTableau10[OPTIMIZER_KINDS.length] ?? '#e15759';

/** The colour of `kind`. */
export function optimizerColour(kind: OptimizerKind): string {
  return OPTIMIZER_COLOUR[kind];
}
