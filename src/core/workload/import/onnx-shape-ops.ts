import { dim, type NodeCtx, type Out, prod } from './onnx-node';

/**
 * Shape-only ONNX ops: they move or copy data, produce no layer and count 0 MACs. The importer
 * follows small integer constants through them (PyTorch's `x.view(x.size(0), -1)` exports as
 * Shape → Gather → Unsqueeze → Concat → Reshape), so a Reshape target computed that way is known.
 */

type ShapeHandler = (ctx: NodeCtx) => Out[];

/** Axes from the `axes` input (opset ≥ 13) or attribute, normalised. */
function axesOf(ctx: NodeCtx, rank: number, required: boolean): number[] | undefined {
  const raw = ctx.optional(1) ? ctx.valuesOf(1, 'axes') : ctx.has('axes') ? ctx.ints('axes') : undefined;
  if (raw === undefined && required) ctx.fail('axes', 'axes are missing');
  return raw?.map((a) => ctx.axis(a, rank, 'axes'));
}

const reshape: ShapeHandler = (ctx) => {
  const x = ctx.input(0);
  const target = ctx.optional(1) ? ctx.valuesOf(1, 'shape') : ctx.ints('shape');
  const allowZero = ctx.int('allowzero', 0) === 1;
  const total = prod(x.dims);
  const filled = target.map((d, i) => (d === 0 && !allowZero ? (x.dims[i] ?? 0) : d));
  if (filled.filter((d) => d === -1).length > 1) ctx.fail('shape', 'target shape has more than one -1');
  const known = prod(filled.filter((d) => d !== -1));
  const out = filled.map((d) => (d === -1 ? total / known : d));
  if (out.some((d) => !Number.isInteger(d) || d < 1) || prod(out) !== total) {
    ctx.fail('shape', `cannot reshape [${x.dims.join(', ')}] (${total} elements) to [${target.join(', ')}]`);
  }
  return [{ dims: out.map((d, i) => dim(ctx, d, `shape[${i}]`)), values: x.values, constant: x.constant }];
};

const flatten: ShapeHandler = (ctx) => {
  const x = ctx.input(0);
  // Flatten's axis lies in [-r, r] (r = rank): the output is [prod(dims[:axis]), prod(dims[axis:])].
  const r = x.dims.length;
  const a = ctx.int('axis', 1);
  if (a < -r || a > r) ctx.fail('axis', `axis ${a} is out of range for a rank-${r} tensor`);
  const axis = a < 0 ? a + r : a;
  return [{ dims: [prod(x.dims.slice(0, axis)), prod(x.dims.slice(axis))] }];
};

const transpose: ShapeHandler = (ctx) => {
  const x = ctx.input(0);
  const rank = x.dims.length;
  const perm = ctx.ints(
    'perm',
    x.dims.map((_, i) => rank - 1 - i),
  );
  const sorted = [...perm].sort((a, b) => a - b);
  if (perm.length !== rank || sorted.some((d, i) => d !== i)) {
    ctx.fail('perm', `perm [${perm.join(', ')}] is not a permutation of 0..${rank - 1}`);
  }
  return [{ dims: perm.map((p) => x.dims[p] as number) }];
};

const squeeze: ShapeHandler = (ctx) => {
  const x = ctx.input(0);
  const axes = axesOf(ctx, x.dims.length, false) ?? x.dims.flatMap((d, i) => (d === 1 ? [i] : []));
  for (const a of axes) if (x.dims[a] !== 1) ctx.fail('axes', `axis ${a} of [${x.dims.join(', ')}] is not 1`);
  return [{ dims: x.dims.filter((_, i) => !axes.includes(i)), values: x.values, constant: x.constant }];
};

const unsqueeze: ShapeHandler = (ctx) => {
  const x = ctx.input(0);
  const rank = x.dims.length + (ctx.optional(1) ? ctx.valuesOf(1, 'axes').length : ctx.ints('axes').length);
  const axes = axesOf(ctx, rank, true) as number[];
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) out.push(axes.includes(i) ? 1 : (x.dims[j++] ?? 1));
  return [{ dims: out, values: x.values, constant: x.constant }];
};

const shape: ShapeHandler = (ctx) => {
  const x = ctx.input(0);
  const rank = x.dims.length;
  const start = Math.max(0, Math.min(rank, norm(ctx.int('start', 0), rank)));
  const end = Math.max(0, Math.min(rank, norm(ctx.int('end', rank), rank)));
  const values = x.dims.slice(start, Math.max(start, end));
  return [{ dims: [values.length], values, constant: true }];
};

