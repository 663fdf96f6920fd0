import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { ColumnBatch } from '../core/analysis/results-store';
import type { Metric } from '../core/study/metrics';
import type { Workload } from '../core/workload/workload';
import type { StudyDraft } from './store';

/** A saved study: its draft (what to run) and, per run, how far it got. */
export interface StudyRecord {
  id: string;
  name: string;
  draft: StudyDraft;
  createdAt: number;
  updatedAt: number;
  /** Per run key (optimizer:seed): rows checkpointed so far and whether the run finished. */
  runs: Record<string, { rows: number; finished: boolean }>;
}

/** Rows [start, start + n) of one run, as stored. */
export interface ChunkRecord {
  studyId: string;
  run: string;
  start: number;
  batch: ColumnBatch<Metric>;
}

/** An imported workload as kept across reloads (its file stays on the user's machine; the parsed layers are kept). */
export interface ImportedRecord {
  id: string;
  savedAt: number;
  workload: Workload;
}

/** The PRIME panel's last results (not its models, which live in the worker), under one key. */
export interface PrimeRecord {
  id: 'last';
  savedAt: number;
  results: unknown;
}

interface ArchscopeDB extends DBSchema {
  studies: { key: string; value: StudyRecord; indexes: { updatedAt: number } };
  chunks: { key: [string, string, number]; value: ChunkRecord; indexes: { study: string } };
  imports: { key: string; value: ImportedRecord };
  prime: { key: string; value: PrimeRecord };
}

/**
 * Storage failures (quota, private mode, blocked) are reported with this class, never swallowed.
 * The message names the cause and the DOMException name, e.g. "browser storage is full
 * (QuotaExceededError) while checkpointing results".
 */
export class StorageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageError';
  }
}

/** "Name: message" of a DOMException or Error, for messages users can report. */
function errorText(e: unknown): string {
  if (e instanceof Error) return e.message && e.message !== e.name ? `${e.name}: ${e.message}` : e.name;
  return String(e);
}

/** Why storage failed, in words, from the exception the browser raised. */
function causeOf(e: unknown): string {
  const name = e instanceof Error ? e.name : '';
  if (name === 'QuotaExceededError') return `browser storage is full (${errorText(e)})`;
  // Private windows (Firefox up to 114, old Safari), disabled site data and sandboxed frames refuse the open.
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError')
    return `browser storage is unavailable — private browsing, or site data blocked in the browser settings (${errorText(e)})`;
  return `browser storage failed (${errorText(e)})`;
}

let dbPromise: Promise<IDBPDatabase<ArchscopeDB>> | null = null;

