/**
 * setAttribute only when the value changed since a chart last wrote it. After a slider move most
 * attributes are unchanged and each write invalidates style; reading back with getAttribute costs
 * as much as writing in Chromium (SVG attributes are re-serialised), so the last written values
 * are remembered here instead. Shared by the roofline and the per-layer breakdown.
 */
const written = new WeakMap<Element, Map<string, string>>();

export function put(el: Element, name: string, v: string): void {
  let m = written.get(el);
  if (!m) {
    m = new Map();
    written.set(el, m);
  }
  if (m.get(name) === v) return;
  m.set(name, v);
  el.setAttribute(name, v);
}
