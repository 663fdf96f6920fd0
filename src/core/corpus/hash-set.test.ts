import { describe, expect, it } from 'vitest';
import { Rng } from '../opt/rng';
import { allocBatch, batchBuffers, CLASS_COLUMNS, concatBatches, hashAt, NET_COLUMNS } from './batch';
import { HashSet64 } from './hash-set';
import { CorpusStore } from './store';

describe('HashSet64 (the corpus store’s seen-hash set)', () => {
  it('agrees with a Set of hex strings on 20,000 random 64-bit hashes with repeats, through its growth', () => {
    const rng = new Rng(7);
    const set = new HashSet64(4);
    const ref = new Set<string>();
    const pool: [number, number][] = [];
    for (let i = 0; i < 20_000; i++) {
      // A third of the draws repeat an earlier hash; some share one word with another hash.
      const pair: [number, number] =
        pool.length > 0 && rng.float() < 0.33
          ? (pool[rng.int(pool.length)] as [number, number])
          : [rng.nextU32(), rng.float() < 0.1 ? 0 : rng.nextU32()];
      pool.push(pair);
      const key = `${pair[0]}:${pair[1]}`;
      expect(set.add(pair[0], pair[1])).toBe(!ref.has(key));
      ref.add(key);
    }
    expect(set.size).toBe(ref.size);
    expect(set.has(0, 0)).toBe(ref.has('0:0'));
    expect(set.add(0, 0)).toBe(!ref.has('0:0'));
    expect(set.has(0, 0)).toBe(true);
  });
});

describe('corpus batches in one buffer', () => {
  it('columns do not overlap, concatenate in order and transfer as one buffer', () => {
    const b = allocBatch(5, 3);
    expect(batchBuffers(b)).toHaveLength(1);
    b.index.set([10, 11, 12, 13, 14]);
    for (let i = 0; i < 5; i++) {
      b.hash[2 * i] = 0xffffffff;
      b.hash[2 * i + 1] = i;
    }
    NET_COLUMNS.forEach((k, j) => {
      b.net[k].fill(j + 1);
    });
    CLASS_COLUMNS.forEach((k, j) => {
      b.cls[k].fill(-(j + 1));
    });
    // Every column still holds what was written to it: no view overlaps another.
    NET_COLUMNS.forEach((k, j) => {
      expect(Array.from(b.net[k])).toEqual([j + 1, j + 1, j + 1, j + 1, j + 1]);
    });
    CLASS_COLUMNS.forEach((k, j) => {
      expect(b.cls[k].every((v) => v === -(j + 1))).toBe(true);
    });
    expect(Array.from(b.index)).toEqual([10, 11, 12, 13, 14]);
    expect(hashAt(b, 4)).toBe('ffffffff00000004');
    const two = concatBatches([b, b]);
    expect(Array.from(two.index)).toEqual([10, 11, 12, 13, 14, 10, 11, 12, 13, 14]);
    expect(two.cls.feasible).toHaveLength(30);
  });

  it('a store appends runs of new rows around duplicates, grows, and keeps every column of each row', () => {
    const b = allocBatch(6, 2);
    for (let i = 0; i < 6; i++) {
      b.index[i] = i;
      b.hash[2 * i + 1] = [1, 2, 1, 3, 2, 4][i] as number;
      b.net.macs[i] = 100 + i;
      b.cls.latencyMs[2 * i] = i;
      b.cls.latencyMs[2 * i + 1] = -i;
    }
    const s = new CorpusStore({ space: 'edgetpu-nas', seed: 0, count: 6, classes: ['v1', 'v2'] }, 1);
    expect(s.append(b)).toBe(4);
    expect(s.capacity).toBeGreaterThanOrEqual(6);
    const v = s.view();
    expect(Array.from(v.index)).toEqual([0, 1, 3, 5]);
    expect(Array.from(v.net.macs)).toEqual([100, 101, 103, 105]);
    expect(Array.from(v.cls.latencyMs)).toEqual([0, -0, 1, -1, 3, -3, 5, -5]);
    expect([s.generated, s.duplicates]).toEqual([6, 2]);
  });
});
