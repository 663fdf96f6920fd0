import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli';
import { CostModel } from '../core/corpus/cost-model';

describe('cli costmodel', () => {
  it('--json reports held-out and zoo accuracy and timings; --out exports a model that imports', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'costmodel-')), 'm.json');
    const r = await runCli([
      'costmodel',
      '--space',
      'edgetpu-nas',
      '--train',
      '80',
      '--test',
      '20',
      '--seed',
      '2',
      '--class',
      'v3',
      '--epochs',
      '10',
      '--json',
      '--out',
      file,
    ]);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as {
      heldOut: { mape: number; within10: number; kendall: number; networks: number };
      zoo: {
        mape: number;
        within10: number;
        kendall: number;
        models: { id: string; simulatedMs: number; predictedMs: number }[];
      };
      predictUsPerNetwork: number;
      simulateUsPerNetwork: number;
      liveTensors: number;
    };
    expect(j.heldOut.networks).toBe(20);
    for (const v of [
      j.heldOut.mape,
      j.heldOut.within10,
      j.heldOut.kendall,
      j.zoo.mape,
      j.predictUsPerNetwork,
      j.simulateUsPerNetwork,
    ])
      expect(Number.isFinite(v)).toBe(true);
    expect(j.heldOut.within10).toBeGreaterThanOrEqual(0);
    expect(j.heldOut.within10).toBeLessThanOrEqual(1);
    const mnv2 = j.zoo.models.find((m) => m.id === 'mobilenet_v2');
    expect(mnv2?.simulatedMs).toBeGreaterThan(0);
    expect(mnv2?.predictedMs).toBeGreaterThan(0);
    expect(j.liveTensors).toBe(0);
    expect(CostModel.fromJSON(JSON.parse(readFileSync(file, 'utf8'))).classId).toBe('v3');
  }, 60_000);

  it('bad flags exit 2 with one line naming the flag', async () => {
    const cases: [string[], string][] = [
      [['--train', 'x', '--test', '5', '--seed', '1'], '--train'],
      [['--train', '50', '--seed', '1'], '--test'],
      [['--train', '50', '--test', '5', '--seed', '1', '--class', 'v7'], '--class: unknown class'],
      [['--train', '50', '--test', '5', '--seed', '1', '--class', 'v1,v2'], '--class'],
      [['--train', '50', '--test', '5', '--seed', '1', '--space', 'x'], '--space'],
      [['--train', '50', '--test', '5', '--seed', '1', '--epochs', '0'], '--epochs'],
    ];
    for (const [argv, flag] of cases) {
      const r = await runCli(['costmodel', ...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toContain(flag);
    }
  });
});
