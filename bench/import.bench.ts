/**
 * Importer speed (`npm run bench` runs it after the simulator benchmark; `npx tsx bench/import.bench.ts [--json]`).
 * Not a test: timings depend on the machine, so unit tests check what the importers return and
 * this reports how long they take against the targets they were built to (issue 5's limits):
 *
 * - a Keras VGG-16 topology (test/fixtures/keras-vgg16.json) imports in well under 100 ms;
 * - a SCALE-Sim CSV with 10,001 rows, and a Keras model with 10,001 layers, are refused (limit
 *   10,000 layers) in under 2 s — the limit check must not come after an expensive parse.
 */
import { readFileSync } from 'node:fs';
import { ImportError } from '../src/core/workload/import/errors';
import { parseKerasModel } from '../src/core/workload/import/keras';
import { parseScaleSimCsv } from '../src/core/workload/import/scalesim';

const fixture = (f: string) => readFileSync(new URL(`../test/fixtures/${f}`, import.meta.url), 'utf8');

/** Median milliseconds of `runs` calls of `fn` (after one warm-up call). */
function medianMs(fn: () => void, runs: number): number {
  fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(runs / 2)] as number;
}

/** Calls `fn`, which must throw an ImportError naming `field`. */
function refuses(field: string, fn: () => unknown): () => void {
  return () => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ImportError && e.field === field) return;
      throw e;
    }
    throw new Error(`expected an ImportError on ${field}`);
  };
}

const HEADER = 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,';
const bigCsv = `${HEADER}\n${Array.from({ length: 10_001 }, (_, i) => `c${i}, 4, 4, 1, 1, 1, 1, 1,`).join('\n')}\n`;
const bigKeras = JSON.stringify({
  class_name: 'Sequential',
  config: {
    name: 's',
    layers: [
      { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 8, 8, 3] } },
      ...Array.from({ length: 10_001 }, (_, i) => ({ class_name: 'Dropout', config: { name: `d${i}` } })),
    ],
  },
});
const vgg = fixture('keras-vgg16.json');

const rows = [
  {
    name: 'Keras VGG-16 topology import',
    ms: medianMs(() => void parseKerasModel(vgg, 'keras-vgg16.json'), 11),
    targetMs: 100,
  },
  {
    name: 'SCALE-Sim CSV, 10,001 rows refused',
    ms: medianMs(
      refuses('layers', () => parseScaleSimCsv(bigCsv, 'big.csv')),
      5,
    ),
    targetMs: 2000,
  },
  {
    name: 'Keras model, 10,001 layers refused',
    ms: medianMs(
      refuses('layers', () => parseKerasModel(bigKeras, 'big.json')),
      5,
    ),
    targetMs: 2000,
  },
];

if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
else {
  console.log('| importer | median ms | target ms | within |');
  console.log('|---|---|---|---|');
  for (const r of rows)
    console.log(`| ${r.name} | ${r.ms.toFixed(2)} | < ${r.targetMs} | ${r.ms < r.targetMs ? 'yes' : 'NO'} |`);
}
