/** The one CSV writer (src/core/csv.ts, tested in Node); re-exported so callers find every export here. */
export { toCsv } from '../core/csv';

import { wrapLines } from './chart-math';

/** A title and a line saying what the chart shows (design, workloads), drawn above an exported image. */
export interface ExportCaption {
  title: string;
  subtitle?: string;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
/**
 * Properties copied from computed style into the exported file. The charts colour marks with CSS variables and
 * the stylesheet styles axes by class; a standalone SVG has neither, so each value is resolved here. All of
 * these inherit in SVG, so a value equal to the parent's is left to inheritance (keeps a 400-layer chart small).
 */
const INHERITED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'paint-order',
  'stroke-linejoin',
] as const;

/** Width and height of a chart in CSS px: its viewBox (the charts set one), else its layout box. */
function svgSize(svg: SVGSVGElement): { width: number; height: number } {
  const vb = svg.viewBox?.baseVal;
  if (vb && vb.width > 0 && vb.height > 0) return { width: vb.width, height: vb.height };
  const r = svg.getBoundingClientRect();
  return { width: Math.max(1, Math.round(r.width)), height: Math.max(1, Math.round(r.height)) };
}

/**
 * A standalone SVG document of a drawn chart, as it looks now in the current theme: computed fill, stroke and
 * font inlined on every element (CSS variables become concrete colours), the xmlns declared, and a background
 * rect in the theme's --panel colour so the file is not transparent in viewers with a different background.
 */
export function svgToString(svg: SVGSVGElement, caption?: ExportCaption): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const live = [svg, ...svg.querySelectorAll('*')];
  const copies = [clone, ...clone.querySelectorAll('*')];
  const styles = new Map<Element, CSSStyleDeclaration>();
  live.forEach((el, k) => {
    const copy = copies[k];
    if (!copy) return;
    const cs = getComputedStyle(el);
    styles.set(el, cs);
    const parent = el === svg || !el.parentElement ? undefined : styles.get(el.parentElement);
    const declared = copy.getAttribute('style') ?? '';
    copy.removeAttribute('style');
    if (copy instanceof SVGElement) {
      for (const prop of INHERITED) {
        const v = cs.getPropertyValue(prop);
        // Re-state a value when it differs from the parent's, or when the element declared it (an attribute such
        // as d3-axis's fill="currentColor" would otherwise resolve against the export's missing colour).
        if (
          !v ||
          (parent && parent.getPropertyValue(prop) === v && !copy.hasAttribute(prop) && !declared.includes(prop))
        )
          continue;
        copy.style.setProperty(prop, v);
        copy.removeAttribute(prop);
      }
      const opacity = cs.getPropertyValue('opacity');
      if (opacity && opacity !== '1') copy.style.setProperty('opacity', opacity);
      if (cs.getPropertyValue('display') === 'none') copy.style.setProperty('display', 'none');
    }
  });

  const { width, height } = exportSize(svg, caption);
  clone.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const vb = svg.viewBox?.baseVal;
  const x0 = vb && vb.width > 0 ? vb.x : 0;
  const y0 = vb && vb.height > 0 ? vb.y : 0;
  if (caption) addCaption(clone, svg, caption, x0, y0, width);
  clone.setAttribute('viewBox', `${x0} ${y0} ${width} ${height}`);
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('x', String(x0));
  bg.setAttribute('y', String(y0));
  bg.setAttribute('width', String(width));
  bg.setAttribute('height', String(height));
  bg.setAttribute('fill', getComputedStyle(svg).getPropertyValue('--panel').trim() || '#ffffff');
  // Behind everything, after a <title> (which must stay the first child).
  clone.insertBefore(bg, [...clone.children].find((c) => c.localName !== 'title') ?? null);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** Lines of the caption's subtitle at a chart width (about 6 px per character of 11 px text). */
