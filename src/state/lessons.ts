import { z } from 'zod';
import { create } from 'zustand';
import { LinkError } from '../core/link/codec';
import { encodeViewState, LINK_VERSION, type ViewState, viewStateSchema } from '../core/link/view-state';
import { stateFromLink } from './link-sync';
import { useStore } from './store';

/**
 * Lessons are content files under public/lessons/ that instructors write by hand, so they are
 * untrusted input: every file is validated here, every step's state goes through the same
 * checks as a pasted permalink (stateFromLink), and the UI renders their text through React only.
 */
export const LESSONS_BASE = '/lessons/';

const LESSON_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const text = (max: number) => z.string().trim().min(1).max(max);

export const lessonStepSchema = z.strictObject({
  title: text(120),
  text: text(2000),
  question: text(600),
  /** A ViewState as in a permalink; `v` may be left out (it is the current link version). */
  state: z.record(z.string(), z.unknown()),
});

export const lessonSchema = z.strictObject({
  id: z.string().regex(LESSON_ID, 'lesson ids are lower-case words joined by dashes'),
  title: text(120),
  summary: text(400),
  steps: z.array(lessonStepSchema).min(1).max(30),
});

export const lessonIndexSchema = z.strictObject({
  lessons: z.array(z.strictObject({ id: z.string().regex(LESSON_ID), title: text(120), summary: text(400) })).max(100),
});

export type Lesson = z.infer<typeof lessonSchema>;
export type LessonStep = z.infer<typeof lessonStepSchema>;
export type LessonIndex = z.infer<typeof lessonIndexSchema>;

/** Names the first failing field of a zod error, e.g. `steps[2].text`. */
function issueOf(e: z.ZodError): string {
  const i = e.issues[0];
  if (!i) return 'invalid';
  const path = i.path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
  return path ? `${path}: ${i.message}` : i.message;
}

/** Parsed JSON → lesson, or an Error naming the first bad field. */
export function parseLesson(raw: unknown): Lesson {
  const r = lessonSchema.safeParse(raw);
  if (!r.success) throw new Error(`lesson file is invalid (${issueOf(r.error)})`);
  return r.data;
}

export function parseLessonIndex(raw: unknown): LessonIndex {
  const r = lessonIndexSchema.safeParse(raw);
  if (!r.success) throw new Error(`lessons/index.json is invalid (${issueOf(r.error)})`);
  return r.data;
}

/** A step's state → a validated ViewState (adds the link version when the file leaves it out). */
export function stepViewState(step: LessonStep): ViewState {
  const r = viewStateSchema.safeParse({ v: LINK_VERSION, ...step.state });
  if (!r.success) throw new Error(`the step's state is invalid (${issueOf(r.error)})`);
  return r.data;
}

/** The store patch a step describes, through the very checks a pasted permalink gets. */
export function stepPatch(step: LessonStep): ReturnType<typeof stateFromLink> {
  try {
    return stateFromLink(encodeViewState(stepViewState(step)));
  } catch (e) {
    if (e instanceof LinkError) throw new Error(`the step's state is invalid (${e.message})`);
    throw e;
  }
}

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url, { cache: 'no-cache' });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

export interface LessonState {
  index: LessonIndex | null;
  indexError: string | null;
  /** The lesson being followed, or null. */
  active: Lesson | null;
  step: number;
  /** Why the lesson or its current step could not be opened. */
  error: string | null;
}

/** Lesson progress lives in its own small store: it is not part of a permalink. */
export const useLessons = create<LessonState>()(() => ({
  index: null,
  indexError: null,
  active: null,
  step: 0,
  error: null,
}));

function applyStep(lesson: Lesson, step: number): void {
  const s = lesson.steps[step];
  if (!s) return;
  try {
    useStore.setState(stepPatch(s));
    useLessons.setState({ active: lesson, step, error: null });
  } catch (e) {
    useLessons.setState({ active: lesson, step, error: e instanceof Error ? e.message : String(e) });
  }
}

export const lessonActions = {
  async loadIndex(): Promise<void> {
    try {
      useLessons.setState({ index: parseLessonIndex(await fetchJson(`${LESSONS_BASE}index.json`)), indexError: null });
    } catch (e) {
      useLessons.setState({ indexError: e instanceof Error ? e.message : String(e) });
    }
  },
  async open(id: string): Promise<void> {
    if (!LESSON_ID.test(id)) return;
    try {
      const lesson = parseLesson(await fetchJson(`${LESSONS_BASE}${id}.json`));
      if (lesson.id !== id) throw new Error(`lesson file ${id}.json declares id "${lesson.id}"`);
      applyStep(lesson, 0);
    } catch (e) {
      useLessons.setState({ active: null, step: 0, error: e instanceof Error ? e.message : String(e) });
    }
  },
  go(step: number): void {
    const { active } = useLessons.getState();
    if (!active || step < 0 || step >= active.steps.length) return;
    applyStep(active, step);
  },
  exit(): void {
    useLessons.setState({ active: null, step: 0, error: null });
    useStore.setState({ view: 'lessons' });
  },
};
