import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The app's Content-Security-Policy (vite.config.ts) forbids inline script and eval, and no URL or
 * file content may ever reach the DOM as HTML (README, Permalinks). This scan keeps the sources
 * honest: an HTML sink or a string-to-code call fails the build here, before it fails in a browser.
 */
const ROOT = join(import.meta.dirname, '..');
const DIRS = ['src', 'workers'];
const SELF = 'src/security.test.ts';

const FORBIDDEN: readonly { name: string; re: RegExp }[] = [
  { name: 'innerHTML', re: /\binnerHTML\b/ },
  { name: 'outerHTML', re: /\bouterHTML\b/ },
  { name: 'insertAdjacentHTML', re: /\binsertAdjacentHTML\b/ },
  { name: 'dangerouslySetInnerHTML', re: /\bdangerouslySetInnerHTML\b/ },
  { name: 'createContextualFragment', re: /\bcreateContextualFragment\b/ },
  { name: 'srcdoc', re: /\bsrcdoc\b/i },
  { name: 'document.write', re: /\bdocument\s*\.\s*write(ln)?\b/ },
  { name: 'eval(', re: /(^|[^\w$.])eval\s*\(/ },
  { name: 'new Function', re: /\bnew\s+Function\b/ },
  { name: 'Function(', re: /(?<![\w$.]|new\s+)Function\s*\(/ },
  { name: 'string timer', re: /\bset(Timeout|Interval)\s*\(\s*['"`]/ },
  { name: 'javascript: URL', re: /['"`]\s*javascript:/i },
  // d3's selection.html(…) sets innerHTML.
  { name: 'd3 .html(', re: /\.html\s*\(/ },
];

/**
 * d3-dsv's csvParse / tsvParse / dsvFormat(…).parse build each row object with `new Function`,
 * which the CSP blocks (EvalError). Code that runs in the browser parses with csvParseRows; the
 * CLI may use them.
 */
const DSV_OBJECT_PARSE = /\b(csvParse|tsvParse|dsvFormat)\b(?!Rows)/;
const BROWSER_ENTRIES = [
  'src/main.tsx',
  'workers/eval.worker.ts',
  'workers/prime.worker.ts',
  'workers/sim.worker.ts',
  'workers/study.worker.ts',
];

/** Module specifiers a file imports at run time (type-only imports and re-exports are erased by the compiler). */
function runtimeImports(src: string): string[] {
  const code = stripComments(src);
  const out: string[] = [];
  const stmt = /\b(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g;
  for (const m of code.matchAll(stmt)) {
    if (m[5]) {
      out.push(m[5]);
      continue;
    }
    if (m[2]) continue;
    const names = /\{([^}]*)\}/.exec(m[3] ?? '')?.[1];
    const onlyTypes =
      names !== undefined &&
      !/^[\w$]|\*/.test((m[3] ?? '').trim()) &&
      names
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)
        .every((n) => n.startsWith('type '));
    if (!onlyTypes) out.push(m[4] as string);
  }
  return out;
}

/** Files of ours an entry loads at run time, and the packages they import. */
function reachable(entry: string): { files: string[]; packages: Set<string>; chain: (f: string) => string } {
  const seen = new Set<string>();
  const parent = new Map<string, string>();
  const packages = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const f = stack.pop() as string;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const spec of runtimeImports(readFileSync(join(ROOT, f), 'utf8'))) {
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string));
        continue;
      }
      const base = join(dirname(f), spec).replaceAll('\\', '/');
      const hit = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((c) => files.includes(c));
      if (!hit) {
        if (!/\.(css|json|svg)$/.test(spec)) throw new Error(`${f}: cannot resolve ${spec}`);
        continue;
      }
      if (!seen.has(hit) && !parent.has(hit)) parent.set(hit, f);
      stack.push(hit);
    }
  }
  /** How the entry reaches `f`: "entry → … → f". */
  const chain = (f: string): string => {
    const path = [f];
    for (let p = parent.get(f); p; p = parent.get(p)) path.unshift(p);
    return path.join(' → ');
  };
  return { files: [...seen], packages, chain };
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

/** Source without comments (they may name the forbidden calls to explain why they are absent). */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|\s)\/\/.*$/gm, '$1');
}

/** "file:line: what" for every forbidden construct in `src`. */
function findings(file: string, src: string, rules = FORBIDDEN): string[] {
  const out: string[] = [];
  stripComments(src)
    .split('\n')
    .forEach((line, i) => {
      for (const r of rules) if (r.re.test(line)) out.push(`${file}:${i + 1}: ${r.name}`);
    });
  return out;
}

