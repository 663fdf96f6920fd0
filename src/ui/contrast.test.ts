import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../charts/pareto-math';

/**
 * WCAG 2.1 contrast of the theme colours in styles.css (success criteria 1.4.3 and 1.4.11): body and muted text
 * need 4.5:1 on both backgrounds, status colours and the accent (links, focus, buttons) 3:1 on panels.
 */
const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8');

/** Custom properties of the first rule whose selector matches exactly. */
function vars(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no rule ${selector}`);
  const body = css.slice(start, css.indexOf('}', start));
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\s*;/g)) out[m[1] as string] = m[2] as string;
  return out;
}

const light = vars(':root');
const themes = { light, dark: { ...light, ...vars(':root[data-theme="dark"]') } };

describe.each(Object.entries(themes))('%s theme', (_name, v) => {
  const c = (a: string, b: string) => {
    const fa = v[a];
    const fb = v[b];
    if (!fa || !fb) throw new Error(`missing ${a} or ${b}`);
    return contrastRatio(fa, fb);
  };
  it.each([
    ['--fg', '--panel'],
    ['--fg', '--bg'],
    ['--muted', '--panel'],
    ['--muted', '--bg'],
    // The active tab's label on its accent fill (issue 17: it was --bg on --accent, 4.35:1 in the light theme).
    ['--on-accent', '--accent'],
  ])('text %s on %s ≥ 4.5:1', (a, b) => {
    expect(c(a, b)).toBeGreaterThanOrEqual(4.5);
  });
  it.each([
    ['--accent', '--panel'],
    ['--error', '--panel'],
    ['--ok', '--panel'],
    ['--warn', '--panel'],
  ])('%s on %s ≥ 3:1', (a, b) => {
    expect(c(a, b)).toBeGreaterThanOrEqual(3);
  });
  // Classroom UI uses these as small text, so they need the text ratio: the challenge's "met" line (--ok), the
  // "cannot be saved" storage note (--warn), lock notes and table captions (--muted) on panels.
  it.each([
    ['--ok', '--panel'],
    ['--warn', '--panel'],
    ['--error', '--panel'],
  ])('text %s on %s ≥ 4.5:1 (classroom notes)', (a, b) => {
    expect(c(a, b)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('parser', () => {
  it('reads both themes and they differ', () => {
    expect(Object.keys(light).length).toBeGreaterThan(8);
    expect(themes.dark['--bg']).not.toBe(light['--bg']);
  });
});
