import { EdgeTracker } from '../graph';
import { type Layer, layerMacs } from '../layer';
import type { Workload } from '../workload';
import { Budget, checkBinarySize, checkDim, checkElements, ImportError } from './errors';
import { type Info, NodeCtx, type Out, RuntimeValueError } from './onnx-node';
import { HANDLERS, SUPPORTED_ONNX_OPS, ZERO_MAC_OPS } from './onnx-ops';
import { type OnnxGraph, type OnnxValueInfo, readOnnxModel } from './onnx-proto';

/**
 * ONNX model file → Workload, topology only (weights are skipped, see onnx-proto.ts; a file whose
 * initializers live in external data files imports without them). Shapes come from the graph's
 * value_info where it gives them and from the importer's own inference otherwise; a shape that
 * value_info gives and the inference contradicts is an error, not a guess.
 */

const LAYER_DIMS = ['n', 'c', 'h', 'w', 'k', 'p', 'q', 'r', 's', 'strideH', 'strideW', 'groups'] as const;

/** Protobuf has no magic number; an ONNX file starts with ir_version (field 1, varint) or another ModelProto tag. */
export function looksLikeOnnx(bytes: Uint8Array): boolean {
  const first = bytes[0];
  // 0x08 ir_version, 0x12 producer_name, 0x1a producer_version, 0x22 domain, 0x3a graph, 0x42 opset_import
  return first === 0x08 || first === 0x12 || first === 0x1a || first === 0x22 || first === 0x3a || first === 0x42;
}

/** Static dims of a value_info, or undefined when it is absent or symbolic. */
function staticDims(v: OnnxValueInfo | undefined): number[] | undefined {
  if (!v?.dims || v.dims.some((d) => d === null || d < 1)) return undefined;
  return v.dims as number[];
}

/** A graph input's dims: a symbolic batch (axis 0) is taken as 1; any other unknown axis is an error. */
function inputDims(v: OnnxValueInfo): { dims: number[]; symbolicBatch: boolean } {
  const field = `graph.input "${v.name}"`;
  if (!v.dims)
    throw new ImportError(field, `graph input "${v.name}" has no tensor shape; Archscope needs a fixed input shape`);
  let symbolicBatch = false;
  const dims = v.dims.map((d, i) => {
    if ((d === null || d < 1) && i === 0) {
      symbolicBatch = true;
      return 1;
    }
    if (d === null) {
      throw new ImportError(
        field,
        `graph input "${v.name}" dimension ${i} is symbolic; Archscope needs a fixed input shape`,
      );
    }
    return checkDim(d, field, `graph input "${v.name}" dimension ${i}`);
  });
  checkElements(dims, field);
  return { dims, symbolicBatch };
}

function imageInput(dims: readonly number[]): Workload['input'] {
  if (dims.length >= 4) return { c: dims[1] as number, h: dims[2] as number, w: dims[3] as number };
  if (dims.length === 3) return { c: dims[1] as number, h: 1, w: dims[2] as number };
  return { c: dims[dims.length - 1] ?? 1, h: 1, w: 1 };
}

