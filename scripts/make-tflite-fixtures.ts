/**
 * Writes the TFLite fixtures under test/fixtures/tflite/ (committed; run again to regenerate):
 *
 *   npx tsx scripts/make-tflite-fixtures.ts
 *
 * Debian has no TFLite converter and no python flatbuffers, so the files are written with the npm
 * `flatbuffers` Builder from schema.fbs's field indices (test/tflite-writer.ts):
 * - mobilenet_v2_int8.tflite: torchvision's MobileNetV2 topology as an int8 model with SAME
 *   padding (BN folded into the conv biases, as the TFLite converter does), weights left empty;
 * - ops_float.tflite: one of each mapped op (CONV_2D VALID and SAME, DEPTHWISE_CONV_2D, pools,
 *   ADD, MUL as a squeeze-excite gate, CONCATENATION, RESHAPE, MEAN, FULLY_CONNECTED), float32;
 * - edgetpu.tflite: what edgetpu_compiler leaves: QUANTIZE → edgetpu-custom-op → DEQUANTIZE.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { MOBILENET_V2_BLOCKS } from '../src/core/workload/zoo/mobilenet-v2';
import { OP, TfNet, TT } from '../test/tflite-writer';

const dir = new URL('../test/fixtures/tflite/', import.meta.url);
mkdirSync(dir, { recursive: true });

function mobilenetV2(): Uint8Array {
  const g = new TfNet(TT.int8, [1, 224, 224, 3]);
  let x = g.conv(g.m.inputs[0] as number, 32, 3, 2, { act: true });
  let cin = 32;
  // The block table is the zoo's (the paper's Table 2); the layers are built here, NHWC with SAME padding.
  for (const [t, c, n, s] of MOBILENET_V2_BLOCKS) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      let y = t === 1 ? x : g.conv(x, cin * t, 1, 1, { act: true });
      y = g.conv(y, cin * t, 3, stride, { depthwise: true, act: true });
      y = g.conv(y, c, 1);
      x = stride === 1 && cin === c ? g.op(OP.ADD, [x, y], g.shape(y), { type: 11, fields: [[0, 1, 0]] }) : y;
      cin = c;
    }
  }
  x = g.conv(x, 1280, 1, 1, { act: true });
  const axes = g.tensor('mean_axes', [2], TT.int32, new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0]));
  x = g.op(OP.MEAN, [x, axes], [1, 1280], { type: 27, fields: [[0, 1, 0]] });
  x = g.fc(x, 1000);
  return g.finish(x, 'mobilenet_v2');
}

function opsFloat(): Uint8Array {
  const g = new TfNet(TT.float32, [1, 32, 32, 3]);
  const a = g.conv(g.m.inputs[0] as number, 8, 3, 1, { valid: true }); // 30×30×8
  const b = g.conv(a, 8, 3, 2, { act: true }); // SAME: 15×15×8
  const d = g.conv(b, 16, 3, 1, { depthwise: true }); // multiplier 2: 15×15×16
  const m = g.pool(d, OP.MAX_POOL_2D, 3, 2); // VALID: 7×7×16
  const gate = g.op(
    OP.MEAN,
    [m, g.tensor('axes', [2], TT.int32, new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0]))],
    [1, 1, 1, 16],
  );
  const se = g.op(OP.MUL, [m, gate], [1, 7, 7, 16], { type: 21, fields: [[0, 1, 0]] });
  const sum = g.op(OP.ADD, [se, m], [1, 7, 7, 16], { type: 11, fields: [[0, 1, 0]] });
  const cat = g.op(OP.CONCATENATION, [sum, m], [1, 7, 7, 32], { type: 10, fields: [[0, 4, 3]] });
  const avg = g.pool(cat, OP.AVERAGE_POOL_2D, 7, 1); // 1×1×32
  const flat = g.op(OP.RESHAPE, [avg], [1, 32]);
  return g.finish(g.op(OP.SOFTMAX, [g.fc(flat, 10)], [1, 10]), 'ops_float');
}

function edgeTpu(): Uint8Array {
  const g = new TfNet(TT.float32, [1, 224, 224, 3]);
  const q = g.op(OP.QUANTIZE, [g.m.inputs[0] as number], [1, 224, 224, 3]);
  g.m.tensors[q] = { ...(g.m.tensors[q] as { name: string; shape: number[] }), type: TT.int8 };
  const c = g.tensor('edgetpu_out', [1, 1001], TT.int8);
  g.m.operators.push({ code: OP.CUSTOM, custom: 'edgetpu-custom-op', inputs: [q], outputs: [c] });
  return g.finish(g.op(OP.DEQUANTIZE, [c], [1, 1001]), 'mobilenet_v2_edgetpu');
}

writeFileSync(new URL('mobilenet_v2_int8.tflite', dir), mobilenetV2());
writeFileSync(new URL('ops_float.tflite', dir), opsFloat());
writeFileSync(new URL('edgetpu.tflite', dir), edgeTpu());
