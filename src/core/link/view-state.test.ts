import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { LinkError, MAX_LINK_CHARS, packJson } from './codec';
import { decodeViewState, encodeViewState, LINK_VERSION, type ViewState } from './view-state';

const state: ViewState = {
  v: LINK_VERSION,
  view: 'explorer',
  workloads: [{ id: 'mobilenet_v2' }, { id: 'resnet50', input: 299 }],
  template: 'edgetpu',
  preset: 'prime-baseline',
  design: { peX: 4, peY: 4, lanes: 64, dramBandwidth: 30 },
  budgetMm2: 27,
  breakdown: 'energy',
  sort: 'cost',
  selectedLayer: 'b3_dw',
  pinned: { template: 'edgetpu', design: { peX: 8, peY: 8 } },
};

function errorOf(payload: string): LinkError {
  try {
    decodeViewState(payload);
  } catch (e) {
    if (e instanceof LinkError) return e;
    throw e;
  }
  throw new Error('expected a LinkError');
}

describe('view-state permalink', () => {
  it('round-trips state → link → state → link exactly', () => {
    const link = encodeViewState(state);
    const back = decodeViewState(link);
    expect(back).toEqual(state);
    expect(encodeViewState(back)).toBe(link);
    expect(link).toMatch(/^[A-Za-z0-9+\-$]+$/);
  });

  it('rejects a truncated link', () => {
    const link = encodeViewState(state);
    expect(errorOf(link.slice(0, Math.floor(link.length / 2))).kind).toBe('corrupt');
  });

  it('rejects garbage and characters a link never has', () => {
    expect(errorOf('%%%<script>').kind).toBe('corrupt');
    expect(errorOf('AAAAAAAAAAAA').kind).toBe('corrupt');
  });

  it('rejects a link from a future version and says so', () => {
    const e = errorOf(packJson({ ...state, v: LINK_VERSION + 1 }));
    expect(e.kind).toBe('version');
    expect(e.message).toContain('newer');
  });

  it('names the field of a tampered value', () => {
    expect(errorOf(packJson({ ...state, budgetMm2: -5 })).field).toBe('budgetMm2');
    expect(errorOf(packJson({ ...state, workloads: [{ id: '<img src=x>' }] })).field).toBe('workloads[0].id');
    expect(errorOf(packJson({ ...state, extra: 1 })).kind).toBe('invalid');
    expect(errorOf(packJson({ ...state, design: { peX: 'x'.repeat(100) } })).field).toBe('design.peX');
  });

  it('round-trips the Network-study form and names its bad fields', () => {
    const ns: ViewState = {
      ...state,
      view: 'netstudy',
      netstudy: { seed: 7, count: 100_000, classes: ['v3', 'v1'], modelClass: 'v2', modelTrain: 800, run: true },
    };
    const link = encodeViewState(ns);
    expect(decodeViewState(link)).toEqual(ns);
    expect(encodeViewState(decodeViewState(link))).toBe(link);
    const bad = (netstudy: unknown) => errorOf(packJson({ ...ns, netstudy })).field;
    expect(bad({ ...ns.netstudy, count: 100_001 })).toBe('netstudy.count');
    expect(bad({ ...ns.netstudy, count: 9 })).toBe('netstudy.count');
    expect(bad({ ...ns.netstudy, classes: [] })).toBe('netstudy.classes');
    expect(bad({ ...ns.netstudy, classes: ['v1', 'v1'] })).toBe('netstudy.classes');
    expect(bad({ ...ns.netstudy, classes: ['v4'] })).toBe('netstudy.classes[0]');
    expect(bad({ ...ns.netstudy, modelTrain: 49 })).toBe('netstudy.modelTrain');
    expect(bad({ ...ns.netstudy, seed: -1 })).toBe('netstudy.seed');
    expect(bad({ ...ns.netstudy, evaluator: 'oracle' })).toBe('netstudy.evaluator');
    const byModel: ViewState = {
      ...ns,
      netstudy: {
        seed: 7,
        count: 100_000,
        classes: ['v3', 'v1'],
        modelClass: 'v2',
        modelTrain: 800,
        evaluator: 'model',
      },
    };
    expect(decodeViewState(encodeViewState(byModel))).toEqual(byModel);
  });

  it('refuses overlong links before decompressing them', () => {
    expect(errorOf('A'.repeat(MAX_LINK_CHARS + 1)).kind).toBe('too-long');
  });

  it('treats a JSON array or a scalar as not a view', () => {
    expect(errorOf(LZString.compressToEncodedURIComponent('[1,2]')).kind).toBe('invalid');
    expect(errorOf(LZString.compressToEncodedURIComponent('42')).kind).toBe('invalid');
  });
});
