import { loadavg } from 'node:os';
import type { Browser, Page } from '@playwright/test';

/** A main-thread task over the long-task threshold, with what ran inside it (longest first). */
export interface LongTask {
  /** Duration, ms. */
  ms: number;
  /** CPU time of the main thread in it, ms. */
  cpuMs: number;
  /** Start, ms after tracing began. */
  atMs: number;
  /** The longest events inside the task: name, and the function / URL / event type when the trace gives one. */
  inside: string[];
}

export interface MainThreadFigures {
  /** Longest task on the page's main thread, ms (wall clock, as the Long Tasks API counts). */
  longestTaskMs: number;
  /** The most CPU time the main thread spent in one task, ms: without the time other processes held the core. */
  longestTaskCpuMs: number;
  /** Tasks longer than 50 ms (the long-task threshold of the W3C Long Tasks API). */
  tasksOver50: number;
  /** Number of main-thread tasks traced (the harness's not included). */
  tasks: number;
  /** Tasks that ran Playwright's injected script (polling, hit-target checks): left out of every figure. */
  harnessTasks: number;
  /** 1-minute load average when the trace ended: wall-clock tasks stretch when other processes hold the cores. */
  loadAverage1m: number;
  /** The five longest tasks (over 50 ms or not) and the three with the most CPU time, with attribution. */
  worst: LongTask[];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, µs. */
  tdur?: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

const LONG_MS = 50;

interface CpuProfile {
  nodes: { id: number; parent?: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Each sample's time (µs, trace clock) and its call stack as 'fn@file:line' frames, innermost first. */
function jsSamples(p: CpuProfile): { ts: number[]; stacks: string[][] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of (n as { children?: number[] }).children ?? []) parent.set(c, n.id);
  const stackOf = new Map<number, string[]>();
  const frames = (id: number): string[] => {
    const hit = stackOf.get(id);
    if (hit) return hit;
    const out: string[] = [];
    for (let k: number | undefined = id; k !== undefined; k = parent.get(k)) {
      const f = byId.get(k)?.callFrame;
      if (f?.url) out.push(`${f.functionName || '(anon)'}@${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}`);
      // Native frames (put, postMessage) and the VM's own: '(garbage collector)', '(program)'; not the root or idle.
      else if (f?.functionName && f.functionName !== '(root)' && f.functionName !== '(idle)') out.push(f.functionName);
    }
    stackOf.set(id, out);
    return out;
  };
  const ts: number[] = [];
  const stacks: string[][] = [];
  let t = p.startTime;
  p.samples.forEach((id, i) => {
    t += p.timeDeltas[i] ?? 0;
    ts.push(t);
    stacks.push(frames(id));
  });
  return { ts, stacks };
}

/** The functions most often on the stack (inclusive) in [from, to) µs, as 'js fn@file:line 40 %'. */
function hotFunctions(js: { ts: number[]; stacks: string[][] }, from: number, to: number): string[] {
  const count = new Map<string, number>();
  let n = 0;
  js.ts.forEach((t, i) => {
    if (t < from || t >= to) return;
    n++;
    for (const f of new Set(js.stacks[i])) count.set(f, (count.get(f) ?? 0) + 1);
  });
  return [...count.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([f, c]) => `js ${f} ${Math.round((100 * c) / n)} %`);
}

/**
 * Runs `body` under a Chrome trace and measures the page's renderer main thread from it: every top-level task
 * (`RunTask`), not only those the page's own PerformanceObserver sees, with the events inside each long one named
 * (a function, a timer, a layout, a GC), so a long task can be traced back to its code.
 */
export async function traceMainThread<T>(
  browser: Browser,
  page: Page,
  body: () => Promise<T>,
): Promise<{ result: T; figures: MainThreadFigures }> {
  // A sampling profile alongside the trace names the JavaScript inside each long task (same clock as the trace).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await browser.startTracing(page, {
    categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'],
  });
  let buf: Buffer;
  let profile: CpuProfile | undefined;
  let result: T;
  try {
    result = await body();
  } finally {
    // Even when the body throws: a trace left running makes the next startTracing fail.
    buf = await browser.stopTracing();
    profile = (await cdp.send('Profiler.stop')).profile as CpuProfile;
    await cdp.detach();
  }
  const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  return { result, figures: mainThreadFigures(events, profile) };
}

