import type { Layer } from '../layer';
import { layer } from './keras-tensor';
import type { LayerSink } from './onnx-conv';
import type { NodeCtx, Out } from './onnx-node';
import { prod } from './onnx-node';

/**
 * Gemm / MatMul → FC, and the recurrent ops. Following the Keras importer's Dense, a matrix
 * product applied at several positions (a [N, T, D] × [D, K] MatMul) is a 1×1 conv over the T
 * positions; on a vector it is an FC. GRU and vanilla RNN have no op of their own in the IR: each
 * direction is two FCs (input and recurrent projections, 3 gates for GRU) run at every step, so
 * their MACs are T·B·g·H·(I + H) exactly.
 */

export function fc(ctx: NodeCtx, sink: LayerSink, kind: 'Gemm' | 'MatMul'): Out {
  const a = ctx.input(0);
  const b = ctx.input(1);
  let l: Layer;
  let dims: number[];
  if (kind === 'Gemm') {
    if (a.dims.length !== 2 || b.dims.length !== 2) {
      ctx.fail('input', `Gemm expects 2-D inputs, got [${a.dims.join(', ')}] and [${b.dims.join(', ')}]`);
    }
    const transA = ctx.int('transA', 0) === 1;
    const transB = ctx.int('transB', 0) === 1;
    const [m, ka] = (transA ? [a.dims[1], a.dims[0]] : a.dims) as [number, number];
    const [kb, n] = (transB ? [b.dims[1], b.dims[0]] : b.dims) as [number, number];
    if (ka !== kb) ctx.fail('input[1]', `inner dimensions differ: A has ${ka}, B has ${kb}`);
    l = layer({
      name: ctx.label,
      op: 'fc',
      n: m,
      c: ka,
      h: 1,
      w: 1,
      k: n,
      p: 1,
      q: 1,
      bias: ctx.optional(2) !== undefined,
      note: 'Gemm',
    });
    dims = [m, n];
  } else {
    if (a.dims.length < 1 || b.dims.length < 1) ctx.fail('input', 'MatMul of a scalar');
    const bd = b.dims.length === 1 ? [b.dims[0] as number, 1] : b.dims;
    const kb = bd[bd.length - 2] as number;
    const n = bd[bd.length - 1] as number;
    const ka = a.dims[a.dims.length - 1] as number;
    if (ka !== kb) ctx.fail('input[1]', `inner dimensions differ: A [${a.dims.join(', ')}], B [${b.dims.join(', ')}]`);
    const lead = a.dims.slice(0, -1);
    const bLead = bd.slice(0, -2);
    // Batched matrix products (attention's Q·Kᵀ) repeat over B's leading axes too.
    const batch = bLead.length > lead.length - 1 ? prod(bLead) : 1;
    const note = b.constant ? 'MatMul' : 'MatMul of two activations (the IR counts its c·k as weights)';
    if (lead.length <= 1) {
      l = layer({ name: ctx.label, op: 'fc', n: (lead[0] ?? 1) * batch, c: ka, h: 1, w: 1, k: n, p: 1, q: 1, note });
    } else {
      const positions = prod(lead.slice(1)) * batch;
      const nb = lead[0] as number;
      l = layer({
        name: ctx.label,
        op: 'conv',
        n: nb,
        c: ka,
        h: positions,
        w: 1,
        k: n,
        p: positions,
        q: 1,
        note: `${note} at each of ${positions} positions`,
      });
    }
    dims = [...(bLead.length > lead.length - 1 ? bLead : lead.slice(0, -1)), ...lead.slice(-1), n];
    if (a.dims.length === 1) dims = [n];
    if (b.dims.length === 1) dims = dims.slice(0, -1);
  }
  sink.emit(l);
  return { dims, producer: l };
}

/** Shared reading of LSTM / GRU / RNN: X [T, B, I] (layout 0) or [B, T, I] (layout 1). */
function recurrent(ctx: NodeCtx, gates: number) {
  const x = ctx.ranked(0, [3]);
  const wt = ctx.ranked(1, [3]);
  const layout = ctx.int('layout', 0);
  const [t, b] = (layout === 1 ? [x.dims[1], x.dims[0]] : [x.dims[0], x.dims[1]]) as [number, number];
  const inputSize = x.dims[2] as number;
  const hidden = ctx.int('hidden_size', (wt.dims[1] as number) / gates);
  const dir = ctx.str('direction', ['forward', 'reverse', 'bidirectional'], 'forward');
  const dirs = dir === 'bidirectional' ? 2 : 1;
  if (wt.dims[0] !== dirs || wt.dims[1] !== gates * hidden || wt.dims[2] !== inputSize) {
    ctx.fail('input[1]', `weight [${wt.dims.join(', ')}] does not match ${dirs}×${gates}·${hidden}×${inputSize}`);
  }
  const y = layout === 1 ? [b, t, dirs, hidden] : [t, dirs, b, hidden];
  const state = layout === 1 ? [b, dirs, hidden] : [dirs, b, hidden];
  return { t, b, inputSize, hidden, dirs, outs: [{ dims: y }, { dims: state }, { dims: state }] as Out[] };
}

export function lstm(ctx: NodeCtx, sink: LayerSink): Out[] {
  const r = recurrent(ctx, 4);
  for (let d = 0; d < r.dirs; d++) {
    sink.emit(
      layer({
        name: r.dirs > 1 ? `${ctx.label}.${d === 0 ? 'fw' : 'bw'}` : ctx.label,
        op: 'lstm',
        n: r.b,
        c: r.inputSize,
        h: r.t,
        w: 1,
        k: r.hidden,
        p: r.t,
        q: 1,
        timesteps: r.t,
        bias: true,
        note: 'LSTM (ONNX has 8·H biases; the IR counts 4·H)',
      }),
      // The backward direction reads the input sequence, as the forward one does.
      d > 0,
    );
  }
  return r.outs;
}

/** GRU (3 gates) and RNN (1 gate): per direction an input and a recurrent projection per step. */
export function gru(ctx: NodeCtx, sink: LayerSink): Out[] {
  const gates = ctx.op === 'GRU' ? 3 : 1;
  const r = recurrent(ctx, gates);
  const bias = ctx.optional(3) !== undefined;
  for (let d = 0; d < r.dirs; d++) {
    const base = r.dirs > 1 ? `${ctx.label}.${d === 0 ? 'fw' : 'bw'}` : ctx.label;
    const steps = r.t * r.b;
    for (const [part, c] of [
      ['W', r.inputSize],
      ['R', r.hidden],
    ] as const) {
      sink.emit(
        layer({
          name: `${base}.${part}`,
          op: 'fc',
          n: steps,
          c,
          h: 1,
          w: 1,
          k: gates * r.hidden,
          p: 1,
          q: 1,
          bias,
          note: `${ctx.op} ${part === 'W' ? 'input' : 'recurrent'} projection at each of ${r.t} steps (n = steps × batch)`,
        }),
        // Each direction's input projection reads the input sequence; its recurrent one follows it.
        d > 0 && part === 'W',
      );
    }
  }
  return r.outs;
}
