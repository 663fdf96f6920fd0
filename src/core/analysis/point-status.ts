/**
 * How an evaluated design came out, as the plots draw and colour it: feasible (mapped, within every constraint),
 * unmapped (the simulator could not map some layer: no latency to trust) or over budget (mapped, but over the area
 * budget or another constraint). Stored one byte per point in columnar plot buffers.
 */
export const POINT_STATUS = { feasible: 0, unmapped: 1, overBudget: 2 } as const;

export type PointStatus = (typeof POINT_STATUS)[keyof typeof POINT_STATUS];

/** Legend names, short. */
export const POINT_STATUS_LABEL: Record<PointStatus, string> = {
  [POINT_STATUS.feasible]: 'feasible',
  [POINT_STATUS.unmapped]: 'infeasible',
  [POINT_STATUS.overBudget]: 'over budget',
};

/** A point's status from whether it is feasible and whether the simulator mapped it. */
export function pointStatus(feasible: boolean, mapped: boolean): PointStatus {
  if (feasible) return POINT_STATUS.feasible;
  return mapped ? POINT_STATUS.overBudget : POINT_STATUS.unmapped;
}
