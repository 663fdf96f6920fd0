import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli';
import { CostModel } from '../core/corpus/cost-model';
import { costData } from '../core/corpus/cost-study';
import { classDesigns } from '../core/corpus/evaluate';
import { initPrimeBackend } from '../core/prime/backend';
import { spaceNetwork } from '../core/workload/space/index';
import { corpusHeader } from './corpus';

interface CorpusJson {
  networks: number;
  unique: number;
  classes: Record<string, { medianLatencyMs: number; p90LatencyMs: number; medianEnergyMj: number }>;
  insights: string[];
}

describe('cli corpus', () => {
  it('--json gives per-class medians and insight sentences for N networks', async () => {
    const r = await runCli([
      'corpus',
      '--space',
      'edgetpu-nas',
      '--count',
      '24',
      '--seed',
      '3',
      '--classes',
      'v1,v3',
      '--workers',
      '0',
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as CorpusJson;
    expect(j.networks).toBe(24);
    expect(j.unique).toBe(24);
    expect(Object.keys(j.classes)).toEqual(['v1', 'v3']);
    for (const c of Object.values(j.classes)) {
      expect(c.medianLatencyMs).toBeGreaterThan(0);
      expect(c.p90LatencyMs).toBeGreaterThanOrEqual(c.medianLatencyMs);
      expect(Number.isFinite(c.medianEnergyMj)).toBe(true);
    }
    expect(j.insights.some((s) => s.startsWith('On V3,'))).toBe(true);
  });

  it('shards written with --out (threads or not) concatenate to the unsharded file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    const base = ['corpus', '--count', '10', '--seed', '8', '--classes', 'v2'];
    expect((await runCli([...base, '--workers', '0', '--out', join(dir, 'all.csv')])).code).toBe(0);
    expect((await runCli([...base, '--workers', '1', '--shard', '0/2', '--out', join(dir, 's0.csv')])).code).toBe(0);
    expect((await runCli([...base, '--workers', '0', '--shard', '1/2', '--out', join(dir, 's1.csv')])).code).toBe(0);
    const all = readFileSync(join(dir, 'all.csv'), 'utf8');
    expect(readFileSync(join(dir, 's0.csv'), 'utf8') + readFileSync(join(dir, 's1.csv'), 'utf8')).toBe(all);
    const lines = all.trim().split('\n');
    expect(lines[0]).toBe(corpusHeader(['v2']).join(','));
    expect(lines).toHaveLength(11);
  });

  it('bad flags exit 2 with one line naming the flag', async () => {
    const cases: [string[], string][] = [
      [['--count', 'abc', '--seed', '1'], '--count'],
      [['--seed', '1'], '--count'],
      [['--count', '5'], '--seed'],
      [['--count', '5', '--seed', '1', '--classes', 'v1,v9'], '--classes'],
      [['--count', '5', '--seed', '1', '--space', 'imagenet'], '--space'],
      [['--count', '5', '--seed', '1', '--shard', '3/2'], '--shard'],
      [['--count', '5', '--seed', '1', '--frob'], '--frob'],
    ];
    for (const [argv, flag] of cases) {
      const r = await runCli(['corpus', ...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toContain(flag);
    }
  });
});

describe('cli corpus --model (the learned cost model as the evaluator)', () => {
  it('predicts with one model per class, simulates a sample as a check, and marks everything predicted', async () => {
    await initPrimeBackend();
    const dir = mkdtempSync(join(tmpdir(), 'corpus-model-'));
    const files: string[] = [];
    for (const cls of classDesigns(['v1', 'v3'])) {
      const train = Array.from({ length: 120 }, (_, i) => spaceNetwork('edgetpu-nas', 5, 500 + i).workload);
      const d = costData(train, cls);
      const m = await CostModel.train(d.x, d.y, d.n, { classId: cls.id, design: cls.design }, { seed: 2, epochs: 20 });
      const file = join(dir, `${cls.id}.json`);
      writeFileSync(file, JSON.stringify(m.toJSON()));
      files.push(file);
    }
    const base = ['corpus', '--count', '40', '--seed', '5', '--workers', '0', '--model', files.join(',')];
    const r = await runCli([...base, '--check-every', '4', '--out', join(dir, 'p.csv'), '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as CorpusJson & {
      evaluator: string;
      predicted: boolean;
      check: { every: number; classes: Record<string, { checked: number; latency: { mape: number } }> };
    };
    expect(j.evaluator).toBe('model');
    expect(j.predicted).toBe(true);
    expect(Object.keys(j.classes)).toEqual(['v1', 'v3']);
    expect(j.check.every).toBe(4);
    // Networks 0, 4, …, 36 are simulated: 10 checks per class (all compile on these classes).
    for (const c of Object.values(j.check.classes)) {
      expect(c.checked).toBe(10);
      expect(c.latency.mape).toBeGreaterThan(0);
    }
    for (const s of j.insights) expect(s).toMatch(/^Predicted by the learned model: /);
    const csv = readFileSync(join(dir, 'p.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(corpusHeader(['v1', 'v3'], true).join(','));
    expect(csv[0]).toContain('v1_predictedLatencyMs');
    expect(csv[0]).not.toContain('v1_latencyMs');
    expect(csv).toHaveLength(41);
    // Threads give the same corpus as this thread (the model travels in each worker's init).
    const t = await runCli([...base, '--check-every', '4', '--workers', '1', '--json']);
    expect(JSON.parse(t.out).classes).toEqual(j.classes);
    const badFile = join(dir, 'bad.json');
    writeFileSync(badFile, JSON.stringify({ format: 'x', classId: 'v1' }));
    const bad: [string[], string][] = [
      [['--model', join(dir, 'missing.json')], '--model: cannot read'],
      [['--model', join(dir, 'p.csv')], 'not a JSON file'],
      [['--model', badFile], 'cost model format'],
      [['--model', files.join(','), '--classes', 'v3,v1'], '--model: models[0].classId'],
      [['--model', files[0] as string, '--classes', 'v2'], '--model: models[0].classId'],
      [['--check-every', '3'], '--check-every needs --model'],
      [['--model', files.join(','), '--check-every', '-1'], '--check-every'],
    ];
    for (const [argv, msg] of bad) {
      const e = await runCli(['corpus', '--count', '5', '--seed', '1', '--workers', '0', ...argv]);
      expect(e.code, argv.join(' ')).toBe(2);
      expect(e.err.split('\n')).toHaveLength(1);
      expect(e.err).toContain(msg);
    }
  }, 180_000);
});
