import { expose } from 'comlink';
import { describe, expect, it, vi } from 'vitest';
import { AbortedError, WorkerBridge, type WorkerLike } from './worker-bridge';

/** What the fake worker can do: answer, or never answer (a synchronous loop in a real worker). */
const api = {
  double: async (x: number) => 2 * x,
  hang: () => new Promise<number>(() => {}),
};
type Api = typeof api;

/**
 * A Worker stand-in on a Node MessageChannel: Comlink talks to `port1` as it would to a Worker;
 * the API is exposed on `port2`. Counts how many were started and terminated.
 */
function fakeWorkers() {
  const made = { started: 0, terminated: 0 };
  const create = () => {
    made.started += 1;
    const { port1, port2 } = new MessageChannel();
    expose(api, port2 as unknown as Parameters<typeof expose>[1]);
    const w = Object.assign(port1, {
      terminate() {
        made.terminated += 1;
        port1.close();
        port2.close();
      },
    });
    return w as unknown as WorkerLike;
  };
  return { made, create };
}

describe('WorkerBridge (Squoosh worker-bridge: lazy start, abort, idle timeout)', () => {
  it('starts its worker on the first call, not before, and reuses it', async () => {
    const { made, create } = fakeWorkers();
    const b = new WorkerBridge<Api>(create, 60_000);
    expect(made.started).toBe(0);
    expect(await b.call((w) => w.double(21))).toBe(42);
    expect(await b.call((w) => w.double(2))).toBe(4);
    expect(made.started).toBe(1);
    b.terminate();
    expect(made.terminated).toBe(1);
  });

  it('an abort terminates the worker and rejects every pending call; the next call starts a new worker', async () => {
    const { made, create } = fakeWorkers();
    const b = new WorkerBridge<Api>(create, 60_000);
    const ac = new AbortController();
    const aborted = b.call((w) => w.hang(), ac.signal);
    const other = b.call((w) => w.hang());
    ac.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortedError);
    await expect(other).rejects.toBeInstanceOf(AbortedError);
    expect(made.terminated).toBe(1);
    await expect(b.call((w) => w.double(1), ac.signal)).rejects.toBeInstanceOf(AbortedError);
    expect(await b.call((w) => w.double(5))).toBe(10);
    expect(made.started).toBe(2);
    b.terminate();
  });

  it('terminates an idle worker after idleMs, not while a call is pending', async () => {
    const { made, create } = fakeWorkers();
    const b = new WorkerBridge<Api>(create, 1000);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      expect(await b.call((w) => w.double(1))).toBe(2);
      await vi.advanceTimersByTimeAsync(999);
      expect(made.terminated).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(made.terminated).toBe(1);
      const pending = b.call((w) => w.hang());
      void pending.catch(() => undefined);
      await vi.advanceTimersByTimeAsync(5000);
      expect(made.terminated).toBe(1);
      b.terminate();
    } finally {
      vi.useRealTimers();
    }
  });
});
