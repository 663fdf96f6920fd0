import { csvParseRows } from 'd3-dsv';
import { type Layer, layerMacs } from '../layer';
import type { Workload } from '../workload';
import { Budget, checkDim, checkFileSize, IMPORT_LIMITS, ImportError } from './errors';

/**
 * SCALE-Sim topology CSV (scale-sim-v2 `scalesim/topology_utils.py`, REFERENCE.md §4).
 *
 * Convolution form, header
 *   `Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,`
 * with an optional ninth column (stride width; SCALE-Sim copies the stride height when absent).
 * SCALE-Sim splits each line on commas and drops the last cell, so rows end with a comma and
 * anything after it is a comment (its own `mobilnet_paper.csv` writes `,#dw`). We accept the
 * same files and also a missing trailing comma, which SCALE-Sim itself would mis-read.
 *
 * - The IFMAP size already includes padding: padH = padW = 0.
 * - Output size is SCALE-Sim's `ceil((H − R + stride) / stride)` = ⌈(H − R)/stride⌉ + 1, not floor.
 * - A row whose name contains `DP` (case-sensitive, as SCALE-Sim tests it) is depthwise: SCALE-Sim
 *   runs it as `Channels` single-channel layers with `Num Filter` filters each, one after another.
 *   We record one 'depthwise' layer with k = Channels · Num Filter (multiplier Num Filter), whose
 *   MACs equal the sum over those per-channel layers, and say so in its note.
 *
 * GEMM form, header `Layer, M, N, K,`: SCALE-Sim loads it as IFMAP M×K, filter 1×K, 1 channel,
 * N filters, stride 1 (`load_arrays_gemm`). We map it to the equivalent 1×1 convolution
 * c = K, h = M, w = 1, r = s = 1, k = N: the same M output pixels, N filters and K-long window,
 * so SCALE-Sim's (Sr, Sc, T) per dataflow and the MACs M·N·K are unchanged, and a channel-parallel
 * array sees the K reduction as channels, as a compiler lowering a matmul would.
 */

const CONV_COLUMNS = [
  'Layer name',
  'IFMAP Height',
  'IFMAP Width',
  'Filter Height',
  'Filter Width',
  'Channels',
  'Num Filter',
  'Strides',
  'Stride width',
] as const;
const GEMM_COLUMNS = ['Layer', 'M', 'N', 'K'] as const;

type Form = 'conv' | 'gemm';

/** Cells of one row with SCALE-Sim's trailing comma / `#comment` cell removed. */
function rowCells(raw: string[]): string[] {
  const cells = raw.map((c) => c.trim());
  while (cells.length > 0) {
    const last = cells[cells.length - 1] as string;
    if (last === '' || last.startsWith('#')) cells.pop();
    else break;
  }
  return cells;
}

function detectForm(header: string[], line: number): Form {
  const h = header.map((c) => c.toLowerCase().replace(/\s+/g, ' '));
  if (h[1] === 'm' && h[2] === 'n' && h[3] === 'k') return 'gemm';
  if (h[1]?.includes('ifmap') || h[0] === 'layer name') return 'conv';
  throw new ImportError(
    `row ${line}: header`,
    `row ${line}: expected a SCALE-Sim header ("${CONV_COLUMNS.slice(0, 8).join(', ')},"` +
      ` or "${GEMM_COLUMNS.join(', ')},"), got "${header.join(',')}"`,
  );
}

function cellInt(cells: string[], i: number, line: number, columns: readonly string[]): number {
  const column = columns[i] ?? `column ${i + 1}`;
  const field = `row ${line}: ${column}`;
  if (i >= cells.length) throw new ImportError(field, `row ${line}: missing column "${column}"`);
  try {
    return checkDim(cells[i], field, `row ${line}: ${column}`);
  } catch (e) {
    if (e instanceof ImportError) throw new ImportError(field, e.message);
    throw e;
  }
}

/**
 * The 2^40-element activation limit the Keras importer applies, here per row: each dimension is
 * below 2^24, so without it a row could declare a 2^72-element IFMAP behind a cheap strided filter.
 */
function checkTensors(line: number, input: number[], output: number[]): void {
  for (const [what, dims] of [
    ['IFMAP', input],
    ['output', output],
  ] as const) {
    const n = dims.reduce((a, d) => a * d, 1);
    if (n > IMPORT_LIMITS.tensorElements) {
      throw new ImportError(
        `row ${line}: ${what}`,
        `row ${line}: ${what} tensor [${dims.join(', ')}] has ${n} elements; the limit is 2^40`,
      );
    }
  }
}

/** SCALE-Sim's output size, ⌈(in − filter)/stride⌉ + 1 (topology_utils `topo_calc_hyperparams`). */
export function scaleSimOut(input: number, filter: number, stride: number): number {
  return Math.ceil((input - filter) / stride) + 1;
}

