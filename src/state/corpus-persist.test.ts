import { describe, expect, it } from 'vitest';
import {
  CLASS_COLUMNS,
  CorpusStore,
  classDesigns,
  concatBatches,
  createCorpusEvaluator,
  NET_COLUMNS,
} from '../core/corpus/index';
import { sliceBatch } from './corpus-persist';

describe('network-study checkpoint chunks', () => {
  it('rows saved in chunks (as the page checkpoints them) rebuild the same store', () => {
    const init = { space: 'edgetpu-nas' as const, seed: 3, classes: classDesigns(['v1', 'v3']) };
    const ev = createCorpusEvaluator(init);
    const store = new CorpusStore({ space: 'edgetpu-nas', seed: 3, count: 30, classes: ['v1', 'v3'] }, 4);
    const chunks = [];
    let saved = 0;
    for (const [lo, hi] of [
      [0, 7],
      [7, 19],
      [19, 30],
    ] as const) {
      store.append(ev.evaluate(Int32Array.from({ length: hi - lo }, (_, i) => lo + i)));
      chunks.push(sliceBatch(store.view(), saved, store.length));
      saved = store.length;
    }
    expect(chunks.map((c) => c.n).reduce((a, b) => a + b, 0)).toBe(store.length);
    const back = CorpusStore.fromCheckpoint({
      version: 1,
      spec: store.spec,
      next: store.generated,
      generated: store.generated,
      duplicates: store.duplicates,
      rows: concatBatches(chunks),
    });
    const a = store.view();
    const b = back.view();
    expect(b.n).toBe(a.n);
    expect(Array.from(b.index)).toEqual(Array.from(a.index));
    expect(Array.from(b.hash)).toEqual(Array.from(a.hash));
    for (const k of NET_COLUMNS) expect(Array.from(b.net[k]), k).toEqual(Array.from(a.net[k]));
    for (const k of CLASS_COLUMNS) expect(Array.from(b.cls[k]), k).toEqual(Array.from(a.cls[k]));
    // Real networks: latency is positive on both classes; V3 (4×1 PEs) differs from V1.
    expect(a.cls.latencyMs.every((v) => v > 0)).toBe(true);
    expect(a.cls.latencyMs[0]).not.toBe(a.cls.latencyMs[1]);
  });

  it('a slice copies: later appends to the store do not change a saved chunk', () => {
    const init = { space: 'edgetpu-nas' as const, seed: 1, classes: classDesigns(['v2']) };
    const ev = createCorpusEvaluator(init);
    const store = new CorpusStore({ space: 'edgetpu-nas', seed: 1, count: 8, classes: ['v2'] }, 2);
    store.append(ev.evaluate(Int32Array.from([0, 1])));
    const chunk = sliceBatch(store.view(), 0, 2);
    const before = Array.from(chunk.cls.latencyMs);
    store.append(ev.evaluate(Int32Array.from([2, 3, 4, 5])));
    expect(Array.from(chunk.cls.latencyMs)).toEqual(before);
    expect(chunk.index.buffer).not.toBe(store.view().index.buffer);
  });
});
