import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { ColumnBatch } from '../core/analysis/results-store';
import type { Metric } from '../core/study/metrics';
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

interface ArchscopeDB extends DBSchema {
  studies: { key: string; value: StudyRecord; indexes: { updatedAt: number } };
  chunks: { key: [string, string, number]; value: ChunkRecord; indexes: { study: string } };
}

/** Storage failures (quota, private mode, blocked) are reported with this class, never swallowed. */
export class StorageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageError';
  }
}

let dbPromise: Promise<IDBPDatabase<ArchscopeDB>> | null = null;

function db(): Promise<IDBPDatabase<ArchscopeDB>> {
  if (typeof indexedDB === 'undefined')
    return Promise.reject(new StorageError('this browser offers no IndexedDB storage'));
  dbPromise ??= openDB<ArchscopeDB>('archscope', 1, {
    upgrade(d) {
      d.createObjectStore('studies', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
      d.createObjectStore('chunks', { keyPath: ['studyId', 'run', 'start'] }).createIndex('study', 'studyId');
    },
  }).catch((e: unknown) => {
    dbPromise = null;
    throw new StorageError(`cannot open browser storage: ${e instanceof Error ? e.message : String(e)}`);
  });
  return dbPromise;
}

function wrap(what: string, e: unknown): StorageError {
  if (e instanceof StorageError) return e;
  const name = e instanceof DOMException ? e.name : '';
  const msg = e instanceof Error ? e.message : String(e);
  if (name === 'QuotaExceededError') return new StorageError(`${what}: browser storage is full (${msg})`);
  return new StorageError(`${what}: ${msg}`);
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
