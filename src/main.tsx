// First: configures zod before any module parses with it (CSP, see the module).
import './core/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installDebugHooks } from './bridge/pool';
import { startCorpusSync } from './state/corpus-runs';
import { startEvaluation } from './state/evaluation';
import { startLinkSync } from './state/link-sync';
import { restoreStudy } from './state/startup';
import { App } from './ui/App';
import './ui/styles.css';

// Read the permalink before the first evaluation so the first simulation is of the linked design.
const linkRunsStudy = startLinkSync();
startEvaluation();
installDebugHooks(location.search);
void restoreStudy(linkRunsStudy);
startCorpusSync();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
