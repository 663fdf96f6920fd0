import type { CorpusBatch } from './batch';
import { type CorpusEvaluator, type CorpusInit, createCorpusEvaluator } from './evaluate';

/**
 * The API a corpus worker exposes (the browser's Network-study worker and the worker_threads entry
 * of src/cli/node-pool.ts), in the style of createEvalApi / createSimApi: init once with the space,
 * seed and class designs, then evaluate batches of network indices. Batches come back as fresh
 * typed arrays (`batchBuffers` lists them for a transfer).
 */
export function createCorpusApi() {
  let ev: CorpusEvaluator | undefined;
  return {
    /** Prepares the evaluator; returns the class ids in column order. Throws naming a bad field. */
    init(payload: CorpusInit): { classes: string[] } {
      ev = createCorpusEvaluator(payload);
      return { classes: [...ev.classes] };
    },
    /** Evaluates networks `indices[0…n)` on every class. */
    evaluate(indices: Int32Array, n: number): CorpusBatch {
      if (!ev) throw new Error('corpus worker: init first');
      return ev.evaluate(indices, n);
    },
  };
}

export type CorpusApi = ReturnType<typeof createCorpusApi>;
