/**
 * Topology import of large model files (`npm run bench:models`, `npx tsx bench/model-files.bench.ts [--json]`).
 *
 * ResNet-50 as ONNX with every weight inline (25.6 M float32 = 102 MB of raw_data: the fixture's
 * external-data initializers overridden by a second, merged graph field carrying the bytes, as
 * protobuf merges repeated message fields) and MobileNetV2 as TFLite with a 100 MB buffer. The
 * importers skip weights by their length prefix, so the time should stay close to that of the
 * weightless fixture. Target (issue 16): a 100 MB file imports its topology in well under a second.
 */
import { readFileSync } from 'node:fs';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { parseOnnxModel } from '../src/core/workload/import/onnx';
import { readOnnxModel } from '../src/core/workload/import/onnx-proto';
import { parseTfliteModel } from '../src/core/workload/import/tflite';
import { workloadTotals } from '../src/core/workload/workload';
import { OP, TfNet, TT } from '../test/tflite-writer';

const RUNS = 7;

/** The fixture plus a merged `graph` holding every initializer again with its float32 bytes inline. */
function inlineWeights(file: Uint8Array): Uint8Array {
  const w = new BinaryWriter();
  w.tag(7, WireType.LengthDelimited).fork();
  for (const t of readOnnxModel(file).graph.initializers.values()) {
    w.tag(5, WireType.LengthDelimited).fork();
    w.tag(1, WireType.LengthDelimited).fork();
    for (const d of t.dims) w.int64(d);
    w.join();
    w.tag(2, WireType.Varint).int32(1);
    w.tag(8, WireType.LengthDelimited).string(t.name);
    w.tag(9, WireType.LengthDelimited).bytes(new Uint8Array(4 * t.dims.reduce((a, b) => a * b, 1)));
    w.join();
  }
  w.join();
  const tail = w.finish();
  const out = new Uint8Array(file.length + tail.length);
  out.set(file, 0);
  out.set(tail, file.length);
  return out;
}

function bigTflite(): Uint8Array {
  const g = new TfNet(TT.int8, [1, 224, 224, 3]);
  let x = g.conv(0, 32, 3, 2);
  for (let i = 0; i < 8; i++) x = g.conv(x, 64, 3, 1);
  g.tensor('blob', [100, 1024, 1024], TT.int8, new Uint8Array(100 * 1024 * 1024));
  return g.finish(g.op(OP.MEAN, [x], [1, 64]), 'big');
}

function median(fn: () => unknown): number {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[RUNS >> 1] as number;
}

const small = new Uint8Array(readFileSync('test/fixtures/onnx/resnet50.onnx'));
const big = inlineWeights(small);
const tfl = bigTflite();
const wl = parseOnnxModel(big, 'resnet50-inline.onnx');
if (workloadTotals(wl).macs !== 4_089_184_256)
  throw new Error('the inline-weight ResNet-50 does not import as ResNet-50');
const rows = [
  { file: 'resnet50.onnx (external data)', mb: small.length / 1e6, ms: median(() => parseOnnxModel(small, 'r.onnx')) },
  { file: 'resnet50 with inline weights .onnx', mb: big.length / 1e6, ms: median(() => parseOnnxModel(big, 'r.onnx')) },
  {
    file: 'conv net + 100 MiB buffer .tflite',
    mb: tfl.length / 1e6,
    ms: median(() => parseTfliteModel(tfl, 'b.tflite')),
  },
];
if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
else
  for (const r of rows)
    console.log(
      `${r.file.padEnd(38)} ${r.mb.toFixed(2).padStart(7)} MB  ${r.ms.toFixed(1).padStart(7)} ms (median of ${RUNS})`,
    );
