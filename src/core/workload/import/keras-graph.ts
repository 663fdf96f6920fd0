import { IMPORT_LIMITS, ImportError, showValue } from './errors';

/**
 * Reading the graph of a Keras / TF.js layers-format topology, independent of what the layers
 * compute. Handles:
 * - TF.js artifacts `{ modelTopology: { model_config: {...} } | {...}, weightsManifest }` and bare
 *   Keras `model.to_json()` objects `{ class_name, config }`;
 * - `Sequential` (config `{ layers: [...] }`, or a bare list as Keras 1 / early TF.js wrote it)
 *   and `Functional` / `Model` graphs with `inbound_nodes` in the Keras 2 list form
 *   `[[["name", node, tensor, {kwargs}], ...], ...]` and the Keras 3 dict form
 *   `[{ args: [{ class_name: '__keras_tensor__', config: { keras_history: [name, node, tensor] } }] }]`;
 * - Keras 3 layer wrappers `{ module, class_name, config, registered_name, build_config }`.
 * A layer called several times (shared weights) yields one call per inbound node.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One serialized layer: its class, name and config. */
export interface KerasLayerSpec {
  className: string;
  name: string;
  config: JsonObject;
  /** Keras 3 `build_config.input_shape`, a fallback for the first layer of a Sequential. */
  buildInputShape?: Json;
}

/** Reference to another call's output: layer name, node (call) index, tensor index. */
export interface TensorRef {
  layer: string;
  node: number;
  tensor: number;
}

/** One application of a layer to inputs, in an order where inputs come first. */
export interface LayerCall {
  spec: KerasLayerSpec;
  /** Which call of a shared layer this is (0 for most layers). */
  node: number;
  inputs: TensorRef[];
}

export interface KerasGraph {
  modelName: string;
  calls: LayerCall[];
  /** Sequential: the model-level input shape when no layer carries one. */
  sequentialInputShape?: Json;
}

/** Finds `{ class_name, config }` of the model in a TF.js artifact or a bare Keras JSON. */
export function unwrapModel(root: Json): JsonObject {
  if (!isObject(root)) throw new ImportError('json', 'expected a JSON object at the top level');
  let m: Json | undefined = root;
  if (isObject(root.modelTopology)) {
    const topo = root.modelTopology;
    m = isObject(topo.model_config) ? topo.model_config : topo;
    if (!('class_name' in m) && Array.isArray(topo.node)) {
      throw new ImportError(
        'modelTopology',
        'this is a TF.js graph-model (a TensorFlow op graph); export a layers-model (Keras topology) instead',
      );
    }
  } else if (root.format === 'graph-model') {
    throw new ImportError('format', 'TF.js graph-model files are not supported; export a layers-model instead');
  } else if (isObject(root.model_config)) {
    m = root.model_config;
  }
  if (!isObject(m) || typeof m.class_name !== 'string') {
    throw new ImportError('class_name', 'no Keras model found: expected "class_name" and "config" (model.to_json())');
  }
  return m;
}

function layerSpec(raw: Json, index: number): KerasLayerSpec {
  const field = `layers[${index}]`;
  if (!isObject(raw) || typeof raw.class_name !== 'string') {
    throw new ImportError(`${field}.class_name`, `${field}: expected an object with "class_name"`);
  }
  const config = isObject(raw.config) ? raw.config : {};
  const name = typeof config.name === 'string' ? config.name : typeof raw.name === 'string' ? raw.name : '';
  if (name === '') throw new ImportError(`${field}.name`, `${field} (${raw.class_name}): missing layer name`);
  const build = isObject(raw.build_config) ? raw.build_config.input_shape : undefined;
  return { className: raw.class_name, name, config, ...(build !== undefined ? { buildInputShape: build } : {}) };
}

function layerList(raw: Json | undefined, field: string): Json[] {
  if (!Array.isArray(raw)) throw new ImportError(field, `${field} must be a list of layers`);
  if (raw.length > IMPORT_LIMITS.layers) {
    throw new ImportError('layers', `${raw.length} layers; the limit is ${IMPORT_LIMITS.layers}`);
  }
  return raw;
}

function refFromArray(a: Json, owner: string): TensorRef {
  if (!Array.isArray(a) || typeof a[0] !== 'string') {
    throw new ImportError(`${owner}.inbound_nodes`, `layer "${owner}": malformed inbound node ${showValue(a)}`);
  }
  const node = typeof a[1] === 'number' ? a[1] : 0;
  const tensor = typeof a[2] === 'number' ? a[2] : 0;
  return { layer: a[0], node, tensor };
}

/** Keras 3: every `__keras_tensor__` inside a node's args / kwargs, in order. */
function collectKerasTensors(v: Json, owner: string, out: TensorRef[], depth = 0): void {
  if (depth > 32) throw new ImportError(`${owner}.inbound_nodes`, `layer "${owner}": inbound node nested too deeply`);
  if (Array.isArray(v)) {
    for (const x of v) collectKerasTensors(x, owner, out, depth + 1);
  } else if (isObject(v)) {
    if (v.class_name === '__keras_tensor__' && isObject(v.config)) {
      out.push(refFromArray(v.config.keras_history ?? null, owner));
    } else {
      for (const x of Object.values(v)) collectKerasTensors(x, owner, out, depth + 1);
    }
  }
}

