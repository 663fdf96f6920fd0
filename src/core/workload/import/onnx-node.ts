import type { Layer } from '../layer';
import { checkDim, ImportError, showValue } from './errors';
import type { OnnxAttribute, OnnxNode } from './onnx-proto';

/**
 * What the ONNX importer knows about a tensor while it walks the graph, and a node's view of its
 * attributes and inputs with errors that name the node, its op type and the field.
 */
export interface Info {
  /** Full shape, batch axis included (ONNX is NCHW for images). */
  dims: number[];
  /** A weight or constant (initializer / Constant output), not an activation. */
  constant?: boolean;
  /** Small integer / float contents, when known (shape arithmetic, Reshape targets, Resize scales). */
  values?: number[];
  /** The emitted layer whose output is exactly this tensor (BN folding, MatMul + Add bias). */
  producer?: Layer;
  /** Index of the layer that wrote this activation (-1: a graph input); see EdgeTracker in ../graph.ts. */
  src?: number;
}

/** Output of a handler: one entry per node output; `undefined` dims = not inferable here. */
export type Out = { dims?: number[]; values?: number[]; producer?: Layer; constant?: boolean };

/** A value the graph computes at run time was needed (a Reshape target): value_info may still give the shape. */
export class RuntimeValueError extends ImportError {}

export class NodeCtx {
  readonly node: OnnxNode;
  /** The node's name for messages and layers: its name, else its first output, else op + index. */
  readonly label: string;
  readonly ins: (Info | undefined)[];
  readonly opset: number;
  constructor(node: OnnxNode, index: number, ins: (Info | undefined)[], opset: number) {
    this.node = node;
    this.label = node.name || node.outputs[0] || `${node.opType}_${index}`;
    this.ins = ins;
    this.opset = opset;
  }

  get op(): string {
    return this.node.opType;
  }

  fail(field: string, message: string): never {
    throw new ImportError(`${this.label}.${field}`, `node "${this.label}" (${this.op}): ${message}`);
  }

  /** Required input `i`. */
  input(i: number): Info {
    const t = this.ins[i];
    if (!t) this.fail(`input[${i}]`, `input ${i} is missing`);
    return t;
  }

  /** Optional input `i` (absent or named ""). */
  optional(i: number): Info | undefined {
    return this.ins[i];
  }

  /** Input `i` of exactly `rank` dims (or one of `ranks`). */
  ranked(i: number, ranks: readonly number[]): Info {
    const t = this.input(i);
    if (!ranks.includes(t.dims.length)) {
      this.fail(`input[${i}]`, `expects a rank-${ranks.join(' or ')} input, got [${t.dims.join(', ')}]`);
    }
    return t;
  }

  /** The known values of input `i` (a constant, or shape arithmetic the importer followed). */
  valuesOf(i: number, what: string): number[] {
    const t = this.input(i);
    if (!t.values) {
      throw new RuntimeValueError(
        `${this.label}.input[${i}]`,
        `node "${this.label}" (${this.op}): ${what} (input ${i}) is computed at run time; Archscope needs it constant (or the output shape in value_info)`,
      );
    }
    return t.values;
  }

  private attr(name: string): OnnxAttribute | undefined {
    return this.node.attributes.get(name);
  }

  has(name: string): boolean {
    return this.node.attributes.has(name);
  }

  int(name: string, dflt?: number): number {
    const a = this.attr(name);
    if (a?.i === undefined) {
      if (dflt === undefined) this.fail(name, `attribute ${name} is missing`);
      return dflt;
    }
    if (!Number.isSafeInteger(a.i)) this.fail(name, `attribute ${name} = ${a.i} is not an integer`);
    return a.i;
  }

  float(name: string, dflt: number): number {
    return this.attr(name)?.f ?? dflt;
  }

  ints(name: string, dflt?: number[]): number[] {
    const a = this.attr(name);
    if (!a || (a.ints.length === 0 && a.i === undefined)) {
      if (dflt === undefined) this.fail(name, `attribute ${name} is missing`);
      return dflt;
    }
    return a.ints;
  }

  floats(name: string): number[] | undefined {
    const a = this.attr(name);
    return a && a.floats.length > 0 ? a.floats : undefined;
  }

  str(name: string, allowed: readonly string[], dflt: string): string {
    const v = this.attr(name)?.s ?? dflt;
    if (!allowed.includes(v))
      this.fail(name, `attribute ${name} = ${showValue(v)}; expected one of ${allowed.join(', ')}`);
    return v;
  }

  /** A positive integer attribute list of `len` entries (strides, dilations, kernel_shape). */
  positive(name: string, len: number, dflt: number[] | undefined, min = 1): number[] {
    const v = this.ints(name, dflt);
    if (v.length !== len) this.fail(name, `attribute ${name} has ${v.length} entries, expected ${len}`);
    return v.map((x, i) =>
      checkDim(x, `${this.label}.${name}`, `node "${this.label}" (${this.op}): ${name}[${i}]`, min),
    );
  }

  /** An axis attribute in [-rank, rank) normalised to [0, rank). */
  axis(value: number, rank: number, field: string): number {
    if (!Number.isInteger(value) || value < -rank || value >= rank) {
      this.fail(field, `axis ${value} is out of range for a rank-${rank} tensor`);
    }
    return value < 0 ? value + rank : value;
  }
}

/** Checked dimension of an inferred shape. */
export function dim(ctx: NodeCtx, v: number, what: string): number {
  return checkDim(v, `${ctx.label}.output`, `node "${ctx.label}" (${ctx.op}): ${what}`);
}

export const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** NumPy broadcasting of several shapes (Add, Mul, ...). */
export function broadcast(ctx: NodeCtx, shapes: readonly (readonly number[])[]): number[] {
  let rank = 0;
  for (const s of shapes) rank = Math.max(rank, s.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const x = s[s.length - rank + i] ?? 1;
      if (x !== d && x !== 1 && d !== 1) {
        ctx.fail('input', `input shapes ${shapes.map((u) => `[${u.join(', ')}]`).join(', ')} do not broadcast`);
      }
      if (x !== 1) d = x;
    }
    out.push(d);
  }
  return out;
}
