import { useEffect } from 'react';
import { lessonActions, useLessons } from '../state/lessons';
import { ChallengeMaker } from './LessonsChallengeMaker';

const MUTED = { color: 'var(--muted)', margin: '0.25rem 0' } as const;
const ROW = { display: 'flex', gap: '0.5rem', flexWrap: 'wrap' } as const;

/**
 * The Lessons tab lists the lessons in public/lessons/index.json. Opening one applies its first
 * step's state (which switches to that step's view) and shows the LessonBar above the page.
 * Lesson text is untrusted content: it is rendered only as React text nodes.
 */
export function LessonsView() {
  const index = useLessons((s) => s.index);
  const indexError = useLessons((s) => s.indexError);
  // Errors of the active lesson's step show in its LessonBar; here only a file that could not be opened.
  const error = useLessons((s) => (s.active ? null : s.error));
  useEffect(() => {
    if (!useLessons.getState().index) void lessonActions.loadIndex();
  }, []);
  return (
    <div style={{ display: 'grid', gap: '1rem' }}>
      <section className="panel lessons" aria-labelledby="lessons-title" data-testid="lessons-view">
        <h2 id="lessons-title">Lessons</h2>
        <p style={MUTED}>
          Each lesson is a short sequence of steps. A step sets up a design and a workload, explains what to look at,
          and asks a question. Use Next and Previous (or Alt+→ and Alt+←) to move through it.
        </p>
        {error ? (
          <p className="error" role="alert" data-testid="lesson-error">
            {error}
          </p>
        ) : null}
        {indexError ? (
          <p className="error" role="alert" data-testid="lessons-index-error">
            The lesson list could not be loaded: {indexError}
          </p>
        ) : null}
        {!index && !indexError ? <p>Loading lessons…</p> : null}
        {index ? (
          <ol className="lesson-list" data-testid="lesson-list" style={{ display: 'grid', gap: '0.5rem' }}>
            {index.lessons.map((l) => (
              <li key={l.id} data-lesson={l.id}>
                <button type="button" onClick={() => void lessonActions.open(l.id)} data-testid={`lesson-open-${l.id}`}>
                  {listTitle(l.title)}
                </button>
                <p style={MUTED}>{l.summary}</p>
              </li>
            ))}
          </ol>
        ) : null}
      </section>
      <ChallengeMaker />
    </div>
  );
}

/** A title without its own leading "1. ", which the numbered list already shows (it read "1. 1. The roofline"). */
function listTitle(title: string): string {
  return title.replace(/^\s*\d+[.)]\s+/, '');
}

/** The active lesson's current step, shown above whichever view the step opened. */
export function LessonBar() {
  const active = useLessons((s) => s.active);
  const step = useLessons((s) => s.step);
  const error = useLessons((s) => s.error);
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'ArrowRight') {
        e.preventDefault();
        lessonActions.go(useLessons.getState().step + 1);
      } else if (e.key === 'ArrowLeft') {
        e.preventDefault();
        lessonActions.go(useLessons.getState().step - 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);
  const s = active?.steps[step];
  if (!active || !s) return null;
  const n = active.steps.length;
  return (
    <section
      className="lesson-bar panel banner"
      aria-labelledby="lesson-step-title"
      data-testid="lesson-bar"
      data-lesson={active.id}
      data-step={step}
      data-steps={n}
    >
      <p style={MUTED}>
        {active.title} · step {step + 1} of {n}
      </p>
      <h2 id="lesson-step-title">{s.title}</h2>
      {error ? (
        <p className="error" role="alert" data-testid="lesson-error">
          This step could not be set up: {error}
        </p>
      ) : null}
      <div aria-live="polite">
        <p data-testid="lesson-text">{s.text}</p>
        <p data-testid="lesson-question">
          <strong>Question: </strong>
          {s.question}
        </p>
      </div>
      <div className="lesson-nav" style={ROW}>
        <button
          type="button"
          onClick={() => lessonActions.go(step - 1)}
          disabled={step === 0}
          data-testid="lesson-prev"
          aria-keyshortcuts="Alt+ArrowLeft"
        >
          ← Previous
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => lessonActions.go(step + 1)}
          disabled={step >= n - 1}
          data-testid="lesson-next"
          aria-keyshortcuts="Alt+ArrowRight"
        >
          Next →
        </button>
        <button type="button" onClick={() => lessonActions.exit()} data-testid="lesson-exit">
          Back to lessons
        </button>
      </div>
    </section>
  );
}
