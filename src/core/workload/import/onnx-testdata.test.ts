import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { soundImport } from '../../../../test/fuzz';
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
      if (soundImport(() => parseOnnxModel(new Uint8Array(readFileSync(file)), `${d}.onnx`), d)) outcome.imported++;
      else outcome.refused++;
    }
    // Most of the suite is ops outside a topology (losses, string ops, sequences) or one op alone.
    expect(outcome.imported + outcome.refused).toBeGreaterThan(900);
    expect(outcome.imported).toBeGreaterThan(150);
  });
});