function db(): Promise<IDBPDatabase<ArchscopeDB>> {
  if (typeof indexedDB === 'undefined')
    return Promise.reject(new StorageError('this browser offers no IndexedDB storage'));
  dbPromise ??= new Promise<IDBPDatabase<ArchscopeDB>>((resolve, reject) => {
    // indexedDB.open throws synchronously in some private modes: the executor turns that into a rejection.
    openDB<ArchscopeDB>('archscope', 2, {
      upgrade(d, oldVersion) {
        if (oldVersion < 1) {
          d.createObjectStore('studies', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
          d.createObjectStore('chunks', { keyPath: ['studyId', 'run', 'start'] }).createIndex('study', 'studyId');
        }
        // Version 2 (issue 17): imported workloads and PRIME results survive a reload.
        if (oldVersion < 2) {
          d.createObjectStore('imports', { keyPath: 'id' });
          d.createObjectStore('prime', { keyPath: 'id' });
        }
      },
      // Another tab holds an older version open; the open would wait for it indefinitely.
      blocked: () =>
        reject(new StorageError('browser storage is blocked by another Archscope tab — close the other tabs')),
      // The browser closed the connection (storage cleared, disk error): open afresh next time.
      terminated: () => {
        dbPromise = null;
      },
    }).then(resolve, reject);
  }).catch((e: unknown) => {
    dbPromise = null;
    throw e instanceof StorageError ? e : new StorageError(`cannot open storage: ${causeOf(e)}`);
  });
  return dbPromise;
}

function wrap(what: string, e: unknown): StorageError {
  if (e instanceof StorageError) return new StorageError(`${e.message} (while ${what})`);
  return new StorageError(`${causeOf(e)} while ${what}`);
}

export async function saveStudy(rec: StudyRecord): Promise<void> {
  try {
    await (await db()).put('studies', rec);
  } catch (e) {
    throw wrap('saving the study', e);
  }
}

/** Appends a checkpoint chunk and updates the run's row count in one transaction. */
export async function appendChunk(chunk: ChunkRecord, finished: boolean): Promise<void> {
  try {
    const d = await db();
    const tx = d.transaction(['studies', 'chunks'], 'readwrite');
    const rec = await tx.objectStore('studies').get(chunk.studyId);
    if (!rec) throw new StorageError(`study ${chunk.studyId} is not saved`);
    await tx.objectStore('chunks').put(chunk);
    rec.runs[chunk.run] = { rows: chunk.start + chunk.batch.n, finished };
    rec.updatedAt = Date.now();
    await tx.objectStore('studies').put(rec);
    await tx.done;
  } catch (e) {
    throw wrap('checkpointing results', e);
  }
}

export async function markFinished(studyId: string, run: string, rows: number): Promise<void> {
  try {
    const d = await db();
    const rec = await d.get('studies', studyId);
    if (!rec) return;
    rec.runs[run] = { rows, finished: true };
    rec.updatedAt = Date.now();
    await d.put('studies', rec);
  } catch (e) {
    throw wrap('saving the study', e);
  }
}

export async function listStudies(): Promise<StudyRecord[]> {
  try {
    const all = await (await db()).getAllFromIndex('studies', 'updatedAt');
    return all.reverse();
  } catch (e) {
    throw wrap('listing saved studies', e);
  }
}

export async function loadStudy(id: string): Promise<{ record: StudyRecord; chunks: ChunkRecord[] } | null> {
  try {
    const d = await db();
    const record = await d.get('studies', id);
    if (!record) return null;
    const chunks = await d.getAllFromIndex('chunks', 'study', id);
    chunks.sort((a, b) => (a.run === b.run ? a.start - b.start : a.run < b.run ? -1 : 1));
    return { record, chunks };
  } catch (e) {
    throw wrap('loading the study', e);
  }
}

export async function deleteStudy(id: string): Promise<void> {
  try {
    const d = await db();
    const tx = d.transaction(['studies', 'chunks'], 'readwrite');
    await tx.objectStore('studies').delete(id);
    const keys = await tx.objectStore('chunks').index('study').getAllKeys(id);
    for (const k of keys) await tx.objectStore('chunks').delete(k);
    await tx.done;
  } catch (e) {
    throw wrap('deleting the study', e);
  }
}

export async function saveImported(workload: Workload): Promise<void> {
  try {
    await (await db()).put('imports', { id: workload.id, savedAt: Date.now(), workload });
  } catch (e) {
    throw wrap('saving the imported workload', e);
  }
}

export async function deleteImported(id: string): Promise<void> {
  try {
    await (await db()).delete('imports', id);
  } catch (e) {
    throw wrap('forgetting the imported workload', e);
  }
}

/** Imported workloads saved by earlier visits, oldest first. */
export async function loadImported(): Promise<ImportedRecord[]> {
  try {
    const all = await (await db()).getAll('imports');
    return all.sort((a, b) => a.savedAt - b.savedAt);
  } catch (e) {
    throw wrap('loading imported workloads', e);
  }
}

export async function savePrimeResults(results: unknown): Promise<void> {
  try {
    await (await db()).put('prime', { id: 'last', savedAt: Date.now(), results });
  } catch (e) {
    throw wrap('saving the PRIME results', e);
  }
}

export async function loadPrimeResults(): Promise<PrimeRecord | null> {
  try {
    return (await (await db()).get('prime', 'last')) ?? null;
  } catch (e) {
    throw wrap('loading the last PRIME results', e);
  }
}

const CURRENT_KEY = 'archscope.currentStudy';

/** The study to reopen after a reload (localStorage; absent when storage is unavailable). */
export function currentStudyId(): string | null {
  try {
    return localStorage.getItem(CURRENT_KEY);
  } catch {
    return null;
  }
}

export function setCurrentStudyId(id: string | null): void {
  try {
    if (id) localStorage.setItem(CURRENT_KEY, id);
    else localStorage.removeItem(CURRENT_KEY);
  } catch {
    // reopening after reload is a convenience; the study itself is in IndexedDB
  }
}
