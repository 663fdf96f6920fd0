import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startEvaluation } from './state/evaluation';
import { startLinkSync } from './state/link-sync';
import { restoreStudy } from './state/startup';
import { App } from './ui/App';
import './ui/styles.css';

// Read the permalink before the first evaluation so the first simulation is of the linked design.
const linkRunsStudy = startLinkSync();
startEvaluation();
void restoreStudy(linkRunsStudy);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
