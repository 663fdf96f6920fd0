import { convOut, type Layer, sameOut, samePad } from './layer';

/** Activation tensor shape flowing between layers (batch is the builder's n). */
export interface Shape {
  c: number;
  h: number;
  w: number;
  /**
   * Index of the layer that wrote this tensor (-1: the network input). Absent on shapes built by
   * hand: the tensor is then taken to be the previous layer's output.
   */
  src?: number;
}

export type Padding = 'same' | 'valid' | number;

export interface ConvOpts {
  stride?: number;
  /** 'same' (TF: out = ceil(in/stride)), 'valid' (no padding) or a symmetric pad per side. */
  pad?: Padding;
  groups?: number;
  bias?: boolean;
  bn?: boolean;
  name?: string;
  note?: string;
}

function outAndPad(input: number, filter: number, stride: number, pad: Padding): [number, number] {
  if (pad === 'same') return [sameOut(input, stride), samePad(input, filter, stride)];
  const total = pad === 'valid' ? 0 : 2 * pad;
  return [convOut(input, filter, stride, total), total];
}

/**
 * Builds a layer list while tracking the current activation shape, so builders write block
 * tables ("conv 3×3/2, 32") and never compute shapes or counts by hand. `fork()` starts a
 * branch at the current shape (Inception, SqueezeNet fire, DenseNet) sharing the layer list;
 * `concat()` joins branch shapes along channels with a copy layer. Every layer records which
 * tensors it reads (`Layer.from`, only where that is not the previous layer), so the simulator
 * sees skip connections and branches (src/core/workload/graph.ts).
 */
export class NetBuilder {
  shape: Shape;
  private counter = 0;
  /** Producers the next pushed layer reads, when not only the current tensor. */
  private reads: number[] | undefined;
  constructor(
    input: Shape,
    readonly layers: Layer[] = [],
    readonly n = 1,
    private prefix = '',
  ) {
    this.shape = { src: -1, ...input };
  }

  private nextName(kind: string, name?: string): string {
    this.counter += 1;
    return `${this.prefix}${name ?? `${kind}${this.counter}`}`;
  }

  /** A branch starting at the current shape (or `from`) that appends to the same layer list. */
  fork(prefix?: string, from: Shape = this.shape): NetBuilder {
    const b = new NetBuilder(from, this.layers, this.n, prefix ?? this.prefix);
    b.shape = { ...from };
    b.counter = this.counter;
    return b;
  }

  /**
   * Joins branches along channels; their spatial sizes must agree. Emits the concatenation as a
   * copy layer (TFLite's CONCATENATION, an op of its own on the Edge TPU): an eltwise layer reading
   * each part once (inputs 1, c = k = the channels summed, `from` = the parts), 0 MACs.
   */
  concat(shapes: Shape[], o: { name?: string } = {}): this {
    const { h, w } = shapes[0] as Shape;
    for (const s of shapes) {
      if (s.h !== h || s.w !== w) throw new Error(`concat of mismatched shapes ${s.h}x${s.w} vs ${h}x${w}`);
    }
    const c = shapes.reduce((a, s) => a + s.c, 0);
    this.shape = { c, h, w, src: this.shape.src };
    this.reads = shapes.map((s) => this.srcOf(s));
    return this.eltwise(1, { name: o.name ?? `concat${this.counter + 1}`, note: 'concat copy' });
  }

  /** Producer of `s`: its recorded source, else the last layer written (a hand-built shape). */
  private srcOf(s: Shape): number {
    return s.src ?? this.layers.length - 1;
  }

  private push(l: Omit<Layer, 'n'>): this {
    const i = this.layers.length;
    const from = this.reads ?? [this.srcOf(this.shape)];
    this.reads = undefined;
    // `from` is stored only where the graph is not a chain (the IR's default is the previous layer).
    const chain = from.length === 1 && from[0] === i - 1;
    this.layers.push({ n: this.n, ...l, ...(chain ? {} : { from }) });
    this.shape = { c: l.k, h: l.p, w: l.q, src: i };
    return this;
  }

