import { create } from 'zustand';
import type { Workload } from '../core/workload/workload';
import { loadImported, loadPrimeResults, type PrimeRecord, saveImported, savePrimeResults } from './persist';
import { PRIME_DEFAULTS, type PrimeState, usePrime } from './prime-runs';
import { useStore } from './store';

/**
 * What survives a reload besides studies (issue 17 §6): imported workloads (their parsed layers; the file never left
 * the machine) and the PRIME panel's last results, in IndexedDB. Where storage fails, `note` says that they will not
 * survive, and why; the page works on in memory.
 */
export interface KeptState {
  /** Why imports and PRIME results will not survive a reload, or null while they are kept. */
  note: string | null;
  /** When the PRIME results shown were restored from an earlier visit (ms since epoch), else null. */
  primeRestoredAt: number | null;
}

export const useKept = create<KeptState>()(() => ({ note: null, primeRestoredAt: null }));

function fail(e: unknown): void {
  const why = e instanceof Error ? e.message : String(e);
  useKept.setState({ note: `Imported workloads and PRIME results will not survive a reload: ${why}.` });
}

/** The PRIME results worth keeping: what the panel shows, not the models (they live in the worker). */
const PRIME_KEYS = [
  'config',
  'phase',
  'summary',
  'curves',
  'reports',
  'proposals',
  'bestLoggedMs',
  'online',
  'logged',
  'preset',
  'data',
  'fileName',
  'generation',
  'comparison',
] as const satisfies readonly (keyof PrimeState)[];

type KeptPrime = Pick<PrimeState, (typeof PRIME_KEYS)[number]>;

function primeSnapshot(s: PrimeState): KeptPrime {
  const out: Partial<KeptPrime> = {};
  for (const k of PRIME_KEYS) (out as Record<string, unknown>)[k] = s[k];
  return out as KeptPrime;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A stored record that still has the shape this version shows (storage written by another version is skipped). */
function keptPrime(rec: PrimeRecord | null): KeptPrime | null {
  const r = rec?.results;
  if (!isObject(r) || (r.phase !== 'trained' && r.phase !== 'done')) return null;
  if (!isObject(r.config) || !isObject(r.curves) || !isObject(r.reports) || !isObject(r.proposals)) return null;
  for (const tag of ['prime', 'naive']) {
    if (!Array.isArray(r.curves[tag]) || !Array.isArray(r.reports[tag]) || !Array.isArray(r.proposals[tag]))
      return null;
  }
  return r as unknown as KeptPrime;
}

const isWorkload = (w: unknown): w is Workload =>
  isObject(w) &&
  typeof w.id === 'string' &&
  w.id.startsWith('import:') &&
  typeof w.name === 'string' &&
  Array.isArray(w.layers) &&
  isObject(w.input);

/**
 * Restores what an earlier visit kept, then saves imports as they arrive and PRIME results when a run settles.
 * Call once at startup.
 */
export async function startKeeping(): Promise<void> {
  const saved = new Set<string>();
  try {
    const records = await loadImported();
    const restored: Record<string, Workload> = {};
    for (const r of records) {
      if (!isWorkload(r.workload)) continue;
      restored[r.workload.id] = r.workload;
      saved.add(r.workload.id);
    }
    // Imports made while loading win over stored ones of the same file.
    if (records.length) useStore.setState((s) => ({ imported: { ...restored, ...s.imported } }));
    const rec = await loadPrimeResults();
    const prime = keptPrime(rec);
    // Not over a run the user started while storage was opening.
    if (rec && prime && usePrime.getState().phase === 'idle') {
      // Records of earlier versions lack newer form fields (the logged-data source's): the defaults fill them.
      usePrime.setState({ ...prime, config: { ...PRIME_DEFAULTS, ...prime.config }, trained: [], error: null });
      useKept.setState({ primeRestoredAt: rec.savedAt });
    }
  } catch (e) {
    fail(e);
  }
  const keepImports = (imported: Record<string, Workload>) => {
    for (const w of Object.values(imported)) {
      if (saved.has(w.id)) continue;
      saved.add(w.id);
      saveImported(w).catch(fail);
    }
  };
  keepImports(useStore.getState().imported);
  useStore.subscribe((s, prev) => {
    if (s.imported !== prev.imported) keepImports(s.imported);
  });
  usePrime.subscribe((s, prev) => {
    if (s.phase === prev.phase) return;
    if (s.phase === 'trained' || s.phase === 'done') {
      useKept.setState({ primeRestoredAt: null });
      savePrimeResults(primeSnapshot(s)).catch(fail);
    }
  });
}
