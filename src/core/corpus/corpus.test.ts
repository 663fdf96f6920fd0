import { describe, expect, it } from 'vitest';
import { kendallTau } from '../analysis/stats';
import { EDGETPU } from '../arch/edgetpu';
import { Rng } from '../opt/rng';
import { evaluate } from '../sim/evaluate';
import { spaceNetwork } from '../workload/space/index';
import { allocBatch, type CorpusBatch, concatBatches } from './batch';
import { classDesigns, createCorpusEvaluator } from './evaluate';
import { summarizeCorpus } from './insights';
import { CorpusRunner } from './runner';
import { CorpusStore } from './store';

function bruteTau(x: number[], y: number[]): number {
  let s = 0;
  let tx = 0;
  let ty = 0;
  const n = x.length;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const a = Math.sign((x[i] as number) - (x[j] as number));
      const b = Math.sign((y[i] as number) - (y[j] as number));
      s += a * b;
      if (a !== 0) tx++;
      if (b !== 0) ty++;
    }
  return s / Math.sqrt(tx * ty);
}

describe('kendallTau', () => {
  it('equals the O(n²) τ-b on samples with ties', () => {
    const rng = new Rng(5);
    for (const n of [2, 7, 50, 301]) {
      const x = Array.from({ length: n }, () => rng.int(10));
      const y = x.map((v) => v + rng.int(6));
      expect(kendallTau(x, y)).toBeCloseTo(bruteTau(x, y), 12);
    }
    expect(kendallTau([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(kendallTau([1, 1], [1, 2])).toBeNaN();
  });
});

describe('corpus evaluator', () => {
  const classes = classDesigns(['v1', 'v3']);
  const ev = createCorpusEvaluator({ space: 'edgetpu-nas', seed: 4, classes });

  it('rows equal the simulator on the built networks; time and MACs by block type add up', () => {
    const b = ev.evaluate(Int32Array.from([0, 5, 9]));
    expect(b.n).toBe(3);
    [0, 5, 9].forEach((idx, i) => {
      const wl = spaceNetwork('edgetpu-nas', 4, idx).workload;
      classes.forEach((c, ci) => {
        const t = evaluate(EDGETPU, c.design, wl).totals;
        const r = i * 2 + ci;
        expect(b.cls.latencyMs[r]).toBe(t.latencyMs);
        expect(b.cls.energyMj[r]).toBe(t.energyMj);
        expect(b.cls.dramBytes[r]).toBe(t.dramBytes);
        const inBlocks = (b.cls.msIbn[r] as number) + (b.cls.msFused[r] as number) + (b.cls.msGroup[r] as number);
        const byKernel = (b.cls.msK3[r] as number) + (b.cls.msK5[r] as number) + (b.cls.msK7[r] as number);
        expect(inBlocks).toBeLessThan(t.latencyMs);
        expect(byKernel).toBeCloseTo(inBlocks, 9);
        expect(b.cls.memoryBoundShare[r]).toBeGreaterThanOrEqual(0);
        expect(b.cls.memoryBoundShare[r]).toBeLessThanOrEqual(1);
      });
      const inBlocks = (b.net.macsIbn[i] as number) + (b.net.macsFused[i] as number) + (b.net.macsGroup[i] as number);
      expect(inBlocks).toBeLessThan(b.net.macs[i] as number);
      expect((b.net.mixIbn[i] as number) + (b.net.mixFused[i] as number) + (b.net.mixGroup[i] as number)).toBeCloseTo(
        1,
        12,
      );
    });
  });

  it('parameters fit on V1 (8 MiB) exactly when the simulator streams none of them', () => {
    const b = ev.evaluate(Int32Array.from({ length: 20 }, (_, i) => i));
    let fits = 0;
    for (let i = 0; i < b.n; i++) {
      const wl = spaceNetwork('edgetpu-nas', 4, i).workload;
      const e = evaluate(EDGETPU, classes[0]?.design ?? {}, wl);
      // Without streamed parameters the DRAM traffic is activations only (input, output, spills).
      if (b.cls.paramsOnChip[i * 2] === 1) {
        fits++;
        expect(e.totals.dramBytes).toBeLessThan(b.net.weightBytes[i] as number);
      } else expect(e.totals.dramBytes).toBeGreaterThan(0);
    }
    expect(fits).toBeGreaterThan(0);
    expect(fits).toBeLessThan(20);
  });

  it('names the bad field of an init', () => {
    expect(() => classDesigns(['v9'])).toThrow(/classes: unknown class "v9"/);
    expect(() => createCorpusEvaluator({ space: 'nope' as never, seed: 1, classes })).toThrow(/^space:/);
    expect(() => createCorpusEvaluator({ space: 'edgetpu-nas', seed: 1.5, classes })).toThrow(/^seed:/);
  });
});

describe('corpus runner and store', () => {
  const ids = ['v1', 'v2'];
  const ev = createCorpusEvaluator({ space: 'edgetpu-nas', seed: 2, classes: classDesigns(ids) });
  const executor = { run: async (idx: Int32Array, n: number) => ev.evaluate(idx, n) };
  const spec = { space: 'edgetpu-nas', seed: 2, count: 40, classes: ids };

  it('pause, cancel and a resumed checkpoint give the rows of an uninterrupted run', async () => {
    const whole = new CorpusStore(spec);
    await new CorpusRunner({ store: whole, executor, batchSize: 8 }).run();
    expect(whole.length).toBe(40);

    const store = new CorpusStore(spec, 4);
    let runner: CorpusRunner | undefined;
    let seen = 0;
    let batches = 0;
    runner = new CorpusRunner({
      store,
      executor,
      batchSize: 8,
      pipelineDepth: 1,
      onProgress: (p) => {
        if (p.state !== 'running' || p.generated === seen) return;
        seen = p.generated;
        batches++;
        if (batches === 1) {
          runner?.pause();
          queueMicrotask(() => runner?.resume());
        }
        if (batches === 3) runner?.cancel();
      },
    });
    expect(await runner.run()).toBe('cancelled');
    expect(store.generated).toBe(24);
    const cp = structuredClone(store.checkpoint());
    expect(cp.next).toBe(24);
    const resumed = CorpusStore.fromCheckpoint(cp);
    expect(await new CorpusRunner({ store: resumed, executor, batchSize: 16 }).run()).toBe('done');
    expect(resumed.view()).toEqual(whole.view());
  });

  it('drops structural duplicates and counts them; a shard covers its index range', async () => {
    const s = new CorpusStore(spec);
    const b = ev.evaluate(Int32Array.from([1, 2, 3]));
    expect(s.append(b)).toBe(3);
    expect(s.append(concatBatches([b]))).toBe(0);
    expect([s.length, s.generated, s.duplicates]).toEqual([3, 6, 3]);
    const shard = new CorpusStore({ ...spec, shard: { index: 1, count: 3 } });
    await new CorpusRunner({ store: shard, executor, batchSize: 5 }).run();
    expect(Array.from(shard.view().index)).toEqual(Array.from({ length: 13 }, (_, i) => 13 + i));
  });
});

/** A synthetic two-class corpus: fused blocks `fusedPs` ps/MAC on v1, depthwise 10; class v2 `v2Factor` × v1's latency. */
function synthetic(fusedPs: number, v2Factor: number, offChipMem: number): CorpusBatch {
  const n = 40;
  const b = allocBatch(n, 2);
  for (let i = 0; i < n; i++) {
    const fusedNet = i % 2 === 0;
    b.hash[2 * i + 1] = i;
    b.net.macs[i] = 1e9 * (1 + i);
    b.net.mixFused[i] = fusedNet ? 1 : 0;
    b.net.mixIbn[i] = fusedNet ? 0 : 1;
    b.net.macsFused[i] = fusedNet ? 9e8 * (1 + i) : 0;
    b.net.macsIbn[i] = fusedNet ? 0 : 9e8 * (1 + i);
    b.net.macsK3[i] = 9e8 * (1 + i);
    const ms = (9e8 * (1 + i) * (fusedNet ? fusedPs : 10)) / 1e9;
    for (let c = 0; c < 2; c++) {
      const r = i * 2 + c;
      const f = c === 0 ? 1 : v2Factor;
      b.cls.feasible[r] = 1;
      b.cls.latencyMs[r] = (ms / 0.9) * f;
      b.cls.energyMj[r] = ms;
      b.cls[fusedNet ? 'msFused' : 'msIbn'][r] = ms * f;
      b.cls.msK3[r] = ms * f;
      b.cls.paramsOnChip[r] = i < 20 ? 1 : 0;
      b.cls.memoryBoundShare[r] = i < 20 ? 0.1 : offChipMem;
    }
  }
  return b;
}

describe('insight sentences come from the data', () => {
  it('change with the data: which block type is cheaper, by how much, which class wins', () => {
    const a = summarizeCorpus(synthetic(2, 0.5, 0.8), ['v1', 'v2']).insights;
    const b = summarizeCorpus(synthetic(40, 2, 0.3), ['v1', 'v2']).insights;
    expect(a).not.toEqual(b);
    expect(a).toContain(
      'On V1, fused-IBN blocks take 2.00 ps per MAC, 5.0× less than depthwise (IBN) blocks (10.00 ps).',
    );
    expect(b).toContain(
      'On V1, depthwise (IBN) blocks take 10.00 ps per MAC, 4.0× less than fused-IBN blocks (40.00 ps).',
    );
    expect(a).toContain(
      'On V1, networks whose parameters do not fit on chip spend 80 % of their cycles in memory-bound layers, against 10 % for the 50 % that fit.',
    );
    expect(b.some((s) => s.includes('spend 30 % of their cycles'))).toBe(true);
    expect(a).toContain('V2 is the fastest class for 100 % of the 20 fused-IBN-dominated networks.');
    expect(b).toContain('V1 is the fastest class for 100 % of the 20 fused-IBN-dominated networks.');
  });
});

describe('insight sentences about an empty or infeasible corpus', () => {
  it('say nothing before the first row, and name the class on which nothing compiles', () => {
    expect(summarizeCorpus(allocBatch(0, 2), ['v1', 'v2']).insights).toEqual([]);
    const b = synthetic(2, 0.5, 0.8);
    for (let i = 0; i < b.n; i++) b.cls.feasible[i * 2 + 1] = 0;
    const s = summarizeCorpus(b, ['v1', 'v2']).insights;
    expect(s).toContain('No network of the corpus compiles on V2.');
    expect(s.some((x) => x.startsWith('On V1,'))).toBe(true);
  });
});
