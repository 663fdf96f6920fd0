import { type Endpoint, type Remote, wrap } from 'comlink';

/** Thrown to callers whose call was aborted (the worker is terminated and restarted on next use). */
export class AbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortError';
  }
}

/** What the bridge needs of a worker: a Comlink endpoint that can be terminated (a DOM Worker is one; tests pass a MessagePort). */
export type WorkerLike = Endpoint & { terminate(): void };

/**
 * Owns one worker's life (Squoosh's worker-bridge): starts it on first use, terminates it when
 * idle for `idleMs`, and makes calls abortable — aborting terminates the worker and rejects every
 * pending call, since a worker busy in a synchronous loop cannot be interrupted any other way.
 */
export class WorkerBridge<Api> {
  private worker: WorkerLike | null = null;
  private remote: Remote<Api> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private pending = new Set<(e: Error) => void>();

  constructor(
    private readonly create: () => WorkerLike,
    private readonly idleMs = 60_000,
  ) {}

  private api(): Remote<Api> {
    if (!this.remote) {
      this.worker = this.create();
      this.worker.addEventListener('error', (e: unknown) =>
        this.fail(new Error(`worker crashed: ${(e as { message?: string }).message || 'unknown error'}`)),
      );
      this.remote = wrap<Api>(this.worker);
    }
    return this.remote;
  }

  /** Runs `fn` against the worker API; rejects with AbortedError when `signal` aborts. */
  async call<T>(fn: (api: Remote<Api>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw new AbortedError();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const api = this.api();
    return new Promise<T>((resolve, reject) => {
      const rejectThis = (e: Error) => reject(e);
      this.pending.add(rejectThis);
      const onAbort = () => this.fail(new AbortedError());
      signal?.addEventListener('abort', onAbort, { once: true });
      fn(api)
        .then(resolve, reject)
        .finally(() => {
          this.pending.delete(rejectThis);
          signal?.removeEventListener('abort', onAbort);
          if (this.pending.size === 0) this.scheduleIdle();
        });
    });
  }

  private scheduleIdle() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.terminate(), this.idleMs);
  }

  /** Terminates the worker and rejects all pending calls with `reason`. */
  private fail(reason: Error) {
    const pending = [...this.pending];
    this.pending.clear();
    this.terminate();
    for (const r of pending) r(reason);
  }

  terminate() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
  }
}
