// First: configures zod before any module parses with it (CSP, see the module).
import './core/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installDebugHooks } from './bridge/pool';
import { startCorpusSync } from './state/corpus-runs';
import { startEvaluation } from './state/evaluation';
import { startKeeping } from './state/kept';
import { startLinkSync } from './state/link-sync';
import { restoreStudy } from './state/startup';
import { useStore } from './state/store';
import { runStudy } from './state/study-runs';
import { onUndoKey, startUndo } from './state/undo';
import { App } from './ui/App';
import './ui/styles.css';

// Read the permalink before the first evaluation so the first simulation is of the linked design.
// A study link opened later in this page (pasted into the address bar) runs its study too.
const linkRunsStudy = startLinkSync(() => void runStudy(useStore.getState().draft));
// After the link is read: opening the page is not an edit to undo.
startUndo();
window.addEventListener('keydown', onUndoKey);
startEvaluation();
installDebugHooks(location.search);
void restoreStudy(linkRunsStudy);
void startKeeping();
startCorpusSync();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
