/// <reference lib="dom" />
// The store and link-sync read window/history (browser globals) at call time, never at import; the DOM
// types let this node-run test type-check them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { presetNames, TEMPLATES } from '../core/arch';
import { LinkError } from '../core/link/codec';
import { AREA_BUDGET_MM2, DEFAULT_AREA_BUDGET_MM2 } from '../core/link/limits';
import { decodeViewState, encodeViewState, type NetstudyLink } from '../core/link/view-state';
import { actions, DEFAULT_PRESET, presetDesign } from './actions';
import { linkStateOf, primeFromLink, stateFromLink, writeLink } from './link-sync';
import { PRIME_DEFAULTS, setPrimeConfig, usePrime } from './prime-runs';
import { DEFAULT_DRAFT, NETSTUDY_DEFAULTS, useStore } from './store';

// The page's start state: the store plus the default design startLinkSync fills in.
const initial = { ...useStore.getState(), design: presetDesign(DEFAULT_PRESET.edgetpu).design };

/** The current store as a permalink payload (throws when the schema rejects it). */
function linkOfStore(): string {
  const ls = linkStateOf(useStore.getState());
  if (!ls) throw new Error('no link state');
  return encodeViewState(ls);
}

/** permalink → state → permalink: the payload a fresh page would write back after opening `link`. */
function reopened(link: string): string {
  useStore.setState(initial, true);
  usePrime.setState({ config: PRIME_DEFAULTS });
  useStore.setState(stateFromLink(link));
  usePrime.setState({ config: primeFromLink(link) });
  return linkOfStore();
}

beforeEach(() => {
  useStore.setState(initial, true);
  usePrime.setState({ config: PRIME_DEFAULTS });
});

