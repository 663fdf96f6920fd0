import { type Design, presetByName, requireTemplate, validateDesign } from '../core/arch';
import { LinkError } from '../core/link/codec';
import { MAX_SELECTED_LAYER_CHARS } from '../core/link/limits';
import {
  decodeViewState,
  encodeViewState,
  LINK_VERSION,
  type StudyLink,
  type ViewState,
} from '../core/link/view-state';
import { zooEntry } from '../core/workload/zoo';
import { DEFAULT_PRESET, presetDesign } from './actions';
import { PRIME_DEFAULTS, type PrimeConfig, usePrime } from './prime-runs';
import { type AppState, NETSTUDY_DEFAULTS, useStore } from './store';

/** The part of the state a permalink holds. Imported workloads cannot travel in a URL and are left out. */
export function linkStateOf(s: AppState, prime: PrimeConfig = usePrime.getState().config): ViewState | null {
  const workloads = s.workloads.filter((w) => zooEntry(w.id));
  if (workloads.length === 0) return null;
  // The active workload by its place among the linked ones (imported workloads before it are left out).
  const activeRef = s.workloads[s.activeIndex];
  const active = activeRef ? workloads.indexOf(activeRef) : -1;
  return {
    v: LINK_VERSION,
    view: s.view,
    workloads,
    ...(active > 0 ? { active } : {}),
    template: s.template,
    ...(s.preset ? { preset: s.preset } : {}),
    design: s.design,
    ...(s.budgetMm2 !== null ? { budgetMm2: s.budgetMm2 } : {}),
    breakdown: s.breakdown,
    sort: s.sort,
    ...selectedLayerOf(s),
    ...(s.pinned
      ? { pinned: { template: s.pinned.template, design: s.pinned.design, label: s.pinned.label.slice(0, 60) } }
      : {}),
    ...((s.view === 'explore' || s.runs.length > 0) && s.draft.workloads.some((w) => zooEntry(w.id))
      ? { study: studyLinkOf(s) }
      : {}),
    ...(s.paretoX !== 'latencyMs' || s.paretoY !== 'energyMj' || s.colorBy !== 'group'
      ? { plot: { x: s.paretoX, y: s.paretoY, colour: s.colorBy } }
      : {}),
    ...(s.challenge ? { challenge: s.challenge } : {}),
    // The Network-study form travels once its tab is open or it is edited.
    ...(s.view === 'netstudy' || s.netstudy !== NETSTUDY_DEFAULTS ? { netstudy: netstudyLinkOf(s.netstudy) } : {}),
    // The PRIME form travels once it is open or edited; links without it keep their old shape.
    ...(s.view === 'prime' || prime !== PRIME_DEFAULTS ? { prime: { ...prime } } : {}),
  };
}

/** The Network-study form as a link holds it (the evaluator only when it is the learned model: older links keep their shape). */
function netstudyLinkOf(n: AppState['netstudy']) {
  const { evaluator, ...rest } = n;
  return { ...rest, classes: [...n.classes], ...(evaluator === 'model' ? { evaluator } : {}) };
}

/** The selected layer as a link holds it; a key too long for the link (imported names) is left out, not cut. */
function selectedLayerOf(s: AppState): { selectedLayer?: string } {
  if (!s.selected) return {};
  const key = `${s.selected.workload}/${s.selected.layer}`;
  return key.length <= MAX_SELECTED_LAYER_CHARS ? { selectedLayer: key } : {};
}

/** The study draft as a link holds it; `run` once the study has been started, so the link re-runs it. */
function studyLinkOf(s: AppState): StudyLink {
  const d = s.draft;
  return {
    template: d.template,
    ...(d.preset ? { preset: d.preset } : {}),
    workloads: d.workloads.filter((w) => zooEntry(w.id)),
    objective: d.objective,
    aggregation: d.aggregation,
    ...(d.areaMm2 ? { areaMm2: d.areaMm2 } : {}),
    ...(d.latencyMs ? { latencyMs: d.latencyMs } : {}),
    ...(d.powerW ? { powerW: d.powerW } : {}),
    optimizers: d.optimizers,
    seeds: d.seeds,
    seed: d.seed,
    budget: d.budget,
    ...(s.runs.length > 0 ? { run: true } : {}),
  };
}

function checkDesign(templateId: string, design: Design, field: string): void {
  const errors = validateDesign(requireTemplate(templateId), design);
  const e = errors[0];
  if (e) throw new LinkError(`field "${field}.${e.key}": ${e.message}`, 'invalid', `${field}.${e.key}`);
}

