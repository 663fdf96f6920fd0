import { describe, expect, it } from 'vitest';
import { EDGETPU } from '../arch/index';
import { buildZooModel } from '../workload/zoo/index';
import { backendLabel, initPrimeBackend, liveTensors, primeBackend } from './backend';
import { generateDataset } from './dataset';
import { createEncoder } from './features';
import { contextsOf } from './run';
import { predictSurrogate } from './surrogate-model';
import { encodeRows, type Surrogate, type TrainConfig, trainSurrogate } from './train';

// The one unit test on the WebAssembly backend (the others stay on the deterministic cpu one):
// the same seeded training on both must give the same model up to float32 rounding.
const WL = buildZooModel('mobilenet_v2');
const CONTEXTS = contextsOf([WL]);
const CONFIG: Partial<TrainConfig> = {
  hidden: [16, 16],
  steps: 40,
  batchSize: 64,
  negatives: 16,
  minePopulation: 16,
  mineSteps: 1,
  progressEvery: 20,
  seed: 4,
};
const data = generateDataset({
  template: EDGETPU,
  workloads: [WL],
  count: 200,
  seed: 9,
  areaBudgetMm2: 27,
  inAreaShare: 0.5,
});
const train = () => trainSurrogate({ template: EDGETPU, data, contexts: CONTEXTS, config: CONFIG });

describe('PRIME training backends', () => {
  it('wasm (SIMD in Node) trains the same model as cpu within float tolerance, and leaks no tensors', async () => {
    const cpuInfo = await initPrimeBackend({ backend: 'cpu' });
    expect(backendLabel(cpuInfo)).toBe('cpu');
    const cpu = await train();
    const wasmInfo = await initPrimeBackend({ backend: 'wasm' });
    expect(wasmInfo.name).toBe('wasm');
    expect(primeBackend()).toEqual(wasmInfo);
    expect(backendLabel(wasmInfo)).toMatch(/^wasm \((no )?SIMD/);
    const before = liveTensors();
    const wasm = await train();
    expect(liveTensors()).toBe(before);
    await initPrimeBackend({ backend: 'cpu' });

    // Predictions on the logged rows (feasible and infeasible), through the plain-JS forward pass.
    const enc = createEncoder(EDGETPU, 27, cpu.contextDims);
    const rows = encodeRows(enc, data, CONTEXTS, [WL.id]);
    const predict = (s: Surrogate) => predictSurrogate(s, rows.feasible.x, rows.feasible.n);
    const a = predict(cpu);
    const b = predict(wasm);
    let maxDiff = 0;
    let spread = 0;
    for (let i = 0; i < a.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs((a[i] as number) - (b[i] as number)));
      spread = Math.max(spread, Math.abs(a[i] as number));
    }
    expect(spread).toBeGreaterThan(0.1); // the models are not trivially zero
    expect(maxDiff).toBeLessThan(1e-3);
    // And the weights themselves differ only by rounding (not bit-identical: XNNPACK sums in another order).
    const w0 = cpu.weights?.w[0] as Float32Array;
    const w1 = wasm.weights?.w[0] as Float32Array;
    for (let i = 0; i < w0.length; i += 37) expect(Math.abs((w0[i] as number) - (w1[i] as number))).toBeLessThan(1e-3);
  });

  it('auto picks wasm in Node', async () => {
    const info = await initPrimeBackend({ backend: 'auto' });
    expect(info).toMatchObject({ name: 'wasm', threads: 1 });
    expect(info.note).toBeUndefined();
    await initPrimeBackend({ backend: 'cpu' });
  });
});
