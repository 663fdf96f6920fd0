import { EdgeTracker } from '../graph';
import { type Layer, layerMacs } from '../layer';
import type { Workload } from '../workload';
import { Budget, checkDim, checkElements, checkFileSize, ImportError, showValue } from './errors';
import { LayerConfig } from './keras-config';
import { callKey, type Json, type KerasLayerSpec, type LayerCall, readKerasGraph } from './keras-graph';
import { applyKerasLayer } from './keras-layers';
import { chwOf, type Tensor } from './keras-tensor';

/**
 * Keras / TF.js layers-format `model.json` topology → Workload, without weights (a VGG-16
 * topology imports in milliseconds). Graph formats: see keras-graph.ts; layer classes and
 * counting conventions: see keras-layers.ts.
 */

/** Shape keys that carry the batch axis first, then those that do not. */
const BATCHED_KEYS = ['batch_input_shape', 'batch_shape'] as const;
const UNBATCHED_KEYS = ['input_shape', 'shape'] as const;

/** The declared input shape of a layer (without batch), or undefined when it declares none. */
function declaredShape(
  spec: KerasLayerSpec,
  fallback?: { value: Json; batched: boolean; field: string },
): number[] | undefined {
  let found: { value: Json; batched: boolean; field: string } | undefined;
  for (const key of BATCHED_KEYS) {
    const v = spec.config[key];
    if (v !== undefined && v !== null) {
      found = { value: v, batched: true, field: `${spec.name}.${key}` };
      break;
    }
  }
  if (!found) {
    for (const key of UNBATCHED_KEYS) {
      const v = spec.config[key];
      if (v !== undefined && v !== null) {
        found = { value: v, batched: false, field: `${spec.name}.${key}` };
        break;
      }
    }
  }
  found ??= fallback;
  if (!found) return undefined;
  const { value, batched, field } = found;
  if (!Array.isArray(value)) throw new ImportError(field, `${field} must be a list, got ${showValue(value)}`);
  const dims = batched ? value.slice(1) : value;
  if (dims.length === 0) throw new ImportError(field, `${field} has no dimensions besides the batch`);
  return dims.map((d, i) => {
    if (d === null) {
      throw new ImportError(
        field,
        `${field}[${batched ? i + 1 : i}] is unknown (null); Archscope needs a fixed input shape`,
      );
    }
    return checkDim(d, field, `${field}[${batched ? i + 1 : i}]`);
  });
}

/** Any layer in channels_first decides how rank-3 tensors without their own data_format are read. */
function modelChannelsFirst(calls: readonly LayerCall[]): boolean {
  return calls.some((c) => c.spec.config.data_format === 'channels_first');
}

/** Parses a Keras `model.to_json()` or a TF.js layers-model `model.json` into a workload. */
export function parseKerasModel(text: string, fileName: string): Workload {
  checkFileSize(text);
  let root: Json;
  try {
    // A UTF-8 byte-order mark (Windows editors) is not JSON whitespace.
    root = JSON.parse(text.replace(/^\uFEFF/, '')) as Json;
  } catch (e) {
    throw new ImportError('json', `malformed JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const graph = readKerasGraph(root);
  const cf = modelChannelsFirst(graph.calls);
  const layers: Layer[] = [];
  const budget = new Budget();
  let tokenInput = false;
  const edges = new EdgeTracker(layers);
  const sink = {
    emit(l: Layer) {
      budget.add(l.name, layerMacs(l));
      edges.stamp(l);
      layers.push(l);
    },
    markTokenInput() {
      tokenInput = true;
    },
  };
  const outputs = new Map<string, Tensor>();
  let modelInput: number[] | undefined;

  graph.calls.forEach((call, index) => {
    const { spec } = call;
    const callName = call.node === 0 ? spec.name : `${spec.name}_${call.node}`;
    let out: Tensor;
    if (spec.className === 'InputLayer' || call.inputs.length === 0) {
      // A Sequential without an InputLayer declares its shape on the first layer or the model.
      const fallback =
        index === 0 && graph.sequentialInputShape != null
          ? { value: graph.sequentialInputShape, batched: true, field: 'config.build_input_shape' }
          : index === 0 && spec.buildInputShape != null
            ? { value: spec.buildInputShape, batched: true, field: `${spec.name}.build_config.input_shape` }
            : undefined;
      const dims = declaredShape(spec, fallback);
      if (!dims) {
        throw new ImportError(
          `${spec.name}.batch_input_shape`,
          `missing input shape: layer "${spec.name}" (${spec.className}) has no inputs and no batch_input_shape / batch_shape`,
        );
      }
      checkElements(dims, `${spec.name}.batch_input_shape`);
      modelInput ??= dims;
      const input: Tensor = { dims, isModelInput: true, src: -1 };
      edges.begin([-1]);
      out =
        spec.className === 'InputLayer' ? input : applyKerasLayer(new LayerConfig(spec), callName, [input], sink, cf);
    } else {
      const inputs = call.inputs.map((r) => {
        const t = outputs.get(callKey(r.layer, r.node));
        if (!t) throw new ImportError(`${spec.name}.inbound_nodes`, `layer "${spec.name}" reads unknown "${r.layer}"`);
        if (r.tensor !== 0) {
          throw new ImportError(
            `${spec.name}.inbound_nodes`,
            `layer "${spec.name}" reads output ${r.tensor} of "${r.layer}"; only single-output layers are supported`,
          );
        }
        return t;
      });
      edges.begin(inputs.map((t) => t.src));
      out = applyKerasLayer(new LayerConfig(spec), callName, inputs, sink, cf);
    }
    out = { ...out, src: edges.srcOf(out.producer) };
    checkElements(out.dims, `${spec.name}.output_shape`);
    outputs.set(callKey(spec.name, call.node), out);
  });

  if (!modelInput) throw new ImportError('input', 'missing input shape: the model has no input layer');
  if (layers.length === 0) throw new ImportError('layers', 'the model has no layers with a shape to simulate');
  const input = tokenInput ? { c: 1, h: modelInput[0] as number, w: 1 } : chwOf(modelInput, cf);
  return {
    id: `import:${fileName}`,
    name: graph.modelName || fileName.replace(/\.[^.]*$/, ''),
    input,
    layers,
    source: { kind: 'keras', file: fileName },
  };
}
