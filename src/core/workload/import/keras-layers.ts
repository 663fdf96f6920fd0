import { ImportError, showValue } from './errors';
import type { LayerConfig } from './keras-config';
import { conv2d, conv2dTranspose, depthwise2d, globalPool2d, pool2d, separable2d } from './keras-conv';
import {
  chwAround,
  chwOf,
  type Handler,
  image,
  imageDims,
  type LayerSink,
  layer,
  one,
  prod,
  type Tensor,
} from './keras-tensor';

/**
 * What each supported Keras layer class does to the activation shape, and which Layer IR entries
 * it produces. Weight-free: only shapes are read, never weights.
 *
 * Counting conventions (REFERENCE.md §1): activations, dropout, reshapes, padding, upsampling and
 * concatenation produce no layer (0 MACs, no parameters). BatchNormalization counts 2 parameters
 * per channel (γ, β); Keras's `count_params()` counts 4 (γ, β, moving mean, moving variance, the
 * last two non-trainable), so our total equals Keras's *trainable* count for BN layers. PReLU's
 * per-channel slopes are not counted (it is treated as an activation). An Embedding is a 0-MAC
 * lookup recorded as an 'eltwise' copy: the Layer IR has no op with weights and no MACs, so its
 * table (input_dim × output_dim) is not in the parameter total; its note says so.
 */

/** Dense acts on the last axis: an FC on a vector, else a 1×1 conv applied at every other position. */
const dense: Handler = (cfg, name, inputs, sink) => {
  const { dims } = one(cfg, inputs);
  const units = cfg.int('units');
  const bias = cfg.bool('use_bias', true);
  const { c, h, w } = chwAround(dims, dims.length - 1);
  const perPosition = h * w > 1;
  const l = perPosition
    ? layer({
        name,
        op: 'conv',
        c,
        h,
        w,
        k: units,
        p: h,
        q: w,
        bias,
        note: `Dense applied at each of ${h * w} positions`,
      })
    : layer({ name, op: 'fc', c, h: 1, w: 1, k: units, p: 1, q: 1, bias });
  sink.emit(l);
  return { dims: [...dims.slice(0, -1), units], producer: l };
};

/** Folded into the producing conv / depthwise / Dense when it reads that layer's output directly. */
const batchNorm: Handler = (cfg, name, inputs, sink) => {
  const t = one(cfg, inputs);
  // Keras's default is the last axis whatever the data format (channels_first models pass axis=1).
  const axis = cfg.axis('axis', -1, t.dims.length);
  const ch = t.dims[axis] as number;
  const pr = t.producer;
  if (pr && !pr.bn && pr.k === ch && (pr.op === 'conv' || pr.op === 'depthwise' || pr.op === 'fc')) {
    pr.bn = true;
    pr.note = pr.note ? `${pr.note}; BN "${name}" folded` : `BN "${name}" folded`;
    return { dims: t.dims };
  }
  const { c, h, w } = chwAround(t.dims, axis);
  sink.emit(layer({ name, op: 'norm', c, h, w, k: c, p: h, q: w, groups: c }));
  return { dims: t.dims };
};

/** Element-wise merge of ≥ 2 tensors with NumPy broadcasting (an SE gate multiplies [1,1,C] by [H,W,C]). */
const merge: Handler = (cfg, name, inputs, sink, modelCf) => {
  if (inputs.length < 2) cfg.fail('inbound_nodes', `expects at least 2 inputs, got ${inputs.length}`);
  // A loop, not Math.max(...): a node may list 10^5+ inputs, beyond the engine's argument limit (RangeError).
  let rank = 0;
  for (const t of inputs) rank = Math.max(rank, t.dims.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const t of inputs) {
      const x = t.dims[t.dims.length - rank + i] ?? 1;
      if (x !== d && x !== 1 && d !== 1) {
        cfg.fail(
          'inbound_nodes',
          `input shapes ${inputs.map((u) => `[${u.dims.join(', ')}]`).join(', ')} do not broadcast`,
        );
      }
      d = Math.max(d, x);
    }
    out.push(d);
  }
  const { c, h, w } = chwOf(out, modelCf);
  sink.emit(
    layer({
      name,
      op: 'eltwise',
      c,
      h,
      w,
      k: c,
      p: h,
      q: w,
      groups: c,
      inputs: inputs.length,
      note: cfg.spec.className,
    }),
  );
  return { dims: out };
};

