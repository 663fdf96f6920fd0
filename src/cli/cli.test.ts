import { describe, expect, it } from 'vitest';
import { main } from './main';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cli workloads', () => {
  it('--json lists every zoo model with derived totals', async () => {
    const r = await run(['workloads', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { id: string; macs: number; params: number; layers: number }[];
    const v2 = rows.find((x) => x.id === 'mobilenet_v2');
    expect(v2?.params).toBe(3_504_872);
    expect(Math.abs((v2?.macs ?? 0) / 300.77e6 - 1)).toBeLessThan(0.005);
    expect(rows.length).toBeGreaterThanOrEqual(26);
  });

  it('--import FILE --json returns the imported workload with its layers', async () => {
    const r = await run(['workloads', '--import', 'test/fixtures/keras-vgg16.json', '--json']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out) as { params: number; layers: { name: string; op: string; macs: number }[] };
    expect(obj.params).toBe(138_357_544);
    expect(obj.layers.filter((l) => l.op === 'conv')).toHaveLength(13);
  });

  it('bad flags and files exit 2 with one line naming the problem', async () => {
    for (const argv of [
      ['workloads', '--frob'],
      ['workloads', '--input', 'abc'],
      ['workloads', '--import', 'does/not/exist.csv'],
      ['workloads', '--import'],
      ['nosuchcommand'],
    ]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.split('\n')).toHaveLength(1);
    }
    expect((await run(['workloads', '--frob'])).err).toContain('--frob');
    expect((await run(['workloads', '--input', 'abc'])).err).toContain('--input');
  });
});

describe('cli as a process', () => {
  it('exits with code 2 and one stderr line for a bad flag', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'workloads', '--frob'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--frob');
  });
});
