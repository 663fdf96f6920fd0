/** Colour per layer op, shared by every chart and the workload browser (CSS variables, so themes can change them). */
export function opColor(op: string): string {
  return `var(--op-${op}, var(--accent))`;
}
