import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli';

describe('cli workloads', () => {
  it('--json lists every zoo model with derived totals', async () => {
    const r = await runCli(['workloads', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { id: string; macs: number; params: number; layers: number }[];
    const v2 = rows.find((x) => x.id === 'mobilenet_v2');
    expect(v2?.params).toBe(3_504_872);
    expect(Math.abs((v2?.macs ?? 0) / 300.77e6 - 1)).toBeLessThan(0.005);
    expect(rows.length).toBeGreaterThanOrEqual(26);
  });

  it('--import FILE --json returns the imported workload with its layers', async () => {
    const r = await runCli(['workloads', '--import', 'test/fixtures/keras-vgg16.json', '--json']);
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
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.split('\n')).toHaveLength(1);
    }
    expect((await runCli(['workloads', '--frob'])).err).toContain('--frob');
    expect((await runCli(['workloads', '--input', 'abc'])).err).toContain('--input');
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

describe('cli simulate', () => {
  it('--json prints the DESIGN.md contract with per-layer rows', async () => {
    const r = await runCli(['simulate', '--workload', 'resnet50', '--input', '299', '--preset', 'coral', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out) as {
      feasible: boolean;
      reasons: string[];
      latencyMs: number;
      latencyCycles: number;
      energyMj: number;
      areaMm2: number;
      layers: {
        name: string;
        op: string;
        macs: number;
        computeCycles: number;
        memoryCycles: number;
        cycles: number;
        dramBytes: number;
      }[];
    };
    expect(o.feasible).toBe(true);
    // Coral USB Accelerator, ResNet-50 V1 at 299×299: 49 ms (REFERENCE.md §3), ±30 %
    expect(Math.abs(o.latencyMs / 49 - 1)).toBeLessThan(0.3);
    expect(o.layers).toHaveLength(72);
    const macs = o.layers.reduce((a, l) => a + l.macs, 0);
    expect(macs).toBeGreaterThan(4089.18e6 * (299 / 224) ** 2 * 0.95);
    for (const l of o.layers) expect(l.cycles).toBeGreaterThanOrEqual(Math.max(l.computeCycles, 0));
  });

  it('takes a SCALE-Sim CSV on the systolic template with --set', async () => {
    const r = await runCli([
      'simulate',
      '--workload',
      'test/fixtures/scalesim-mobilenet.csv',
      '--template',
      'systolic',
      '--set',
      'dataflow=is,rows=16',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).design).toMatchObject({ dataflow: 'is', rows: 16 });
  });

  it('names the key for unknown keys, off-range values and malformed --set', async () => {
    const cases: [string[], string][] = [
      [['--set', 'foo=1'], 'foo'],
      [['--set', 'lanes=100000'], 'lanes'],
      [['--set', 'lanes'], 'lanes'],
      [['--set', 'peX=abc'], 'peX'],
      [['--template', 'systolic', '--set', 'dataflow=xyz'], 'dataflow'],
      [['--preset', 'nope'], '--preset'],
      [['--template', 'systolic', '--preset', 'coral'], 'coral'],
      [['--input', '5'], '--input'],
    ];
    for (const [extra, needle] of cases) {
      const r = await runCli(['simulate', '--workload', 'mobilenet_v2', ...extra]);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.err, extra.join(' ')).toContain(needle);
      expect(r.err.split('\n')).toHaveLength(1);
    }
    expect((await runCli(['simulate'])).code).toBe(2);
    expect((await runCli(['simulate', '--workload', 'alexnet'])).err).toContain('alexnet');
  });
});
