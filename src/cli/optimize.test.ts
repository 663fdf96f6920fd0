import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli';

interface OptimizeJson {
  best: { design: Record<string, number>; latencyMs: number; energyMj: number; areaMm2: number; feasible: boolean };
  history: { index: number; design: Record<string, number>; objective: number | null; feasible: boolean }[];
}

describe('cli optimize', () => {
  it('prints DESIGN.md JSON with exactly --budget history rows and a feasible best within the area limit', async () => {
    const r = await runCli([
      'optimize',
      '--workload',
      'mobilenet_v2',
      '--optimizer',
      'evolution',
      '--budget',
      '150',
      '--seed',
      '4',
      '--area-max',
      '27',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as OptimizeJson;
    expect(Object.keys(doc).sort()).toEqual(['best', 'history']);
    expect(doc.history).toHaveLength(150);
    expect(doc.history.map((h) => h.index)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(Object.keys(doc.best).sort()).toEqual(['areaMm2', 'design', 'energyMj', 'feasible', 'latencyMs']);
    expect(doc.best.feasible).toBe(true);
    expect(doc.best.areaMm2).toBeLessThanOrEqual(27);
    const feasible = doc.history.filter((h) => h.feasible).map((h) => h.objective as number);
    expect(doc.best.latencyMs).toBe(Math.min(...feasible));
    expect(Object.keys(doc.best.design)).toContain('peX');
  });

  it('same seed ⇒ identical output, in-process or on 2 worker threads; another seed differs', async () => {
    const base = [
      'optimize',
      '--workload',
      'mobilenet_v2',
      '--optimizer',
      'bo',
      '--budget',
      '40',
      '--seed',
      '5',
      '--json',
    ];
    const a = await runCli([...base, '--workers', '0']);
    const b = await runCli([...base, '--workers', '2']);
    const c = await runCli([...base.slice(0, -2), '6', '--json']);
    expect(b.out).toBe(a.out);
    expect(c.out).not.toBe(a.out);
  });

  it('writes every evaluation to --out and reads it back as --warm-start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'archscope-opt-'));
    const file = join(dir, 'run.csv');
    const r = await runCli([
      'optimize',
      '--workload',
      'mobilenet_v2',
      '--optimizer',
      'random',
      '--budget',
      '30',
      '--seed',
      '1',
      '--out',
      file,
    ]);
    expect(r.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(31);
    expect(lines[0]).toMatch(
      /^index,peX,peY,.*,objective,latencyMs,energyMj,areaMm2,powerW,violation,simFeasible,feasible$/,
    );
    const w = await runCli([
      'optimize',
      '--workload',
      'mobilenet_v1',
      '--optimizer',
      'evolution',
      '--budget',
      '20',
      '--seed',
      '1',
      '--warm-start',
      file,
    ]);
    expect(w.code).toBe(0);
    expect(w.out).toMatch(/warm start: 30 designs/);
  });

  it.each([
    [['--optimizer', 'sgd'], /--optimizer/],
    [['--budget', '0'], /--budget/],
    [['--area-max', 'x'], /--area-max/],
    [['--objective', 'speed'], /--objective/],
    [['--warm-start', '/nonexistent.csv'], /--warm-start/],
    [['--bogus', '1'], /bogus/],
  ])('bad flag %j exits 2 naming it', async (extra, re) => {
    const args = ['optimize', '--workload', 'mobilenet_v2', '--optimizer', 'random', '--budget', '5', '--seed', '1'];
    for (let i = 0; i < extra.length; i += 2) {
      const k = args.indexOf(extra[i] as string);
      if (k >= 0) args.splice(k, 2);
    }
    const r = await runCli([...args, ...extra]);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(re);
  });
});

describe('cli dataset', () => {
  it('shards concatenate to exactly the unsharded file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'archscope-ds-'));
    const base = ['dataset', '--workload', 'mobilenet_v2', '--count', '50', '--seed', '3'];
    expect((await runCli([...base, '--out', join(dir, 'all.csv')])).code).toBe(0);
    for (let i = 0; i < 3; i++)
      expect((await runCli([...base, '--out', join(dir, `s${i}.csv`), '--shard', `${i}/3`])).code).toBe(0);
    const all = readFileSync(join(dir, 'all.csv'), 'utf8');
    const cat = [0, 1, 2].map((i) => readFileSync(join(dir, `s${i}.csv`), 'utf8')).join('');
    expect(cat).toBe(all);
    const lines = all.trim().split('\n');
    expect(lines).toHaveLength(51);
    expect(lines[0]).toMatch(/^design,workload,peX,.*,simFeasible,feasible$/);
    // feasible implies the simulator accepted the design and the area is within the 27 mm² default budget
    const header = (lines[0] as string).split(',');
    for (const l of lines.slice(1)) {
      const v = l.split(',');
      if (v[header.indexOf('feasible')] === '1') {
        expect(v[header.indexOf('simFeasible')]).toBe('1');
        expect(Number(v[header.indexOf('areaMm2')])).toBeLessThanOrEqual(27);
      }
    }
  });

  it('rejects a bad shard', async () => {
    const r = await runCli([
      'dataset',
      '--workload',
      'mobilenet_v2',
      '--count',
      '5',
      '--seed',
      '1',
      '--out',
      '/tmp/x.csv',
      '--shard',
      '3/3',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--shard/);
  });
});
