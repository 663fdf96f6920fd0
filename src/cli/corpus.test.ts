import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli';
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
