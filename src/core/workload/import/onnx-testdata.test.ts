import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resultOrTyped, workloadProblems } from '../../../../test/fuzz';
import { ImportError } from './errors';
import { parseOnnxModel } from './onnx';

/**
 * Every model of ONNX's own operator test suite (libonnx-testdata's data/node: 900+ one-node
 * graphs of every standard op, in every opset variant) imports soundly or gives an ImportError
 * naming the node or field; none crashes. The suite reads Debian's package where it is installed
 * (`apt-get install libonnx-testdata`); the Conv / pool / BN / Linear cases are also committed as
 * fixtures (onnx.test.ts), so this test adds breadth, not the only check.
 */
const DIR = '/usr/share/libonnx-testdata/data/node';

describe.skipIf(!existsSync(DIR))('libonnx-testdata operator tests', () => {
  it('each model imports soundly or gives a located ImportError', () => {
    const outcome = { imported: 0, refused: 0 };
    for (const d of readdirSync(DIR)) {
      const file = `${DIR}/${d}/model.onnx`;
      if (!existsSync(file)) continue;
      const wl = resultOrTyped(
        () => parseOnnxModel(new Uint8Array(readFileSync(file)), `${d}.onnx`),
        ImportError,
        (e) => expect((e as ImportError).field, d).not.toBe(''),
      );
      if (wl) {
        expect(workloadProblems(wl), d).toEqual([]);
        outcome.imported++;
      } else outcome.refused++;
    }
    // Most of the suite is ops outside a topology (losses, string ops, sequences) or one op alone.
    expect(outcome.imported + outcome.refused).toBeGreaterThan(900);
    expect(outcome.imported).toBeGreaterThan(150);
  });
});
