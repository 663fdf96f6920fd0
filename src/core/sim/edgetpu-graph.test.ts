import { describe, expect, it } from 'vitest';
import { EDGETPU, presetByName } from '../arch';
import type { Design } from '../arch/types';
import { NetBuilder } from '../workload/builder';
import type { Workload } from '../workload/workload';
import { buildZooModel } from '../workload/zoo';
import { compileWorkload } from './compile';
import { evaluate } from './evaluate';

const coral = (): Design => ({ ...(presetByName('coral')?.design ?? {}) });
const KiB = 1024;

/** conv 1×1 → two 3×3 convs → residual add with the first conv's output: a skip across two layers. */
function skipNet(skip: boolean): Workload {
  const input = { c: 32, h: 56, w: 56 };
  const b = new NetBuilder(input);
  b.conv(32, 1, { name: 'in' });
  const x = b.shape;
  b.conv(32, 3, { name: 'a' });
  b.conv(32, 3, { name: 'b' });
  b.eltwise(2, skip ? { name: 'add', skip: x } : { name: 'add' });
  return { id: 'skip', name: 'skip', input, layers: b.layers, source: { kind: 'zoo', builder: 'test', reference: '' } };
}

describe('edgetpu graph memory traffic (docs/simulator.md §2.1)', () => {
  // One PE of 256 KiB: a 32×56×56 int8 tensor is 100,352 B, a layer's input + output 200,704 B fit,
  // but with the skip waiting across layer b the live set is 301,056 B.
  const small = { ...coral(), peX: 1, peY: 1, peMemory: 256 * KiB, hostOverheadUs: 0 };

  it('evicts the part of a waiting skip that does not fit, writing and reading it back once', () => {
    const wl = skipNet(true);
    const cw = compileWorkload(wl, 1);
    expect(Array.from(cw.liveBytes)).toEqual([200_704, 200_704, 301_056, 301_056]);
    const ev = evaluate(EDGETPU, small, wl);
    // Nothing is cached (the live set exceeds the PE memory), so every layer streams its weights;
    // layer b also evicts 301,056 − 262,144 = 38,912 B of the skip: one write and one read.
    const extra = (ev.layers.dramBytes[2] as number) - (cw.weightBytes[2] as number);
    expect(extra).toBe(2 * (301_056 - 256 * KiB));
    // Layers whose working set holds the skip (the add reads it) evict nothing more.
    expect((ev.layers.dramBytes[1] as number) - (cw.weightBytes[1] as number)).toBe(0);
    // With 512 KiB the live set fits: no eviction, and the weights are cached again.
    const big = evaluate(EDGETPU, { ...small, peMemory: 512 * KiB }, wl);
    expect(big.layers.dramBytes[2]).toBe(0);
  });

  it('without graph edges (an importer that knows no skips) the same layers cost no eviction', () => {
    const wl = skipNet(false);
    const cw = compileWorkload(wl, 1);
    expect(Array.from(cw.liveBytes)).toEqual([200_704, 200_704, 200_704, 301_056]);
    const ev = evaluate(EDGETPU, small, wl);
    expect((ev.layers.dramBytes[2] as number) - (cw.weightBytes[2] as number)).toBe(0);
  });

  it('rejects an edge to a later layer, naming the field', () => {
    const wl = skipNet(true);
    const layers = wl.layers.map((l, i) => (i === 1 ? { ...l, from: [3] } : l));
    expect(() => compileWorkload({ ...wl, layers }, 1)).toThrow(/layer "a": from entry 3/);
  });

  it('U-Net (572) on coral: the encoder skips exceed 8 MiB and go through the host link', () => {
    const wl = buildZooModel('unet');
    const cw = compileWorkload(wl, 1);
    const ev = evaluate(EDGETPU, coral(), wl);
    // The first skip alone (64 × 568 × 568 int8) is 19.7 MiB; it waits across the whole network.
    const skip1 = 64 * 568 * 568;
    const evicted = ev.totals.dramBytes - cw.totalWeightBytes;
    expect(evicted).toBeGreaterThan(2 * skip1);
    // A chain without the skips (edges stripped) moves less over the link.
    const chain = { ...wl, layers: wl.layers.map(({ from: _, ...l }) => l) };
    expect(evaluate(EDGETPU, coral(), chain).totals.dramBytes).toBeLessThan(ev.totals.dramBytes);
  });
});