/**
 * Concatenate of ≥ 2 tensors: a copy layer reading every part once (inputs 1, c = k = the joined
 * channels), the zoo builder's and the ONNX / TFLite importers' convention; 0 MACs.
 */
const concatenate: Handler = (cfg, name, inputs, sink, modelCf) => {
  if (inputs.length < 1) cfg.fail('inbound_nodes', 'expects at least 1 input');
  const rank = (inputs[0] as Tensor).dims.length;
  const axis = cfg.axis('axis', -1, rank);
  const out = [...(inputs[0] as Tensor).dims];
  out[axis] = 0;
  for (const t of inputs) {
    const ok = t.dims.length === rank && t.dims.every((d, i) => i === axis || d === out[i]);
    if (!ok) {
      cfg.fail(
        'axis',
        `cannot join shapes ${inputs.map((u) => `[${u.dims.join(', ')}]`).join(', ')} on axis ${axis + 1}`,
      );
    }
    out[axis] = (out[axis] as number) + (t.dims[axis] as number);
  }
  if (inputs.length >= 2) {
    const { c, h, w } = chwOf(out, modelCf);
    sink.emit(
      layer({ name, op: 'eltwise', c, h, w, k: c, p: h, q: w, groups: c, inputs: 1, note: 'Concatenate (copy)' }),
    );
  }
  return { dims: out };
};

const zeroPadding2d: Handler = (cfg, _name, inputs) => {
  const cf = cfg.channelsFirst();
  const t = one(cfg, inputs);
  const base = t.padded ?? { dims: t.dims, padH: 0, padW: 0 };
  const { c, h, w } = image(cfg, t.dims, cf);
  const [ph, pw] = cfg.padding2d('padding');
  return {
    dims: imageDims(c, h + ph, w + pw, cf),
    padded: { dims: base.dims, padH: base.padH + ph, padW: base.padW + pw },
  };
};

const upSampling2d: Handler = (cfg, _name, inputs) => {
  const cf = cfg.channelsFirst();
  const { c, h, w } = image(cfg, one(cfg, inputs).dims, cf);
  const [a, b] = cfg.pair('size', [2, 2]);
  return { dims: imageDims(c, h * a, w * b, cf) };
};

const flatten: Handler = (cfg, _name, inputs) => ({ dims: [prod(one(cfg, inputs).dims)] });

const reshape: Handler = (cfg, _name, inputs) => {
  const { dims } = one(cfg, inputs);
  const target = cfg.intList('target_shape', true);
  const total = prod(dims);
  const unknown = target.filter((d) => d === -1).length;
  if (unknown > 1) cfg.fail('target_shape', 'target_shape has more than one -1');
  const known = prod(target.filter((d) => d !== -1));
  const out = target.map((d) => (d === -1 ? total / known : d));
  if (out.some((d) => !Number.isInteger(d) || d < 1) || prod(out) !== total) {
    cfg.fail('target_shape', `cannot reshape [${dims.join(', ')}] (${total} elements) to [${target.join(', ')}]`);
  }
  return { dims: out };
};

const permute: Handler = (cfg, _name, inputs) => {
  const { dims } = one(cfg, inputs);
  const order = cfg.intList('dims');
  const sorted = [...order].sort((a, b) => a - b);
  if (order.length !== dims.length || sorted.some((d, i) => d !== i + 1)) {
    cfg.fail('dims', `dims ${showValue(order)} is not a permutation of 1..${dims.length}`);
  }
  return { dims: order.map((d) => dims[d - 1] as number) };
};