/** Walks the nodes in file order (ONNX requires a topological order) and emits layers. */
function walk(graph: OnnxGraph, opset: number, env: Map<string, Info>, notes: string[]): Layer[] {
  const layers: Layer[] = [];
  const budget = new Budget();
  const edges = new EdgeTracker(layers);
  const sink = {
    emit(l: Layer, fromInputs = false) {
      edges.stamp(l, fromInputs);
      // A zero-sized tensor (an empty Slice, a 0 in a Reshape) must not reach the IR as a 0 dimension.
      for (const k of LAYER_DIMS) checkDim(l[k], l.name, `layer "${l.name}" (${l.note ?? l.op}) ${k}`);
      budget.add(l.name, layerMacs(l));
      layers.push(l);
    },
  };
  const zeroMac = new Map<string, number>();
  graph.nodes.forEach((node, index) => {
    const ins = node.inputs.map((name) => {
      if (name === '') return undefined;
      const t = env.get(name);
      if (!t) {
        const label = node.name || node.outputs[0] || `${node.opType}_${index}`;
        throw new ImportError(
          `${label}.input`,
          `node "${label}" (${node.opType}) reads "${name}", which no earlier node, input or initializer produces`,
        );
      }
      return t;
    });
    const ctx: NodeCtx = new NodeCtx(node, index, ins, opset);
    edges.begin(ins.map((t) => (t && !t.constant ? t.src : undefined)));
    if (node.domain !== '' && node.domain !== 'ai.onnx') {
      ctx.fail(
        'domain',
        `op ${node.domain}.${node.opType} is outside the standard ONNX domain; supported: ${SUPPORTED_ONNX_OPS.join(', ')}`,
      );
    }
    const handler = Object.hasOwn(HANDLERS, node.opType) ? HANDLERS[node.opType] : undefined;
    if (!handler)
      ctx.fail(
        'op_type',
        `unsupported op type ${node.opType || '(empty)'}; supported: ${SUPPORTED_ONNX_OPS.join(', ')}`,
      );
    const before = layers.length;
    let outs: Out[];
    try {
      outs = handler(ctx, sink);
    } catch (e) {
      // A shape-only op whose target is computed at run time: value_info's shapes stand in.
      const declared = node.outputs.map((o) => staticDims(graph.valueInfo.get(o)));
      if (!(e instanceof RuntimeValueError) || !ZERO_MAC_OPS.has(node.opType) || declared.some((d) => !d)) throw e;
      outs = declared.map((dims) => ({ dims }));
    }
    if (layers.length === before && ZERO_MAC_OPS.has(node.opType))
      zeroMac.set(node.opType, (zeroMac.get(node.opType) ?? 0) + 1);
    node.outputs.forEach((name, i) => {
      if (name === '') return;
      const out = outs[i];
      const declared = staticDims(graph.valueInfo.get(name));
      const dims: number[] | undefined = out?.dims ?? declared;
      if (!dims) ctx.fail('output', `the shape of output "${name}" cannot be inferred and value_info does not give it`);
      if (declared && (declared.length !== dims.length || declared.some((d, j) => d !== dims[j]))) {
        ctx.fail(
          'output',
          `value_info gives "${name}" shape [${declared.join(', ')}] but the node computes [${dims.join(', ')}]`,
        );
      }
      dims.forEach(
        (d, j) =>
          void checkDim(d, `${ctx.label}.output`, `node "${ctx.label}" (${node.opType}) output dimension ${j}`, 0),
      );
      checkElements(dims, `${ctx.label}.output`);
      const src = out?.constant ? undefined : edges.srcOf(out?.producer);
      env.set(name, { dims, values: out?.values, producer: out?.producer, constant: out?.constant, src });
    });
  });
  if (zeroMac.size > 0) {
    const list = [...zeroMac].map(([op, n]) => `${op} ×${n}`).join(', ');
    notes.push(`counted as 0 MACs (activations and shape-only ops, no layer): ${list}`);
  }
  return layers;
}

/** Parses an ONNX ModelProto into a workload. Throws ImportError naming the node or protobuf field. */
export function parseOnnxModel(bytes: Uint8Array, fileName: string): Workload {
  checkBinarySize(bytes.length);
  const model = readOnnxModel(bytes);
  const { graph } = model;
  const env = new Map<string, Info>();
  const notes: string[] = [];
  let external = 0;
  for (const [name, t] of graph.initializers) {
    t.dims.forEach((d, i) => void checkDim(d, `initializer "${name}"`, `initializer "${name}" dimension ${i}`, 0));
    if (t.external) external++;
    env.set(name, { dims: t.dims, values: t.values, constant: true });
  }
  let first: number[] | undefined;
  for (const v of graph.inputs) {
    if (env.has(v.name)) continue; // weights listed as inputs too (IR < 4)
    const { dims, symbolicBatch } = inputDims(v);
    if (symbolicBatch) notes.push(`input "${v.name}": symbolic batch taken as 1`);
    first ??= dims;
    env.set(v.name, { dims, src: -1 });
  }
  if (!first) throw new ImportError('graph.input', 'the graph has no input besides its initializers');
  if (external > 0) notes.push(`${external} initializers use external data files (not read: topology only)`);
  const layers = walk(graph, model.opset, env, notes);
  if (layers.length === 0) {
    const only = notes.length > 0 ? ` (${notes[notes.length - 1]})` : '';
    throw new ImportError('graph.node', `the graph has no layers with a shape to simulate${only}`);
  }
  return {
    id: `import:${fileName}`,
    name:
      graph.name && graph.name !== 'torch-jit-export' && graph.name !== 'main_graph'
        ? graph.name
        : fileName.replace(/\.[^.]*$/, ''),
    input: imageInput(first),
    layers,
    source: { kind: 'onnx', file: fileName },
    notes,
  };
}