  /** Standard (or grouped) convolution with a k output channels and an r×r (or r×s) filter. */
  conv(k: number, r: number, o: ConvOpts & { s?: number; strideW?: number } = {}): this {
    const s = o.s ?? r;
    const stride = o.stride ?? 1;
    const strideW = o.strideW ?? stride;
    const pad = o.pad ?? 'same';
    const { c, h, w } = this.shape;
    const groups = o.groups ?? 1;
    if (c % groups !== 0 || k % groups !== 0) throw new Error(`groups ${groups} does not divide ${c}→${k}`);
    const [p, padH] = outAndPad(h, r, stride, pad);
    const [q, padW] = outAndPad(w, s, strideW, pad);
    return this.push({
      name: this.nextName('conv', o.name),
      op: 'conv',
      c,
      h,
      w,
      k,
      p,
      q,
      r,
      s,
      strideH: stride,
      strideW,
      padH,
      padW,
      groups,
      bias: o.bias ?? false,
      bn: o.bn ?? true,
      ...(o.note ? { note: o.note } : {}),
    });
  }

  /** Depthwise convolution (channel multiplier 1 unless given). */
  dw(r: number, o: ConvOpts & { multiplier?: number } = {}): this {
    const stride = o.stride ?? 1;
    const pad = o.pad ?? 'same';
    const { c, h, w } = this.shape;
    const [p, padH] = outAndPad(h, r, stride, pad);
    const [q, padW] = outAndPad(w, r, stride, pad);
    return this.push({
      name: this.nextName('dw', o.name),
      op: 'depthwise',
      c,
      h,
      w,
      k: c * (o.multiplier ?? 1),
      p,
      q,
      r,
      s: r,
      strideH: stride,
      strideW: stride,
      padH,
      padW,
      groups: c,
      bias: o.bias ?? false,
      bn: o.bn ?? true,
      ...(o.note ? { note: o.note } : {}),
    });
  }

  /** Transposed convolution (up-convolution): output = input · stride for 'same'/valid k=stride. */
  convT(k: number, r: number, o: ConvOpts = {}): this {
    const stride = o.stride ?? r;
    const { c, h, w } = this.shape;
    return this.push({
      name: this.nextName('convT', o.name),
      op: 'conv',
      transposed: true,
      c,
      h,
      w,
      k,
      p: (h - 1) * stride + r,
      q: (w - 1) * stride + r,
      r,
      s: r,
      strideH: stride,
      strideW: stride,
      padH: 0,
      padW: 0,
      groups: 1,
      bias: o.bias ?? true,
      bn: o.bn ?? false,
      ...(o.note ? { note: o.note } : {}),
    });
  }

  /** Fully connected layer over the flattened current tensor. */
  fc(k: number, o: { bias?: boolean; name?: string; note?: string } = {}): this {
    const { c, h, w } = this.shape;
    return this.push({
      name: this.nextName('fc', o.name),
      op: 'fc',
      c: c * h * w,
      h: 1,
      w: 1,
      k,
      p: 1,
      q: 1,
      r: 1,
      s: 1,
      strideH: 1,
      strideW: 1,
      padH: 0,
      padW: 0,
      groups: 1,
      bias: o.bias ?? true,
      bn: false,
      ...(o.note ? { note: o.note } : {}),
    });
  }

  /** Max or average pooling; `r` = 0 means global pooling. Pooling counts 0 MACs. */
  pool(
    kind: 'max' | 'avg',
    r: number,
    o: { stride?: number; pad?: Padding; ceil?: boolean; name?: string } = {},
  ): this {
    const { c, h, w } = this.shape;
    const rr = r === 0 ? h : r;
    const ss = r === 0 ? w : r;
    const stride = r === 0 ? 1 : (o.stride ?? r);
    const pad = r === 0 ? 'valid' : (o.pad ?? 'valid');
    let [p, padH] = outAndPad(h, rr, stride, pad);
    let [q, padW] = outAndPad(w, ss, stride, pad);
    if (o.ceil && pad !== 'same') {
      // PyTorch ceil_mode: ceil((in + pad - k) / stride) + 1
      p = Math.ceil((h + padH - rr) / stride) + 1;
      q = Math.ceil((w + padW - ss) / stride) + 1;
    }
    return this.push({
      name: this.nextName(r === 0 ? 'gap' : `${kind}pool`, o.name),
      op: 'pool',
      pool: kind,
      c,
      h,
      w,
      k: c,
      p,
      q,
      r: rr,
      s: ss,
      strideH: stride,
      strideW: stride,
      padH,
      padW,
      groups: c,
      bias: false,
      bn: false,
    });
  }