function subtitleLines(caption: ExportCaption, width: number): string[] {
  return caption.subtitle ? wrapLines(caption.subtitle, width - 2 * CAPTION_PAD, { charW: 6, maxLines: 6 }) : [];
}

const CAPTION_PAD = 8;
const TITLE_H = 22;
const LINE_H = 14;

/** Height of the caption band above the chart, CSS px (0 without a caption). */
function captionHeight(caption: ExportCaption | undefined, width: number): number {
  return caption ? TITLE_H + subtitleLines(caption, width).length * LINE_H + 6 : 0;
}

/** The exported image's size: the chart plus the caption band. */
function exportSize(svg: SVGSVGElement, caption?: ExportCaption): { width: number; height: number } {
  const { width, height } = svgSize(svg);
  return { width, height: height + captionHeight(caption, width) };
}

/**
 * Moves the chart down by the caption band and writes the title and subtitle above it (as text, so the SVG stays
 * searchable), plus a <title> element with both for viewers that show one.
 */
function addCaption(
  clone: SVGSVGElement,
  live: SVGSVGElement,
  caption: ExportCaption,
  x0: number,
  y0: number,
  width: number,
) {
  const band = captionHeight(caption, width);
  const body = document.createElementNS(SVG_NS, 'g');
  body.setAttribute('transform', `translate(0,${band})`);
  body.append(...clone.childNodes);
  const cs = getComputedStyle(live);
  const text = (s: string, y: number, size: number, colour: string, weight = '400') => {
    const t = document.createElementNS(SVG_NS, 'text');
    t.setAttribute('x', String(x0 + CAPTION_PAD));
    t.setAttribute('y', String(y0 + y));
    t.style.setProperty('font-family', cs.fontFamily);
    t.style.setProperty('font-size', `${size}px`);
    t.style.setProperty('font-weight', weight);
    t.style.setProperty('fill', colour);
    t.textContent = s;
    return t;
  };
  const fg = cs.getPropertyValue('--fg').trim() || '#000000';
  const muted = cs.getPropertyValue('--muted').trim() || '#555555';
  const title = document.createElementNS(SVG_NS, 'title');
  title.textContent = caption.subtitle ? `${caption.title} — ${caption.subtitle}` : caption.title;
  const head = document.createElementNS(SVG_NS, 'g');
  head.setAttribute('class', 'export-caption');
  head.append(text(caption.title, 16, 13, fg, '600'));
  subtitleLines(caption, width).forEach((line, k) => {
    head.append(text(line, TITLE_H + 10 + k * LINE_H, 11, muted));
  });
  clone.replaceChildren(title, head, body);
}

/** Saves a Blob as a file through a temporary link (the URL is revoked once the download has started). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadText(filename: string, text: string, mime = 'text/plain'): void {
  downloadBlob(new Blob([text], { type: `${mime};charset=utf-8` }), filename);
}

export function downloadSvg(svg: SVGSVGElement, filename: string, caption?: ExportCaption): void {
  downloadText(withExt(filename, 'svg'), svgToString(svg, caption), 'image/svg+xml');
}

/**
 * Rasterises the chart at `scale`× its CSS size (2 = sharp on high-DPI screens and in slides): the serialised SVG
 * is loaded as an Image from a Blob URL (same origin, so the canvas stays untainted), drawn, then encoded as PNG.
 */
export async function downloadPng(
  svg: SVGSVGElement,
  filename: string,
  caption?: ExportCaption,
  scale = 2,
): Promise<void> {
  const { width, height } = exportSize(svg, caption);
  const url = URL.createObjectURL(new Blob([svgToString(svg, caption)], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The chart could not be rendered as an image.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('Canvas 2D is not available in this browser.');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))), 'image/png'),
    );
    downloadBlob(blob, withExt(filename, 'png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

function withExt(name: string, ext: string): string {
  return name.toLowerCase().endsWith(`.${ext}`) ? name : `${name}.${ext}`;
}