const norm = (i: number, rank: number) => (i < 0 ? i + rank : i);

const gather: ShapeHandler = (ctx) => {
  const x = ctx.input(0);
  const idx = ctx.input(1);
  const axis = ctx.axis(ctx.int('axis', 0), x.dims.length, 'axis');
  const dims = [...x.dims.slice(0, axis), ...idx.dims, ...x.dims.slice(axis + 1)];
  let values: number[] | undefined;
  if (x.values && idx.values && x.dims.length === 1) {
    values = idx.values.map((i) => x.values?.[norm(i, x.values.length)] as number);
    if (values.some((v) => v === undefined)) ctx.fail('input[1]', 'gather index out of range');
  }
  return [{ dims, values, constant: x.constant && idx.constant }];
};

const constant: ShapeHandler = (ctx) => {
  const t = ctx.node.attributes.get('value')?.t;
  if (t) return [{ dims: t.dims, values: t.values, constant: true }];
  const ints = ctx.node.attributes.get('value_ints')?.ints;
  if (ctx.has('value_int')) return [{ dims: [], values: [ctx.int('value_int')], constant: true }];
  if (ints && ints.length > 0) return [{ dims: [ints.length], values: ints, constant: true }];
  const f = ctx.floats('value_floats');
  if (f) return [{ dims: [f.length], values: f, constant: true }];
  if (ctx.has('value_float')) return [{ dims: [], values: [ctx.float('value_float', 0)], constant: true }];
  return ctx.fail('value', 'Constant without a value, value_int(s) or value_float(s)');
};

const constantOfShape: ShapeHandler = (ctx) => [{ dims: ctx.valuesOf(0, 'shape'), constant: true }];

const cast: ShapeHandler = (ctx) => {
  const x = ctx.input(0);
  return [{ dims: x.dims, values: x.values, constant: x.constant, producer: x.producer }];
};

const concat: ShapeHandler = (ctx) => {
  const ins = ctx.ins.filter((t) => t !== undefined);
  const first = ctx.input(0);
  const rank = first.dims.length;
  const axis = ctx.axis(ctx.int('axis'), rank, 'axis');
  const out = [...first.dims];
  out[axis] = 0;
  for (const t of ins) {
    if (t.dims.length !== rank || t.dims.some((d, i) => i !== axis && d !== out[i])) {
      ctx.fail('axis', `cannot join shapes ${ins.map((u) => `[${u.dims.join(', ')}]`).join(', ')} on axis ${axis}`);
    }
    out[axis] = (out[axis] as number) + (t.dims[axis] as number);
  }
  const values = ins.every((t) => t.values) && rank === 1 ? ins.flatMap((t) => t.values as number[]) : undefined;
  return [{ dims: out.map((d, i) => dim(ctx, d, `output[${i}]`)), values, constant: ins.every((t) => t.constant) }];
};

/** Slice (opset ≥ 10: starts/ends/axes/steps inputs; earlier: attributes). */
const slice: ShapeHandler = (ctx) => {
  const x = ctx.input(0);
  const rank = x.dims.length;
  const fromInputs = ctx.opset >= 10 || ctx.optional(1) !== undefined;
  const starts = fromInputs ? ctx.valuesOf(1, 'starts') : ctx.ints('starts');
  const ends = fromInputs ? ctx.valuesOf(2, 'ends') : ctx.ints('ends');
  const axesRaw = fromInputs
    ? ctx.optional(3)
      ? ctx.valuesOf(3, 'axes')
      : undefined
    : ctx.ints('axes', undefined as never);
  const axes = (axesRaw ?? starts.map((_, i) => i)).map((a) => ctx.axis(a, rank, 'axes'));
  const steps = fromInputs && ctx.optional(4) ? ctx.valuesOf(4, 'steps') : starts.map(() => 1);
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length) {
    ctx.fail('starts', 'starts, ends, axes and steps differ in length');
  }
  const dims = [...x.dims];
  let values = x.values;
  axes.forEach((a, i) => {
    const size = x.dims[a] as number;
    const step = steps[i] as number;
    if (step === 0) ctx.fail('steps', 'step 0');
    const clampIdx = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v < 0 ? v + size : v));
    const s = step > 0 ? clampIdx(starts[i] as number, 0, size) : clampIdx(starts[i] as number, -1, size - 1);
    const e = step > 0 ? clampIdx(ends[i] as number, 0, size) : clampIdx(ends[i] as number, -1, size - 1);
    const n = Math.max(0, Math.ceil((e - s) / step));
    dims[a] = n;
    if (values && rank === 1) values = Array.from({ length: n }, (_, j) => values?.[s + j * step] as number);
  });
  if (dims.some((d) => d < 1) && !x.constant) ctx.fail('starts', `slice of [${x.dims.join(', ')}] is empty`);
  return [{ dims, values: rank === 1 ? values : undefined, constant: x.constant }];
};