  /**
   * Element-wise op producing the current shape from `inputs` tensors (residual add: 2). `skip`
   * names the other operands (a residual's block input or downsample output); without it only
   * the current tensor is recorded as read.
   */
  eltwise(inputs = 2, o: { name?: string; note?: string; skip?: Shape | Shape[] } = {}): this {
    const { c, h, w } = this.shape;
    if (o.skip) {
      const skips = Array.isArray(o.skip) ? o.skip : [o.skip];
      this.reads = [this.srcOf(this.shape), ...skips.map((s) => this.srcOf(s))];
    }
    return this.push({
      name: this.nextName('add', o.name),
      op: 'eltwise',
      c,
      h,
      w,
      k: c,
      p: h,
      q: w,
      r: 1,
      s: 1,
      strideH: 1,
      strideW: 1,
      padH: 0,
      padW: 0,
      groups: c,
      bias: false,
      bn: false,
      inputs,
      ...(o.note ? { note: o.note } : {}),
    });
  }

  /** Stand-alone batch-norm over the current channels (DenseNet's pre-activation BN). */
  norm(o: { name?: string } = {}): this {
    const { c, h, w } = this.shape;
    return this.push({
      name: this.nextName('bn', o.name),
      op: 'norm',
      c,
      h,
      w,
      k: c,
      p: h,
      q: w,
      r: 1,
      s: 1,
      strideH: 1,
      strideW: 1,
      padH: 0,
      padW: 0,
      groups: c,
      bias: false,
      bn: false,
    });
  }

  /**
   * Squeeze-and-excitation on the current tensor: global pool, FC c→squeeze (bias), FC
   * squeeze→c (bias), then the gate multiply (0 MACs). The shape is unchanged afterwards.
   */
  se(squeeze: number, o: { name?: string } = {}): this {
    const saved = { ...this.shape };
    const base = o.name ?? `se${this.counter + 1}`;
    this.pool('avg', 0, { name: `${base}_pool` });
    this.fc(squeeze, { name: `${base}_fc1` });
    this.fc(saved.c, { name: `${base}_fc2` });
    const gate = this.shape;
    this.shape = { ...saved, src: gate.src };
    // The gate multiplies the SE input tensor (kept live across the squeeze) by the FC's output.
    return this.eltwise(2, { name: `${base}_gate`, note: 'SE gate multiply', skip: saved });
  }

  /** LSTM over `timesteps` with hidden size k; the input shape's c is the feature size. */
  lstm(k: number, timesteps: number, o: { name?: string } = {}): this {
    const { c } = this.shape;
    this.push({
      name: this.nextName('lstm', o.name),
      op: 'lstm',
      c,
      h: timesteps,
      w: 1,
      k,
      p: timesteps,
      q: 1,
      r: 1,
      s: 1,
      strideH: 1,
      strideW: 1,
      padH: 0,
      padW: 0,
      groups: 1,
      bias: true,
      bn: false,
      timesteps,
    });
    this.shape = { c: k, h: timesteps, w: 1 };
    return this;
  }
}

/** Rounds channels as the MobileNet family does (TF `_make_divisible`). */
export function makeDivisible(v: number, divisor = 8, minValue = divisor): number {
  const nv = Math.max(minValue, Math.floor((v + divisor / 2) / divisor) * divisor);
  return nv < 0.9 * v ? nv + divisor : nv;
}