/** Validated link → the state patch it describes; checks what the schema cannot (zoo ids, design ranges). */
export function stateFromLink(payload: string): Partial<AppState> {
  const v = decodeViewState(payload);
  v.workloads.forEach((w, i) => {
    const e = zooEntry(w.id);
    if (!e) throw new LinkError(`field "workloads[${i}].id": no zoo model "${w.id}"`, 'invalid', `workloads[${i}].id`);
    try {
      e.build(w.input);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new LinkError(`field "workloads[${i}].input": ${msg}`, 'invalid', `workloads[${i}].input`);
    }
  });
  checkDesign(v.template, v.design, 'design');
  if (v.pinned) checkDesign(v.pinned.template, v.pinned.design, 'pinned.design');
  if (v.preset && !presetByName(v.preset)) {
    throw new LinkError(`field "preset": no preset "${v.preset}"`, 'invalid', 'preset');
  }
  v.study?.workloads.forEach((w, i) => {
    if (!zooEntry(w.id)) {
      throw new LinkError(
        `field "study.workloads[${i}].id": no zoo model "${w.id}"`,
        'invalid',
        `study.workloads[${i}].id`,
      );
    }
  });
  v.challenge?.workloads.forEach((w, i) => {
    if (!zooEntry(w.id)) {
      const field = `challenge.workloads[${i}].id`;
      throw new LinkError(`field "${field}": no zoo model "${w.id}"`, 'invalid', field);
    }
  });
  for (const list of ['train', 'targets'] as const) {
    v.prime?.[list].forEach((id, i) => {
      const field = `prime.${list}[${i}]`;
      if (!zooEntry(id)) throw new LinkError(`field "${field}": no zoo model "${id}"`, 'invalid', field);
    });
  }
  if (v.study?.preset && !presetByName(v.study.preset)) {
    throw new LinkError(`field "study.preset": no preset "${v.study.preset}"`, 'invalid', 'study.preset');
  }
  let selected: AppState['selected'] = null;
  if (v.selectedLayer) {
    const slash = v.selectedLayer.indexOf('/');
    if (slash > 0) selected = { workload: v.selectedLayer.slice(0, slash), layer: v.selectedLayer.slice(slash + 1) };
  }
  return {
    view: v.view,
    workloads: v.workloads,
    activeIndex: v.active ?? 0,
    template: v.template,
    preset: v.preset ?? null,
    design: v.design,
    budgetMm2: v.budgetMm2 ?? null,
    breakdown: v.breakdown,
    sort: v.sort,
    selected,
    pinned: v.pinned
      ? { template: v.pinned.template, design: v.pinned.design, label: v.pinned.label ?? 'pinned' }
      : null,
    pinnedResults: [],
    linkError: null,
    linkWriteError: null,
    challenge: v.challenge ?? null,
    paretoX: v.plot?.x ?? 'latencyMs',
    paretoY: v.plot?.y ?? 'energyMj',
    colorBy: v.plot?.colour ?? 'group',
    ...(v.study ? { draft: draftOf(v.study) } : {}),
    ...(v.netstudy
      ? {
          netstudy: {
            seed: v.netstudy.seed,
            count: v.netstudy.count,
            classes: [...v.netstudy.classes],
            modelClass: v.netstudy.modelClass,
            modelTrain: v.netstudy.modelTrain,
            evaluator: v.netstudy.evaluator ?? 'simulator',
          },
          ...(v.netstudy.run ? { netstudyRunToken: useStore.getState().netstudyRunToken + 1 } : {}),
        }
      : { netstudy: NETSTUDY_DEFAULTS }),
  };
}

/** The PRIME form a (valid) link holds, or the defaults when it holds none. */
export function primeFromLink(payload: string): PrimeConfig {
  const p = decodeViewState(payload).prime;
  // Links from before the logged-data source have no application set or rows: the defaults fill them.
  return p ? { ...PRIME_DEFAULTS, ...p } : PRIME_DEFAULTS;
}

function draftOf(l: StudyLink): AppState['draft'] {
  const { run: _run, ...draft } = l;
  return draft;
}

/** True when the link asks to run its study on open. */
export function linkWantsRun(payload: string): boolean {
  try {
    return decodeViewState(payload).study?.run === true;
  } catch {
    return false;
  }
}