const pad: ShapeHandler = (ctx) => {
  const x = ctx.input(0);
  const rank = x.dims.length;
  const pads = ctx.optional(1) ? ctx.valuesOf(1, 'pads') : ctx.ints('pads');
  if (pads.length !== 2 * rank) ctx.fail('pads', `pads has ${pads.length} entries, expected ${2 * rank}`);
  const dims = x.dims.map((d, i) => dim(ctx, d + (pads[i] as number) + (pads[i + rank] as number), `output[${i}]`));
  return [{ dims }];
};

const split: ShapeHandler = (ctx) => {
  const x = ctx.input(0);
  const axis = ctx.axis(ctx.int('axis', 0), x.dims.length, 'axis');
  const count = ctx.node.outputs.length;
  const size = x.dims[axis] as number;
  const parts = ctx.optional(1)
    ? ctx.valuesOf(1, 'split')
    : ctx.ints(
        'split',
        Array.from({ length: count }, () => Math.ceil(size / count)),
      );
  if (parts.length !== count) ctx.fail('split', `split has ${parts.length} sizes for ${count} outputs`);
  // The last part of an uneven split (opset 18 num_outputs) takes what is left.
  let left = size;
  return parts.map((p, i) => {
    const part = i === count - 1 ? left : Math.min(p, left);
    left -= part;
    return { dims: x.dims.map((d, j) => (j === axis ? dim(ctx, part, `split[${i}]`) : d)) };
  });
};

/** Resize (scales or sizes input) and Upsample (scales input or attribute). */
const resize: ShapeHandler = (ctx) => {
  const x = ctx.input(0);
  const rank = x.dims.length;
  let sizes: number[] | undefined;
  let scales: number[] | undefined;
  if (ctx.op === 'Upsample') scales = ctx.optional(1) ? ctx.valuesOf(1, 'scales') : ctx.floats('scales');
  else if (ctx.opset >= 11 || ctx.ins.length > 2) {
    if (ctx.optional(3)) sizes = ctx.valuesOf(3, 'sizes');
    else scales = ctx.valuesOf(2, 'scales');
  } else scales = ctx.valuesOf(1, 'scales');
  if (sizes) {
    if (sizes.length !== rank) ctx.fail('sizes', `sizes has ${sizes.length} entries for a rank-${rank} input`);
    return [{ dims: sizes.map((s, i) => dim(ctx, s, `sizes[${i}]`)) }];
  }
  if (!scales || scales.length !== rank) ctx.fail('scales', `scales must have ${rank} entries`);
  return [{ dims: x.dims.map((d, i) => dim(ctx, Math.floor(d * (scales?.[i] as number)), `output[${i}]`)) }];
};

const expand: ShapeHandler = (ctx) => {
  const x = ctx.input(0);
  const target = ctx.valuesOf(1, 'shape');
  const rank = Math.max(x.dims.length, target.length);
  const dims = Array.from({ length: rank }, (_, i) => {
    const a = x.dims[x.dims.length - rank + i] ?? 1;
    const b = target[target.length - rank + i] ?? 1;
    return dim(ctx, Math.max(a, b), `output[${i}]`);
  });
  return [{ dims }];
};

export const SHAPE_OPS: Record<string, ShapeHandler> = {
  Reshape: reshape,
  Flatten: flatten,
  Transpose: transpose,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Shape: shape,
  Gather: gather,
  Constant: constant,
  ConstantOfShape: constantOfShape,
  Cast: cast,
  Concat: concat,
  Slice: slice,
  Pad: pad,
  Split: split,
  Resize: resize,
  Upsample: resize,
  Expand: expand,
};