const files = DIRS.flatMap((d) => sourceFiles(join(ROOT, d)))
  .map((p) => relative(ROOT, p).replaceAll('\\', '/'))
  .filter((f) => f !== SELF);

describe('no HTML sinks or string-to-code in src/ and workers/', () => {
  it('scans a real tree', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('src/main.tsx');
    expect(files.some((f) => f.startsWith('workers/'))).toBe(true);
  });

  it('the detector catches each construct and ignores comments and look-alikes', () => {
    const bad = [
      'el.innerHTML = s;',
      'x.outerHTML',
      "el.insertAdjacentHTML('beforeend', s)",
      '<div dangerouslySetInnerHTML={{ __html: s }} />',
      'range.createContextualFragment(s)',
      "frame.setAttribute('srcdoc', s)",
      'document.write(s)',
      'const v = eval(s);',
      "const f = new Function('a', s);",
      "const g = Function('return this')();",
      "setTimeout('alert(1)', 0)",
      "a.href = 'javascript:alert(1)'",
      "select(el).html('<b>' + s + '</b>')",
    ];
    for (const line of bad) expect(findings('x.ts', line), line).toHaveLength(1);
    const fine = [
      '// never use innerHTML here',
      '/* eval( and new Function are forbidden */',
      'const r = retrieval(x); evaluate(d); makeTrainFunction(); obj.eval(x);',
      "fetch('https://example.org/a')",
      'setTimeout(() => go(), 0)',
    ];
    for (const line of fine) expect(findings('x.ts', line), line).toEqual([]);
  });

  it('no source file uses them', () => {
    const found = files.flatMap((f) => findings(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('follows run-time imports and skips type-only ones', () => {
    expect(
      runtimeImports(
        [
          "import type { A } from './a';",
          "import { type B, type C } from './b';",
          "import { type D, e } from './e';",
          "import f, { type G } from './f';",
          "export { h } from './h';",
          "export type { I } from './i';",
          "import './side-effect';",
          "const m = await import('./lazy');",
        ].join('\n'),
      ),
    ).toEqual(['./e', './f', './h', './side-effect', './lazy']);
    const main = reachable('src/main.tsx');
    expect(main.files).toContain('src/ui/App.tsx');
    expect(main.packages).toContain('react');
  });

  it('no code that runs in the browser parses CSV into objects with d3-dsv (it compiles code at run time)', () => {
    const rule = [{ name: 'd3-dsv object parse (new Function, blocked by the CSP)', re: DSV_OBJECT_PARSE }];
    expect(findings('x.ts', "import { csvParse } from 'd3-dsv';", rule)).toHaveLength(1);
    expect(findings('x.ts', "import { csvParseRows, csvFormat } from 'd3-dsv';", rule)).toEqual([]);
    const browser = [...new Set(BROWSER_ENTRIES.flatMap((e) => reachable(e).files))].sort();
    expect(browser).toContain('src/core/sim/index.ts');
    const found = browser.flatMap((f) => findings(f, readFileSync(join(ROOT, f), 'utf8'), rule));
    expect(found).toEqual([]);
  });

  it('the page does not load TensorFlow.js (it belongs in the PRIME worker)', () => {
    // tfjs on the page costs ~900 kB of the main chunk, and its bundled long.js probes WebAssembly
    // at start-up, which the policy reports as a violation.
    const main = reachable('src/main.tsx');
    const tf = [...main.packages].filter((p) => p.startsWith('@tensorflow/'));
    const via = main.files
      .filter((f) => runtimeImports(readFileSync(join(ROOT, f), 'utf8')).some((s) => s.startsWith('@tensorflow/')))
      .map(main.chain);
    expect({ tf, via }).toEqual({ tf: [], via: [] });
    expect(reachable('workers/prime.worker.ts').packages).toContain('@tensorflow/tfjs');
  });

  it('the page does not load apache-arrow either: Arrow logged-data files go to the PRIME worker as bytes', () => {
    const main = reachable('src/main.tsx');
    expect([...main.packages].filter((p) => p === 'apache-arrow')).toEqual([]);
    expect(main.files).toContain('src/core/prime/arrow-magic.ts');
    const worker = reachable('workers/prime.worker.ts').packages;
    expect(worker).toContain('apache-arrow');
    expect(worker).toContain('@tensorflow/tfjs-backend-wasm');
  });
});
