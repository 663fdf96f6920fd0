import { create } from 'zustand';
import { type AppState, useStore } from './store';

/** What one undo step restores: the design being edited (template, preset, values, area budget). */
export interface DesignSnapshot {
  template: AppState['template'];
  preset: AppState['preset'];
  design: AppState['design'];
  budgetMm2: AppState['budgetMm2'];
}

/** Undo steps kept; older ones are dropped (a long session must not grow without bound). */
export const UNDO_LIMIT = 100;

/**
 * Edits of one parameter closer together than this (ms) are one step: a slider drag, or arrow keys held
 * on a slider, passes through many values, and Ctrl+Z should return to where the drag started.
 */
export const COALESCE_MS = 1000;

interface History {
  past: DesignSnapshot[];
  future: DesignSnapshot[];
}

/** The undo and redo stacks (newest last), for the Undo / Redo buttons' enabled state. */
export const useHistory = create<History>()(() => ({ past: [], future: [] }));

function snapshotOf(s: AppState): DesignSnapshot {
  return { template: s.template, preset: s.preset, design: s.design, budgetMm2: s.budgetMm2 };
}

function sameDesignFields(a: AppState, b: AppState): boolean {
  return a.template === b.template && a.preset === b.preset && a.design === b.design && a.budgetMm2 === b.budgetMm2;
}

/** The one parameter `next` changed from `prev`, or null when the edit is anything else. */
function singleParamEdit(prev: AppState, next: AppState): string | null {
  if (prev.template !== next.template || prev.budgetMm2 !== next.budgetMm2) return null;
  const keys = new Set([...Object.keys(prev.design), ...Object.keys(next.design)]);
  let changed: string | null = null;
  for (const k of keys) {
    if (prev.design[k] === next.design[k]) continue;
    if (changed !== null) return null;
    changed = k;
  }
  return changed;
}

let applying = false;
let lastEdit: { key: string; at: number } | null = null;

function apply(snap: DesignSnapshot): void {
  applying = true;
  try {
    useStore.setState(snap);
  } finally {
    applying = false;
  }
  lastEdit = null;
}

/** Restores the design before the last edit; false when there is nothing to undo. */
export function undo(): boolean {
  const { past, future } = useHistory.getState();
  const snap = past[past.length - 1];
  if (!snap) return false;
  const now = snapshotOf(useStore.getState());
  useHistory.setState({ past: past.slice(0, -1), future: [...future, now] });
  apply(snap);
  return true;
}

/** Re-applies the last undone edit; false when there is nothing to redo. */
export function redo(): boolean {
  const { past, future } = useHistory.getState();
  const snap = future[future.length - 1];
  if (!snap) return false;
  const now = snapshotOf(useStore.getState());
  useHistory.setState({ past: [...past, now].slice(-UNDO_LIMIT), future: future.slice(0, -1) });
  apply(snap);
  return true;
}

/**
 * Records every change of the design (from any source: sliders, presets, a plot's "open", a pasted link) as an
 * undo step, coalescing quick edits of one parameter. `now` is injectable for tests. Returns the unsubscribe.
 */
export function startUndo(now: () => number = () => performance.now()): () => void {
  return useStore.subscribe((s, prev) => {
    if (applying || sameDesignFields(s, prev)) return;
    const key = singleParamEdit(prev, s);
    const t = now();
    const coalesce = key !== null && lastEdit !== null && lastEdit.key === key && t - lastEdit.at < COALESCE_MS;
    lastEdit = key === null ? null : { key, at: t };
    const { past } = useHistory.getState();
    if (coalesce && past.length > 0) {
      useHistory.setState({ future: [] });
      return;
    }
    useHistory.setState({ past: [...past, snapshotOf(prev)].slice(-UNDO_LIMIT), future: [] });
  });
}

/** Forgets every step (tests; a fresh page starts empty). */
export function clearUndo(): void {
  useHistory.setState({ past: [], future: [] });
  lastEdit = null;
}

/** True when a key press on `target` belongs to a text field's own undo (the exact-value boxes, number fields). */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'color'].includes(target.type);
}

/**
 * Ctrl+Z undo, Ctrl+Shift+Z or Ctrl+Y redo (⌘ on macOS) in the design explorer, except inside a text field, which
 * keeps its own. Other tabs do not show the design, so the keys leave it alone there.
 */
export function onUndoKey(e: KeyboardEvent): void {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || isTextEntry(e.target)) return;
  if (useStore.getState().view !== 'explorer') return;
  const k = e.key.toLowerCase();
  const done = k === 'z' ? (e.shiftKey ? redo() : undo()) : k === 'y' && !e.shiftKey ? redo() : null;
  if (done !== null) e.preventDefault();
}
