import { type Layer, layerInputBytes, layerOutputBytes } from './layer';

/**
 * The activation graph of a layer list: which earlier tensors each layer reads (`Layer.from`,
 * default the previous layer) and, from that, which tensors are live while each layer runs.
 * A tensor is live from the layer that writes it until the last layer that reads it; the
 * network input (producer -1) until its last reader; the network output until the end.
 */

/** Producers of layer `i`'s inputs: `from` when given, else the previous layer (-1 = network input). */
export function producersOf(layers: readonly Layer[], i: number): readonly number[] {
  return layers[i]?.from ?? [i - 1];
}

/**
 * Index of the last layer that reads each layer's output (its own index when nothing later reads
 * it; the last layer's output, the network's result, counts as read at the end). Entry 0 of the
 * result is the network input's last reader (-1 when no layer reads it), entry j + 1 layer j's.
 */
export function lastReaders(layers: readonly Layer[]): Int32Array {
  const n = layers.length;
  const last = new Int32Array(n + 1);
  last[0] = -1;
  for (let j = 0; j < n; j++) last[j + 1] = j;
  for (let i = 0; i < n; i++) {
    for (const j of producersOf(layers, i)) {
      if (j >= -1 && j < i) last[j + 1] = Math.max(last[j + 1] as number, i);
    }
  }
  if (n > 0) last[n] = n - 1;
  return last;
}

/**
 * Activation bytes live while each layer runs: the tensors it reads, the one it writes, and every
 * earlier tensor a later layer still reads (skip connections, branches waiting to be
 * concatenated). Never less than the layer's own input + output bytes, so a workload without
 * graph edges (a plain chain, or an element-wise op whose second operand is unknown) gets
 * exactly its per-layer working set. `bytesPerElement` as in `layerInputBytes`. O(layers + edges).
 */
export function liveActivationBytes(layers: readonly Layer[], bytesPerElement = 1): Float64Array {
  const n = layers.length;
  const last = lastReaders(layers);
  const out = layers.map((l) => layerOutputBytes(l, bytesPerElement));
  // Bytes of the network input tensor: what its first reader reads per input tensor.
  const first = layers[0];
  const inputBytes = first ? layerInputBytes(first, bytesPerElement) / (first.inputs ?? 1) : 0;
  // Sweep: add a tensor when written, drop it after its last reader.
  const release = new Float64Array(n + 1);
  let live = 0;
  if ((last[0] as number) >= 0) {
    live += inputBytes;
    release[(last[0] as number) + 1] = inputBytes;
  }
  const res = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    live -= release[i] as number;
    live += out[i] as number;
    const r = (last[i + 1] as number) + 1;
    release[r] = (release[r] as number) + (out[i] as number);
    const l = layers[i] as Layer;
    res[i] = Math.max(live, layerInputBytes(l, bytesPerElement) + (out[i] as number));
  }
  return res;
}

/**
 * Graph edges (`Layer.from`) for the importers, in the zoo builder's convention (layer.ts,
 * builder.ts): every tensor the importer follows carries `src`, the index of the layer that wrote
 * it (-1: the network input; undefined: a weight or constant). A source node that emits layers
 * gives its first layer `from` = the srcs of its activation inputs, in the node's input order;
 * further layers of the same node (a SeparableConv2D's pointwise half, a GRU's recurrent
 * projection) read the one before. A node that emits no layer (an activation, a reshape, a
 * folded BatchNormalization) passes its first activation input's src on, so edges skip shape-only
 * ops and point at the layer that really produced the tensor. `from` is stored only where it is
 * not the previous layer, as the builder stores it.
 */
export class EdgeTracker {
  private reads: number[] = [];
  private start = 0;
  private readonly index = new Map<Layer, number>();
  constructor(private readonly layers: readonly Layer[]) {}

  /** A new source node reading tensors with these srcs (undefined entries: constants, skipped; repeats once). */
  begin(srcs: readonly (number | undefined)[]): void {
    this.reads = [...new Set(srcs.filter((s): s is number => s !== undefined))];
    this.start = this.layers.length;
  }

  /**
   * Sets `from` on `l`, about to be appended at index `layers.length`: the node's inputs for its
   * first layer, or for a later one that reads them too (`fromInputs`: a bidirectional RNN's
   * backward direction reads the sequence, not the forward direction's output); else the layer before.
   */
  stamp(l: Layer, fromInputs = false): void {
    const i = this.layers.length;
    this.index.set(l, i);
    const from = (i === this.start || fromInputs) && this.reads.length > 0 ? this.reads : [i - 1];
    if (from.length === 1 && from[0] === i - 1) delete l.from;
    else l.from = [...from];
  }

  /**
   * The src of a node's output: the layer that wrote it when the handler says which (`producer`),
   * else the node's last emitted layer, else (no layer) its first activation input's src.
   */
  srcOf(producer?: Layer): number | undefined {
    if (producer) {
      const at = this.index.get(producer);
      if (at !== undefined) return at;
    }
    if (this.layers.length > this.start) return this.layers.length - 1;
    return this.reads[0];
  }
}