function convRow(cells: string[], line: number): Layer {
  if (cells.length > CONV_COLUMNS.length) {
    throw new ImportError(
      `row ${line}: column ${CONV_COLUMNS.length + 1}`,
      `row ${line}: unexpected column ${CONV_COLUMNS.length + 1} "${cells[CONV_COLUMNS.length]}" (at most ${CONV_COLUMNS.length} columns)`,
    );
  }
  const name = cells[0] ?? '';
  if (name === '') throw new ImportError(`row ${line}: Layer name`, `row ${line}: empty "Layer name"`);
  const [h, w, r, s, c, f, strideH] = [1, 2, 3, 4, 5, 6, 7].map((i) => cellInt(cells, i, line, CONV_COLUMNS)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const strideW = cells.length > 8 ? cellInt(cells, 8, line, CONV_COLUMNS) : strideH;
  // SCALE-Sim asserts the same (its issue #9).
  if (r > h) throw new ImportError(`row ${line}: Filter Height`, `row ${line}: Filter Height ${r} > IFMAP Height ${h}`);
  if (s > w) throw new ImportError(`row ${line}: Filter Width`, `row ${line}: Filter Width ${s} > IFMAP Width ${w}`);
  const p = scaleSimOut(h, r, strideH);
  const q = scaleSimOut(w, s, strideW);
  const depthwise = name.includes('DP');
  checkTensors(line, [c, h, w], [depthwise ? c * f : f, p, q]);
  const notes: string[] = [];
  if (depthwise) {
    notes.push(`SCALE-Sim DP row: run as ${c} single-channel layers of ${f} filter(s) each, one after another`);
  }
  if ((h - r) % strideH !== 0 || (w - s) % strideW !== 0) {
    notes.push('output size by SCALE-Sim ceil((H-R)/stride)+1 (floor would give one less)');
  }
  return {
    name,
    op: depthwise ? 'depthwise' : 'conv',
    n: 1,
    c,
    h,
    w,
    k: depthwise ? c * f : f,
    p,
    q,
    r,
    s,
    strideH,
    strideW,
    padH: 0,
    padW: 0,
    groups: depthwise ? c : 1,
    bias: false,
    bn: false,
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}

function gemmRow(cells: string[], line: number): Layer {
  if (cells.length > GEMM_COLUMNS.length) {
    throw new ImportError(
      `row ${line}: column ${GEMM_COLUMNS.length + 1}`,
      `row ${line}: unexpected column ${GEMM_COLUMNS.length + 1} "${cells[GEMM_COLUMNS.length]}" (GEMM rows are Layer, M, N, K)`,
    );
  }
  const name = cells[0] ?? '';
  if (name === '') throw new ImportError(`row ${line}: Layer`, `row ${line}: empty "Layer" name`);
  const [m, n, k] = [1, 2, 3].map((i) => cellInt(cells, i, line, GEMM_COLUMNS)) as [number, number, number];
  checkTensors(line, [k, m, 1], [n, m, 1]);
  return {
    name,
    op: 'conv',
    n: 1,
    c: k,
    h: m,
    w: 1,
    k: n,
    p: m,
    q: 1,
    r: 1,
    s: 1,
    strideH: 1,
    strideW: 1,
    padH: 0,
    padW: 0,
    groups: 1,
    bias: false,
    bn: false,
    note: `GEMM M=${m} N=${n} K=${k} as a 1x1 conv (M output pixels, N filters, K-long window)`,
  };
}

/** Parses a SCALE-Sim topology CSV (convolution or GEMM form) into a workload. */
export function parseScaleSimCsv(text: string, fileName: string): Workload {
  checkFileSize(text);
  const rows = csvParseRows(text.replace(/^\uFEFF/, ''));
  let form: Form | undefined;
  const layers: Layer[] = [];
  const budget = new Budget();
  for (let i = 0; i < rows.length; i++) {
    const line = i + 1;
    const cells = rowCells(rows[i] ?? []);
    if (cells.length === 0) continue;
    if (form === undefined) {
      form = detectForm(cells, line);
      continue;
    }
    const layer = form === 'conv' ? convRow(cells, line) : gemmRow(cells, line);
    if (layers.length >= IMPORT_LIMITS.layers) {
      throw new ImportError(
        'layers',
        `more than ${IMPORT_LIMITS.layers} layer rows (at row ${line}); the limit is ${IMPORT_LIMITS.layers}`,
      );
    }
    budget.add(layer.name, layerMacs(layer));
    layers.push(layer);
  }
  if (form === undefined) throw new ImportError('header', 'empty file: expected a SCALE-Sim header row');
  if (layers.length === 0) throw new ImportError('layers', 'no layer rows after the header');
  const first = layers[0] as Layer;
  return {
    id: `import:${fileName}`,
    name: fileName.replace(/\.[^.]*$/, ''),
    input: { c: first.c, h: first.h, w: first.w },
    layers,
    source: { kind: 'scalesim', file: fileName },
  };
}