function mainThreadFigures(events: TraceEvent[], profile?: CpuProfile): MainThreadFigures {
  const js = profile ? jsSamples(profile) : null;
  // The renderer's main thread is named CrRendererMain; with one page open, the busiest such thread is its own.
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const key = (e: { pid: number; tid: number }) => `${e.pid}:${e.tid}`;
  const mainKeys = new Set(mains.map(key));
  const perThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || !mainKeys.has(key(e))) continue;
    const list = perThread.get(key(e)) ?? [];
    list.push(e);
    perThread.set(key(e), list);
  }
  const main = [...perThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const t0 = events.reduce((m, e) => (e.ts > 0 && e.ts < m ? e.ts : m), Number.POSITIVE_INFINITY);
  // A task is one RunTask (ThreadControllerImpl::RunTask nests inside it; older builds have only that one).
  const outer = main.some((e) => e.name === 'RunTask') ? 'RunTask' : 'ThreadControllerImpl::RunTask';
  const all = main.filter((e) => e.name === outer);
  // Playwright's own work in the page (its injected script evaluating waitForFunction, marking targets) is the
  // harness, not the app: those tasks are counted apart.
  const harness = new Set(
    main
      .filter((e) => e.name === 'EvaluateScript' || String(e.args?.data?.type ?? '').startsWith('__playwright'))
      .map((e) => all.find((t) => t.ts <= e.ts && e.ts <= t.ts + (t.dur ?? 0)))
      .filter((t): t is TraceEvent => t !== undefined),
  );
  const tasks = all.filter((t) => !harness.has(t));
  const long = tasks.filter((e) => (e.dur ?? 0) / 1000 > LONG_MS).sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0));
  const byWall = [...tasks].sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0)).slice(0, 5);
  // Plus the tasks that cost the most CPU: on a busy machine the longest by wall clock are mostly waits for a core.
  const byCpu = [...tasks].sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0)).slice(0, 3);
  const worst = [...new Set([...byWall, ...byCpu])].map((t) => {
    const end = t.ts + (t.dur ?? 0);
    const inside = main
      .filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= end && e.name !== 'RunTask')
      .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
      .slice(0, 6)
      .map((e) => {
        const d = e.args?.data ?? {};
        const what = [d.functionName, d.type, d.url ? String(d.url).replace(/^.*\//, '') : '', d.lineNumber]
          .filter((v) => v !== undefined && v !== '')
          .join(' ');
        return `${e.name}${what ? ` (${what})` : ''} ${((e.dur ?? 0) / 1000).toFixed(1)} ms`;
      });
    if (js) inside.push(...hotFunctions(js, t.ts, end));
    return {
      ms: Math.round((t.dur ?? 0) / 100) / 10,
      cpuMs: Math.round((t.tdur ?? 0) / 100) / 10,
      atMs: Math.round((t.ts - t0) / 1000),
      inside,
    };
  });
  const longest = tasks.reduce((m, e) => Math.max(m, (e.dur ?? 0) / 1000), 0);
  const longestCpu = tasks.reduce((m, e) => Math.max(m, (e.tdur ?? 0) / 1000), 0);
  return {
    longestTaskMs: Math.round(longest * 10) / 10,
    longestTaskCpuMs: Math.round(longestCpu * 10) / 10,
    tasksOver50: long.length,
    tasks: tasks.length,
    harnessTasks: harness.size,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 10) / 10,
    worst,
  };
}
