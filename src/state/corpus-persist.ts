import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import {
  allocBatch,
  CLASS_COLUMNS,
  type CorpusBatch,
  type CorpusCheckpoint,
  type CorpusSpec,
  concatBatches,
  NET_COLUMNS,
} from '../core/corpus/page';
import { StorageError } from './persist';

/** The network study's checkpoint: spec and counters; its unique rows are stored in chunks. */
export interface CorpusMeta {
  id: 'current';
  spec: CorpusSpec;
  next: number;
  generated: number;
  duplicates: number;
  /** Unique rows stored in chunks so far. */
  rows: number;
  finished: boolean;
  /** Paused (or cancelled) by the user: a reload keeps it stopped (an interrupted running study resumes). */
  paused: boolean;
  /** Cancelled by the user: a reload shows it cancelled, not paused (Resume still continues it). Absent in older saves. */
  cancelled?: boolean;
  updatedAt: number;
}

interface CorpusChunk {
  start: number;
  rows: CorpusBatch;
}

interface CorpusDB extends DBSchema {
  meta: { key: string; value: CorpusMeta };
  chunks: { key: number; value: CorpusChunk };
}

/** A database of its own (not a new version of `archscope`): studies' storage is left untouched. */
let dbPromise: Promise<IDBPDatabase<CorpusDB>> | null = null;
function db(): Promise<IDBPDatabase<CorpusDB>> {
  if (typeof indexedDB === 'undefined')
    return Promise.reject(new StorageError('this browser offers no IndexedDB storage'));
  dbPromise ??= openDB<CorpusDB>('archscope-corpus', 1, {
    upgrade(d) {
      d.createObjectStore('meta', { keyPath: 'id' });
      d.createObjectStore('chunks', { keyPath: 'start' });
    },
    terminated: () => {
      dbPromise = null;
    },
  }).catch((e: unknown) => {
    dbPromise = null;
    throw new StorageError(`cannot open storage (${e instanceof Error ? e.name : String(e)})`);
  });
  return dbPromise;
}

const fail = (what: string, e: unknown) =>
  e instanceof StorageError
    ? e
    : new StorageError(`browser storage failed (${e instanceof Error ? e.name : String(e)}) while ${what}`);

/** Rows [from, to) of a batch as a fresh batch (copied: the store's columns keep growing). */
export function sliceBatch(b: CorpusBatch, from: number, to: number): CorpusBatch {
  const n = to - from;
  const C = b.classes;
  const out = allocBatch(n, C);
  out.index.set(b.index.subarray(from, to));
  out.hash.set(b.hash.subarray(2 * from, 2 * to));
  for (const k of NET_COLUMNS) out.net[k].set(b.net[k].subarray(from, to));
  for (const k of CLASS_COLUMNS) out.cls[k].set(b.cls[k].subarray(from * C, to * C));
  return out;
}

/** Starts a new saved study (drops the previous one: one network study is kept). */
export async function startSavedCorpus(meta: CorpusMeta): Promise<void> {
  try {
    const tx = (await db()).transaction(['meta', 'chunks'], 'readwrite');
    await tx.objectStore('chunks').clear();
    await tx.objectStore('meta').put(meta);
    await tx.done;
  } catch (e) {
    throw fail('starting the network study', e);
  }
}

/** Appends unique rows (starting at `chunk.start`) and the counters in one transaction. */
export async function appendCorpusChunk(meta: CorpusMeta, chunk: CorpusChunk | null): Promise<void> {
  try {
    const tx = (await db()).transaction(['meta', 'chunks'], 'readwrite');
    if (chunk && chunk.rows.n > 0) await tx.objectStore('chunks').put(chunk);
    await tx.objectStore('meta').put(meta);
    await tx.done;
  } catch (e) {
    throw fail('checkpointing the network study', e);
  }
}

/** The saved study as a CorpusCheckpoint (CorpusStore.fromCheckpoint resumes it), or null. */
export async function loadSavedCorpus(): Promise<{ meta: CorpusMeta; checkpoint: CorpusCheckpoint } | null> {
  try {
    const d = await db();
    const meta = await d.get('meta', 'current');
    if (!meta) return null;
    const chunks = (await d.getAll('chunks')).filter((c) => c.start < meta.rows).sort((a, b) => a.start - b.start);
    let at = 0;
    for (const c of chunks) {
      if (c.start !== at) throw new StorageError(`network study checkpoint has a gap at row ${at}`);
      at += c.rows.n;
    }
    const rows = chunks.length ? concatBatches(chunks.map((c) => c.rows)) : allocBatch(0, meta.spec.classes.length);
    const trimmed = rows.n > meta.rows ? sliceBatch(rows, 0, meta.rows) : rows;
    return {
      meta,
      checkpoint: {
        version: 1,
        spec: meta.spec,
        next: meta.next,
        generated: meta.generated,
        duplicates: meta.duplicates,
        rows: trimmed,
      },
    };
  } catch (e) {
    throw fail('loading the network study', e);
  }
}

export async function clearSavedCorpus(): Promise<void> {
  try {
    const tx = (await db()).transaction(['meta', 'chunks'], 'readwrite');
    await tx.objectStore('chunks').clear();
    await tx.objectStore('meta').clear();
    await tx.done;
  } catch (e) {
    throw fail('deleting the network study', e);
  }
}