describe('permalink round trip through the store', () => {
  for (const t of TEMPLATES) {
    it(`switching to template ${t.id} writes a link that reopens to the same state`, () => {
      actions.setTemplate(t.id);
      const link = linkOfStore();
      expect(reopened(link)).toBe(link);
      const s = useStore.getState();
      expect(s.template).toBe(t.id);
      // A template without a budget has none: null in the store, absent in the link, never Infinity.
      const expected = Number.isFinite(t.defaultAreaBudgetMm2) ? t.defaultAreaBudgetMm2 : null;
      expect(s.budgetMm2).toBe(expected);
      expect('budgetMm2' in decodeViewState(link)).toBe(expected !== null);
    });
  }

  for (const { template, name } of presetNames()) {
    it(`preset ${name} (${template}) round-trips with its design, pinned and on the explore view`, () => {
      actions.setTemplate(template);
      actions.applyPreset(name);
      actions.pin();
      actions.setBreakdown('energy');
      actions.setSort('cost');
      actions.setView('explore');
      useStore.setState({ draft: { ...DEFAULT_DRAFT, template, areaMm2: undefined, optimizers: ['bo', 'nsga2'] } });
      const link = linkOfStore();
      expect(reopened(link)).toBe(link);
      const s = useStore.getState();
      expect(s.preset).toBe(name);
      expect(s.template).toBe(template);
      expect(s.pinned?.template).toBe(template);
      expect(s.draft.template).toBe(template);
      expect(s.draft.areaMm2).toBeUndefined();
      expect(s.design).toEqual(TEMPLATES.find((x) => x.id === template)?.presets[name]);
    });
  }

  it('the Network-study form round-trips through the store; only a link asking to run bumps the run token', () => {
    useStore.setState({
      view: 'netstudy',
      netstudy: {
        seed: 42,
        count: 5000,
        classes: ['v2', 'v3'],
        modelClass: 'v3',
        modelTrain: 1200,
        evaluator: 'model',
      },
    });
    const link = linkOfStore();
    expect(decodeViewState(link).netstudy).toEqual({
      seed: 42,
      count: 5000,
      classes: ['v2', 'v3'],
      modelClass: 'v3',
      modelTrain: 1200,
      evaluator: 'model',
    });
    const token = useStore.getState().netstudyRunToken;
    expect(reopened(link)).toBe(link);
    expect(useStore.getState().netstudy.classes).toEqual(['v2', 'v3']);
    expect(useStore.getState().netstudy.evaluator).toBe('model');
    expect(useStore.getState().netstudyRunToken).toBe(token);
    // The simulator (the default evaluator) keeps the link's older shape: no evaluator field.
    useStore.setState({ netstudy: { ...useStore.getState().netstudy, evaluator: 'simulator' } });
    expect(decodeViewState(linkOfStore()).netstudy).not.toHaveProperty('evaluator');
    const run = encodeViewState({
      ...decodeViewState(link),
      netstudy: { ...(decodeViewState(link).netstudy as NetstudyLink), run: true },
    });
    useStore.setState(stateFromLink(run));
    expect(useStore.getState().netstudyRunToken).toBe(token + 1);
    // Another view with the default form leaves the form out of the link.
    useStore.setState({ view: 'explorer', netstudy: NETSTUDY_DEFAULTS });
    expect(decodeViewState(linkOfStore()).netstudy).toBeUndefined();
  });

  it('the Edge TPU classes keep their off-grid clocks (800 / 1066 MHz) and memories when edited', () => {
    for (const name of ['edgetpu-v1', 'edgetpu-v2', 'edgetpu-v3']) {
      actions.applyPreset(name);
      const clock = useStore.getState().design.clockMHz;
      actions.setParam('dramBandwidth', 12.5);
      const link = linkOfStore();
      expect(reopened(link)).toBe(link);
      const d = useStore.getState().design;
      expect(d.clockMHz).toBe(clock);
      expect([800, 1066]).toContain(d.clockMHz);
      expect(d.dramBandwidth).toBe(12.5);
      expect(d).toEqual({ ...presetDesign(name).design, dramBandwidth: 12.5 });
    }
  });

  it('a systolic preset applied from an edgetpu page takes the systolic budget (none)', () => {
    expect(useStore.getState().budgetMm2).toBe(DEFAULT_AREA_BUDGET_MM2);
    actions.applyPreset('tpu-v1-like');
    expect(useStore.getState().budgetMm2).toBeNull();
    actions.applyPreset('coral');
    expect(useStore.getState().budgetMm2).toBe(DEFAULT_AREA_BUDGET_MM2);
  });

  it('the budget control refuses what the link cannot hold and clearing it means no budget', () => {
    actions.setBudget(AREA_BUDGET_MM2.max * 2);
    actions.setBudget(Number.POSITIVE_INFINITY);
    actions.setBudget(AREA_BUDGET_MM2.min / 2);
    expect(useStore.getState().budgetMm2).toBe(DEFAULT_AREA_BUDGET_MM2);
    actions.setBudget(12.5);
    expect(reopened(linkOfStore())).toBe(linkOfStore());
    expect(useStore.getState().budgetMm2).toBe(12.5);
    actions.setBudget(null);
    const link = linkOfStore();
    expect(decodeViewState(link).budgetMm2).toBeUndefined();
    expect(reopened(link)).toBe(link);
    expect(useStore.getState().budgetMm2).toBeNull();
  });

  it('a state the schema rejects is a LinkError naming the field, not a ZodError', () => {
    const ls = linkStateOf(useStore.getState());
    if (!ls) throw new Error('no link state');
    let err: unknown;
    try {
      encodeViewState({ ...ls, budgetMm2: Number.POSITIVE_INFINITY });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LinkError);
    expect((err as LinkError).field).toBe('budgetMm2');
  });

  it('the active workload and its highlighted layer round-trip', () => {
    actions.addWorkload({ id: 'vgg16' });
    actions.addWorkload({ id: 'resnet50', input: 299 });
    actions.setActiveWorkload(1);
    actions.select({ workload: 'VGG-16', layer: 'conv3_2' });
    const link = linkOfStore();
    expect(decodeViewState(link).active).toBe(1);
    expect(reopened(link)).toBe(link);
    const s = useStore.getState();
    expect(s.activeIndex).toBe(1);
    expect(s.workloads[s.activeIndex]?.id).toBe('vgg16');
    expect(s.selected).toEqual({ workload: 'VGG-16', layer: 'conv3_2' });
    actions.setActiveWorkload(2);
    expect(reopened(linkOfStore())).toBe(linkOfStore());
    expect(useStore.getState().activeIndex).toBe(2);
    // The first workload is the default: the link leaves it out, as links made before `active` existed.
    actions.setActiveWorkload(0);
    expect('active' in decodeViewState(linkOfStore())).toBe(false);
  });

  it('the Pareto plot axes and colouring round-trip; the defaults leave the link as it was', () => {
    const plain = linkOfStore();
    expect('plot' in decodeViewState(plain)).toBe(false);
    useStore.setState({ paretoX: 'areaMm2', paretoY: 'edp', colorBy: 'order' });
    const link = linkOfStore();
    expect(decodeViewState(link).plot).toEqual({ x: 'areaMm2', y: 'edp', colour: 'order' });
    expect(reopened(link)).toBe(link);
    const s = useStore.getState();
    expect([s.paretoX, s.paretoY, s.colorBy]).toEqual(['areaMm2', 'edp', 'order']);
    // A link without the field reopens on the defaults, whatever the page showed before.
    useStore.setState(stateFromLink(plain));
    expect([useStore.getState().paretoX, useStore.getState().colorBy]).toEqual(['latencyMs', 'group']);
    const bad = { ...decodeViewState(link), plot: { x: 'cost', y: 'edp', colour: 'order' } };
    expect(() => stateFromLink(encodeViewState(bad as never))).toThrow(/plot\.x/);
  });

  it('an active index past the workload list is refused by name', () => {
    const ls = linkStateOf(useStore.getState());
    if (!ls) throw new Error('no link state');
    expect(() => stateFromLink(encodeViewState({ ...ls, active: 1 }))).toThrow(/field "active"/);
  });

  it('the selected layer round-trips; one whose key is too long for the link is left out', () => {
    actions.select({ workload: 'MobileNetV2', layer: 'b1_dw' });
    expect(reopened(linkOfStore())).toBe(linkOfStore());
    expect(useStore.getState().selected).toEqual({ workload: 'MobileNetV2', layer: 'b1_dw' });
    actions.select({ workload: 'an imported network', layer: 'x'.repeat(300) });
    expect(linkStateOf(useStore.getState())?.selectedLayer).toBeUndefined();
  });
});

