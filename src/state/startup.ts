import { requireTemplate } from '../core/arch';
import { templateSizes } from '../core/study/sim-evaluator';
import { studyStore } from '../core/study/study';
import { currentStudyId, loadStudy } from './persist';
import { type OptimizerKind, useStore } from './store';
import { runStudy, showStored } from './study-runs';

function sameDraft(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * After the permalink is read: reopen the study this tab was running before a reload (resuming
 * unfinished runs from their IndexedDB checkpoint), or run the linked study when the link asks
 * for it. A link to the study already saved here resumes it rather than starting over.
 */
export async function restoreStudy(linkWantsRun: boolean): Promise<void> {
  const id = currentStudyId();
  const draft = useStore.getState().draft;
  if (id) {
    try {
      const saved = await loadStudy(id);
      if (saved && (!linkWantsRun || sameDraft(saved.record.draft, draft))) {
        // A record saved before any run checkpointed (a reload right after the study started) is unfinished too.
        const runs = Object.values(saved.record.runs);
        const unfinished = runs.length === 0 || runs.some((r) => !r.finished);
        if (useStore.getState().view === 'explore' || unfinished) {
          await openSaved(id, unfinished);
          return;
        }
      }
    } catch (e) {
      useStore.setState({
        exploreMessage: `Could not reopen the last study: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
  if (linkWantsRun) await runStudy(draft);
}

/** Opens a saved study: finished runs are shown, unfinished ones resume from their checkpoint. */
export async function openSaved(id: string, resume: boolean): Promise<void> {
  const saved = await loadStudy(id);
  if (!saved) {
    useStore.setState({ exploreMessage: `Saved study ${id} was not found (it may have been deleted).` });
    return;
  }
  const { record, chunks } = saved;
  useStore.setState({ draft: record.draft, view: 'explore' });
  const unfinished = Object.values(record.runs).some((r) => !r.finished) || Object.keys(record.runs).length === 0;
  if (resume && unfinished) {
    await runStudy(record.draft, saved);
    return;
  }
  const sizes = templateSizes(requireTemplate(record.draft.template));
  const keys = [...new Set(chunks.map((c) => c.run))];
  showStored(
    record.draft,
    keys.map((key) => {
      const store = studyStore(sizes);
      for (const c of chunks.filter((x) => x.run === key)) store.append(c.batch);
      const [optimizer, seed] = key.split(':');
      return { key, optimizer: optimizer as OptimizerKind, seed: Number(seed), store };
    }),
    id,
  );
}