/** Reads `location.hash`: `#s=<permalink>` or `#view=<name>`. Bad links leave the default page and a message. */
export function applyHash(hash: string): void {
  const h = hash.replace(/^#/, '');
  if (h === '') return;
  if (h.startsWith('view=')) {
    const view = h.slice(5);
    if (
      view === 'explorer' ||
      view === 'explore' ||
      view === 'workloads' ||
      view === 'prime' ||
      view === 'netstudy' ||
      view === 'lessons'
    )
      useStore.setState({ view });
    else useStore.setState({ linkError: `This link asks for an unknown view "${view.slice(0, 40)}".` });
    return;
  }
  if (!h.startsWith('s=')) {
    useStore.setState({ linkError: 'This link is not an Archscope permalink (it should start with #s=).' });
    return;
  }
  try {
    useStore.setState(stateFromLink(h.slice(2)));
    usePrime.setState({ config: primeFromLink(h.slice(2)) });
  } catch (e) {
    const msg = e instanceof LinkError ? e.message : 'the link could not be read';
    useStore.setState({ linkError: `This link could not be opened: ${msg}. Showing the default design instead.` });
  }
}

const LINKED: (keyof AppState)[] = [
  'draft',
  'runs',
  'view',
  'workloads',
  'activeIndex',
  'template',
  'preset',
  'design',
  'budgetMm2',
  'breakdown',
  'sort',
  'selected',
  'pinned',
  'challenge',
  'netstudy',
  'paretoX',
  'paretoY',
  'colorBy',
];

let lastWritten = '';

/**
 * Writes the link of the current state; never throws. A state the schema rejects is a bug (every
 * control keeps its value inside the schema's limits), so it is reported on the page by name
 * rather than thrown from a timer, and the last good link stays in the address bar.
 */
export function writeLink(s: AppState = useStore.getState()): void {
  const ls = linkStateOf(s);
  if (!ls) return;
  let next: string;
  try {
    next = `#s=${encodeViewState(ls)}`;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const linkWriteError = `This view cannot be saved in the link (${msg}); the address bar keeps the last link that could be. Please report this.`;
    if (s.linkWriteError !== linkWriteError) useStore.setState({ linkWriteError });
    return;
  }
  if (s.linkWriteError !== null) useStore.setState({ linkWriteError: null });
  lastWritten = next;
  // A new view (a tab, or "open in explorer" from a plot) is a history entry, so Back returns to it; edits
  // within a view (slider moves) replace the current entry.
  const newView = !navigating && lastView !== null && s.view !== lastView;
  lastView = s.view;
  if (newView) history.pushState(null, '', lastWritten);
  else if (window.location.hash !== lastWritten) history.replaceState(null, '', lastWritten);
}

/** The view the current history entry shows (null before the first write). */
let lastView: AppState['view'] | null = null;
/** True while Back / Forward applies an entry's link: writing it back must not push another entry. */
let navigating = false;

/** Called when a link opened in this page (pasted, or Back / Forward) asks to run a study that is not the one shown. */
let onLinkRun: (() => void) | null = null;

/**
 * Back / Forward / a pasted link: applies the entry's link, which becomes the current one (no new entry). A link
 * that runs its study starts it, as opening it in a new tab would — unless the page already shows that study's runs
 * (Back to the Exploration tab must not start it over).
 */
function onNavigate(): void {
  const h = window.location.hash;
  if (h === lastWritten) return;
  lastWritten = h;
  const before = useStore.getState();
  navigating = true;
  try {
    applyHash(window.location.hash);
  } finally {
    navigating = false;
  }
  const after = useStore.getState();
  lastView = after.view;
  const wantsRun = h.startsWith('#s=') && after.linkError === null && linkWantsRun(h.slice(3));
  const shown = before.runs.length > 0 && JSON.stringify(before.draft) === JSON.stringify(after.draft);
  if (wantsRun && !shown) onLinkRun?.();
}

/**
 * Keeps the URL hash in step with the state: read once at start (and on Back / Forward, or when the
 * user pastes another link), written at most every 150 ms with history.replaceState — never a
 * history entry per slider move — or history.pushState when the view changed.
 */
export function startLinkSync(runLinkedStudy?: () => void): boolean {
  onLinkRun = runLinkedStudy ?? null;
  const defaults = presetDesign(DEFAULT_PRESET.edgetpu);
  if (Object.keys(useStore.getState().design).length === 0) useStore.setState({ design: defaults.design });
  applyHash(window.location.hash);
  const h = window.location.hash;
  const wantsRun = h.startsWith('#s=') && useStore.getState().linkError === null && linkWantsRun(h.slice(3));
  lastView = useStore.getState().view;
  // Traversing entries that differ in the hash fires popstate, then hashchange; the second finds nothing new.
  window.addEventListener('popstate', onNavigate);
  window.addEventListener('hashchange', onNavigate);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = () => {
    timer = null;
    writeLink();
  };
  useStore.subscribe((s, prev) => {
    if (!LINKED.some((k) => s[k] !== prev[k])) return;
    // A new view is written at once, so its history entry exists before the user can press Back.
    // (Not while Back / Forward / a pasted link applies its entry: that entry is the one being written.)
    if (s.view !== prev.view && !navigating) {
      if (timer) clearTimeout(timer);
      timer = null;
      // The entry being left keeps its last state (an edit not yet written, or a page opened without a link)…
      writeLink(prev);
      // …and the new view gets its own entry.
      writeLink();
    } else if (!timer) timer = setTimeout(write, 150);
  });
  usePrime.subscribe((s, prev) => {
    if (s.config !== prev.config && !timer) timer = setTimeout(write, 150);
  });
  return wantsRun;
}
