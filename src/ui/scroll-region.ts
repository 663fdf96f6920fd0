/**
 * Props that make a scrolling table box reachable by keyboard (WCAG 2.1.1; axe's scrollable-region-focusable): a
 * focusable, named region, so Tab stops on it and the arrow keys scroll it. Spread onto the `.table-wrap` div.
 */
export function scrollRegion(label: string): { role: 'region'; tabIndex: 0; 'aria-label': string } {
  return { role: 'region', tabIndex: 0, 'aria-label': label };
}
