import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layering of README.md ("Layers") held by a test rather than by convention. Every source
 * file's imports (type-only ones too: a type import is still a dependency on that layer) are read
 * with the TypeScript parser and resolved to a folder; a rule below names what each layer may not
 * reach. A second check walks every `new Worker(…)`: only src/bridge owns browser workers, and the
 * CLI's node-pool its worker_threads.
 */
const ROOT = join(import.meta.dirname, '..');
const DIRS = ['src', 'workers'];

/** Files a layer rule applies to: tests may reach across layers (node:fs fixtures, CLI runners). */
const isTest = (f: string) => /\.test\.tsx?$/.test(f);

interface Rule {
  /** Layer the importing file is in (path prefix from the repo root). */
  from: string;
  /** Whether an import target (repo-relative path, or a bare package / node: specifier) is forbidden. */
  forbids: (target: string) => boolean;
  why: string;
}

const outside = (prefix: string) => (t: string) =>
  t.startsWith('src/') || t.startsWith('workers/') ? !t.startsWith(prefix) : false;

const RULES: readonly Rule[] = [
  {
    from: 'src/core/',
    forbids: (t) => outside('src/core/')(t) || t.startsWith('node:'),
    why: 'src/core is pure: it imports only src/core and pure packages',
  },
  {
    from: 'src/charts/',
    forbids: (t) => t.startsWith('src/ui/') || t.startsWith('src/state/') || t.startsWith('src/bridge/'),
    why: 'src/charts draws what it is given: no src/ui, src/state or src/bridge',
  },
  {
    from: 'src/state/',
    forbids: (t) => t.startsWith('src/charts/') || t.startsWith('src/ui/'),
    why: 'src/state holds data, not drawing: no src/charts or src/ui',
  },
  {
    from: 'src/bridge/',
    forbids: (t) => t.startsWith('src/state/') || t.startsWith('src/ui/') || t.startsWith('src/charts/'),
    why: 'src/bridge wraps workers for src/state: no src/state, src/ui or src/charts',
  },
  {
    from: 'workers/',
    forbids: outside('src/core/'),
    why: 'workers are a thin Comlink expose of a core API: they import only src/core',
  },
];

/** Files that may construct a Worker: the browser bridges, and the CLI's worker_threads pool. */
const WORKER_OWNERS = [/^src\/bridge\//, /^src\/cli\/node-pool\.ts$/];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Repo-relative path (without extension) of a relative specifier, or the specifier itself for packages. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return relative(ROOT, resolve(dirname(join(ROOT, file)), spec)).replaceAll('\\', '/');
}

/** Every module specifier `src` imports or re-exports, type-only and dynamic imports included. */
function importsOf(src: string): string[] {
  return ts.preProcessFile(src, true, true).importedFiles.map((f) => f.fileName);
}

/** 1-based lines of `new Worker(…)` / `new SharedWorker(…)` in `src`. */
function workerConstructions(file: string, src: string): number[] {
  const sf = ts.createSourceFile(file, src, ts.ScriptTarget.Latest, false);
  const lines: number[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && /^(Shared)?Worker$/.test(n.expression.text))
      lines.push(sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return lines;
}

/** Layering violations of one file, as "file → target: why" lines. */
function violations(file: string, src: string): string[] {
  const out: string[] = [];
  if (!isTest(file)) {
    for (const spec of importsOf(src)) {
      const t = target(file, spec);
      for (const r of RULES) if (file.startsWith(r.from) && r.forbids(t)) out.push(`${file} → ${spec}: ${r.why}`);
    }
  }
  if (!WORKER_OWNERS.some((re) => re.test(file)))
    for (const line of workerConstructions(file, src))
      out.push(`${file}:${line} constructs a Worker: only src/bridge (and src/cli/node-pool.ts) may`);
  return out;
}

const FILES = DIRS.flatMap((d) => sources(join(ROOT, d))).map((p) => relative(ROOT, p).replaceAll('\\', '/'));

describe('layering', () => {
  it('reads the sources (the scan is not vacuous)', () => {
    expect(FILES).toContain('src/charts/roofline.ts');
    expect(FILES).toContain('workers/sim.worker.ts');
    expect(FILES.filter((f) => f.startsWith('src/core/')).length).toBeGreaterThan(50);
  });

  it('each rule catches the import it forbids, and resolves specifiers from the importing file', () => {
    expect(violations('src/charts/x.ts', "import { opColor } from '../ui/format';")).toEqual([
      `src/charts/x.ts → ../ui/format: ${RULES[1]?.why}`,
    ]);
    expect(violations('src/state/x.ts', "import type { S } from '../charts/convergence';")).toHaveLength(1);
    expect(violations('src/core/sim/x.ts', "export { a } from '../../state/store';")).toHaveLength(1);
    expect(violations('src/core/sim/x.ts', "import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(violations('src/core/sim/x.ts', "import { a } from '../arch/index';")).toEqual([]);
    expect(violations('workers/x.worker.ts', "import { a } from '../src/state/store';")).toHaveLength(1);
    expect(violations('src/state/x.ts', "const w = new Worker(new URL('./w.ts', import.meta.url));")).toEqual([
      'src/state/x.ts:1 constructs a Worker: only src/bridge (and src/cli/node-pool.ts) may',
    ]);
    expect(violations('src/bridge/x.ts', "const w = new Worker('w.js');")).toEqual([]);
    expect(violations('src/state/x.ts', 'const p = new WorkerPool({});')).toEqual([]);
  });

  it('no source file crosses a layer or constructs a Worker outside src/bridge', () => {
    const found = FILES.flatMap((f) => violations(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });
});