/** Inbound nodes of one functional layer: a list of calls, each a list of input refs. */
function inboundNodes(raw: Json | undefined, owner: string): TensorRef[][] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw))
    throw new ImportError(`${owner}.inbound_nodes`, `layer "${owner}": inbound_nodes must be a list`);
  return raw.map((node) => {
    if (isObject(node)) {
      const refs: TensorRef[] = [];
      collectKerasTensors(node.args ?? [], owner, refs);
      collectKerasTensors(node.kwargs ?? {}, owner, refs);
      return refs;
    }
    if (!Array.isArray(node))
      throw new ImportError(`${owner}.inbound_nodes`, `layer "${owner}": malformed inbound node`);
    return node.map((r) => refFromArray(r, owner));
  });
}

/** Map key of one call of a layer. */
export const callKey = (layer: string, node: number): string => `${layer}\u0000${node}`;

/**
 * Orders the calls so every call comes after the calls it reads (depth-first on inputs, taking
 * layers in file order). A cycle is an error naming the layers on it. Iterative, so a 10,000-layer
 * chain does not overflow the stack.
 */
function topoSort(calls: LayerCall[]): LayerCall[] {
  const byKey = new Map<string, LayerCall>();
  for (const c of calls) byKey.set(callKey(c.spec.name, c.node), c);
  const state = new Map<LayerCall, 1 | 2>(); // 1 = on the stack, 2 = done
  const order: LayerCall[] = [];
  const depsOf = (c: LayerCall): LayerCall[] =>
    c.inputs.map((r) => {
      const d = byKey.get(callKey(r.layer, r.node));
      if (!d) {
        throw new ImportError(
          `${c.spec.name}.inbound_nodes`,
          `layer "${c.spec.name}" reads "${r.layer}" (call ${r.node}), which is not in the model`,
        );
      }
      return d;
    });
  for (const root of calls) {
    if (state.has(root)) continue;
    const stack: { call: LayerCall; deps: LayerCall[]; next: number }[] = [{ call: root, deps: depsOf(root), next: 0 }];
    state.set(root, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as (typeof stack)[number];
      const dep = top.deps[top.next];
      if (dep === undefined) {
        stack.pop();
        state.set(top.call, 2);
        order.push(top.call);
        continue;
      }
      top.next += 1;
      const s = state.get(dep);
      if (s === 2) continue;
      if (s === 1) {
        const from = stack.findIndex((f) => f.call === dep);
        // The stack runs from a layer to what it reads; reverse it to show the data flow.
        const cycle = [...stack.slice(from).map((f) => f.call.spec.name), dep.spec.name].reverse();
        throw new ImportError(
          `${dep.spec.name}.inbound_nodes`,
          `cyclic graph: ${cycle.map((n) => `"${n}"`).join(' → ')}`,
        );
      }
      state.set(dep, 1);
      stack.push({ call: dep, deps: depsOf(dep), next: 0 });
    }
  }
  return order;
}

/** Reads a model (Sequential or functional) into layer calls in a valid evaluation order. */
export function readKerasGraph(root: Json): KerasGraph {
  const model = unwrapModel(root);
  const className = model.class_name as string;
  const config = model.config;
  if (className === 'Sequential') {
    const raw = Array.isArray(config)
      ? layerList(config, 'config')
      : layerList(isObject(config) ? config.layers : undefined, 'config.layers');
    const specs = raw.map(layerSpec);
    const calls: LayerCall[] = [];
    specs.forEach((spec, i) => {
      const prev = calls[i - 1];
      calls.push({ spec, node: 0, inputs: prev ? [{ layer: prev.spec.name, node: 0, tensor: 0 }] : [] });
    });
    if (new Set(specs.map((s) => s.name)).size !== specs.length) {
      throw new ImportError('config.layers', 'duplicate layer names in a Sequential model');
    }
    const name = isObject(config) && typeof config.name === 'string' ? config.name : 'sequential';
    const shape = isObject(config) ? config.build_input_shape : undefined;
    return { modelName: name, calls, ...(shape !== undefined ? { sequentialInputShape: shape } : {}) };
  }
  if (className === 'Functional' || className === 'Model') {
    if (!isObject(config)) throw new ImportError('config', `${className}: missing "config"`);
    const raw = layerList(config.layers, 'config.layers');
    const calls: LayerCall[] = [];
    const seen = new Set<string>();
    raw.forEach((r, i) => {
      const spec = layerSpec(r, i);
      if (seen.has(spec.name)) throw new ImportError(`${spec.name}`, `duplicate layer name "${spec.name}"`);
      seen.add(spec.name);
      const nodes = inboundNodes(isObject(r) ? r.inbound_nodes : undefined, spec.name);
      if (nodes.length === 0 && spec.className === 'InputLayer') calls.push({ spec, node: 0, inputs: [] });
      else if (nodes.length === 0) {
        throw new ImportError(`${spec.name}.inbound_nodes`, `layer "${spec.name}" (${spec.className}) has no inputs`);
      }
      nodes.forEach((inputs, node) => {
        calls.push({ spec, node, inputs });
      });
    });
    const name = typeof config.name === 'string' ? config.name : 'model';
    return { modelName: name, calls: topoSort(calls) };
  }
  throw new ImportError(
    'class_name',
    `unsupported model class "${className}" (expected Sequential, Functional or Model)`,
  );
}
