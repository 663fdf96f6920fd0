import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli';
import { onnxModel } from '../../test/onnx-writer';

/** `workloads --import` and `simulate --workload` read ONNX and TFLite files (by content). */
describe('CLI: ONNX and TFLite files', () => {
  it('workloads --import resnet50.onnx --json: the zoo counts, layers named after their nodes, notes', async () => {
    const r = await runCli(['workloads', '--import', 'test/fixtures/onnx/resnet50.onnx', '--json']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out);
    expect(obj).toMatchObject({
      id: 'import:resnet50.onnx',
      name: 'resnet50',
      macs: 4_089_184_256,
      params: 25_557_032,
      layerCount: 72,
    });
    expect(obj.layers[0]).toMatchObject({
      name: 'conv1',
      op: 'conv',
      inputShape: [3, 224, 224],
      outputShape: [64, 112, 112],
    });
    expect(obj.notes[1]).toContain('Relu ×49');
  });

  it('workloads --import a .tflite, and simulate --workload an .onnx', async () => {
    const t = await runCli(['workloads', '--import', 'test/fixtures/tflite/mobilenet_v2_int8.tflite', '--json']);
    expect(t.code).toBe(0);
    expect(JSON.parse(t.out)).toMatchObject({ macs: 300_774_272, layerCount: 64 });
    const s = await runCli(['simulate', '--workload', 'test/fixtures/onnx/mobilenet_v2.onnx', '--json']);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.out).workload).toBeDefined();
  });

  it('a broken model names the file, the node and the op', async () => {
    const path = join(tmpdir(), 'archscope-bad.onnx');
    writeFileSync(
      path,
      onnxModel({
        inputs: [{ name: 'x', dims: [1, 4] }],
        nodes: [{ op: 'TopK', name: 'k', inputs: ['x'], outputs: ['y'] }],
      }),
    );
    const r = await runCli(['workloads', '--import', path]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('archscope-bad.onnx: node "k" (TopK): unsupported op type TopK; supported:');
  });
});