const lstm: Handler = (cfg, name, inputs, sink) => {
  const { dims } = one(cfg, inputs);
  if (dims.length !== 2) cfg.fail('input_shape', `expects a (timesteps, features) input, got [${dims.join(', ')}]`);
  const [timesteps, c] = dims as [number, number];
  const k = cfg.int('units');
  const seq = cfg.bool('return_sequences', false);
  const notes = [seq ? 'returns every timestep' : 'returns the last timestep'];
  if (!cfg.bool('use_bias', true)) notes.push('use_bias false (the IR still counts 4·units bias params)');
  sink.emit(
    layer({
      name,
      op: 'lstm',
      c,
      h: timesteps,
      w: 1,
      k,
      p: timesteps,
      q: 1,
      timesteps,
      bias: true,
      note: notes.join('; '),
    }),
  );
  return { dims: seq ? [timesteps, k] : [k] };
};

const embedding: Handler = (cfg, name, inputs, sink) => {
  const t = one(cfg, inputs);
  const vocab = cfg.int('input_dim');
  const k = cfg.int('output_dim');
  const positions = prod(t.dims);
  if (t.isModelInput && t.dims.length === 1) sink.markTokenInput();
  const note = `Embedding lookup, 0 MACs; table ${vocab}x${k} = ${vocab * k} params not counted by the IR`;
  sink.emit(
    layer({ name, op: 'eltwise', c: k, h: positions, w: 1, k, p: positions, q: 1, groups: k, inputs: 1, note }),
  );
  return { dims: [...t.dims, k] };
};

/** Identity at inference (dropout, noise): the tensor, including its producer, passes through. */
const identity: Handler = (cfg, _name, inputs) => ({ ...one(cfg, inputs) });
/** An activation: same shape, no layer, but the values change (a BN after it is not folded). */
const activation: Handler = (cfg, _name, inputs) => ({ dims: one(cfg, inputs).dims });

const HANDLERS: Record<string, Handler> = {
  Conv2D: conv2d,
  Convolution2D: conv2d,
  DepthwiseConv2D: depthwise2d,
  SeparableConv2D: separable2d,
  SeparableConvolution2D: separable2d,
  Conv2DTranspose: conv2dTranspose,
  Deconvolution2D: conv2dTranspose,
  Dense: dense,
  MaxPooling2D: pool2d('max'),
  MaxPool2D: pool2d('max'),
  AveragePooling2D: pool2d('avg'),
  AvgPool2D: pool2d('avg'),
  GlobalAveragePooling2D: globalPool2d('avg'),
  GlobalAvgPool2D: globalPool2d('avg'),
  GlobalMaxPooling2D: globalPool2d('max'),
  GlobalMaxPool2D: globalPool2d('max'),
  BatchNormalization: batchNorm,
  Add: merge,
  Subtract: merge,
  Multiply: merge,
  Average: merge,
  Maximum: merge,
  Minimum: merge,
  Concatenate: concatenate,
  ZeroPadding2D: zeroPadding2d,
  UpSampling2D: upSampling2d,
  Flatten: flatten,
  Reshape: reshape,
  Permute: permute,
  LSTM: lstm,
  Embedding: embedding,
  Dropout: identity,
  SpatialDropout1D: identity,
  SpatialDropout2D: identity,
  GaussianDropout: identity,
  GaussianNoise: identity,
  AlphaDropout: identity,
  ActivityRegularization: identity,
  Identity: identity,
  Activation: activation,
  ReLU: activation,
  ReLU6: activation,
  LeakyReLU: activation,
  PReLU: activation,
  ELU: activation,
  ThresholdedReLU: activation,
  Softmax: activation,
};

/** Classes `applyKerasLayer` understands (InputLayer is handled by the graph reader). */
export const SUPPORTED_KERAS_CLASSES: readonly string[] = ['InputLayer', ...Object.keys(HANDLERS)];

/** Applies one Keras layer call to its input tensors, emitting IR layers into `sink`. */
export function applyKerasLayer(
  cfg: LayerConfig,
  callName: string,
  inputs: Tensor[],
  sink: LayerSink,
  modelChannelsFirst: boolean,
): Tensor {
  const handler = Object.hasOwn(HANDLERS, cfg.spec.className) ? HANDLERS[cfg.spec.className] : undefined;
  if (!handler) {
    throw new ImportError(
      `${cfg.spec.name}.class_name`,
      `layer "${cfg.spec.name}" has unsupported class ${cfg.spec.className}`,
    );
  }
  return handler(cfg, callName, inputs, sink, modelChannelsFirst);
}