describe('the PRIME form in the link', () => {
  it('is left out while untouched and round-trips once edited', () => {
    expect(decodeViewState(linkOfStore()).prime).toBeUndefined();
    setPrimeConfig({ source: 'study', targets: ['resnet50', 'mobilenet_v2'], k: 16, alpha: 0.5, gate: true });
    const link = linkOfStore();
    expect(reopened(link)).toBe(link);
    expect(usePrime.getState().config).toEqual({
      ...PRIME_DEFAULTS,
      source: 'study',
      targets: ['resnet50', 'mobilenet_v2'],
      k: 16,
      alpha: 0.5,
      gate: true,
    });
  });

  it('names a PRIME workload that is not in the zoo', () => {
    setPrimeConfig({ train: ['not_a_model'] });
    expect(() => stateFromLink(linkOfStore())).toThrow(/prime\.train\[0\]/);
  });
});

describe('writeLink', () => {
  const written: string[] = [];
  beforeEach(() => {
    written.length = 0;
    vi.stubGlobal('window', { location: { hash: '' } });
    vi.stubGlobal('history', {
      replaceState: (_s: unknown, _t: string, url: string) => written.push(url),
      pushState: (_s: unknown, _t: string, url: string) => written.push(`push ${url}`),
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reports a state the schema rejects on the page, naming the field, and writes nothing', () => {
    // Bypasses the actions on purpose: the link writer must survive a bug elsewhere.
    useStore.setState({ budgetMm2: Number.POSITIVE_INFINITY });
    expect(() => writeLink()).not.toThrow();
    expect(useStore.getState().linkWriteError).toMatch(/"budgetMm2"/);
    expect(written).toEqual([]);
    actions.setBudget(null);
    writeLink();
    expect(useStore.getState().linkWriteError).toBeNull();
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^#s=[A-Za-z0-9+\-$]+$/);
  });

  it('a new view is a history entry (pushState); an edit within a view replaces the entry', () => {
    writeLink();
    actions.setParam('peX', 8);
    writeLink();
    actions.setView('workloads');
    writeLink();
    actions.setParam('peX', 16);
    writeLink();
    expect(written.map((w) => w.split('=')[0])).toEqual(['#s', '#s', 'push #s', '#s']);
  });
});
