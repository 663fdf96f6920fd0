import { useEffect } from 'react';
import { actions } from '../state/actions';
import { useStore, type View } from '../state/store';
import { CopyLink } from './CopyLink';
import { DropAnywhere } from './DropAnywhere';
import { ErrorBoundary } from './ErrorBoundary';
import { Explorer } from './Explorer';
import { ExploreView } from './ExploreView';
import { LessonBar, LessonsView } from './Lessons';
import { ChallengePanel } from './LessonsChallenge';
import { NetworkStudy } from './NetworkStudy';
import { PrimePanel } from './PrimePanel';
import { WorkloadBrowser } from './WorkloadBrowser';

const VIEWS: { id: View; label: string }[] = [
  { id: 'explorer', label: 'Design explorer' },
  { id: 'explore', label: 'Exploration' },
  { id: 'workloads', label: 'Workloads' },
  { id: 'prime', label: 'PRIME (offline)' },
  { id: 'netstudy', label: 'Network study' },
  { id: 'lessons', label: 'Lessons' },
];

function LinkErrorBanner() {
  const msg = useStore((s) => s.linkError);
  const writeMsg = useStore((s) => s.linkWriteError);
  return (
    <>
      {msg && (
        <div className="error banner" role="alert" data-testid="permalink-error">
          {msg}{' '}
          <button type="button" onClick={() => actions.dismissLinkError()} aria-label="Dismiss">
            Dismiss
          </button>
        </div>
      )}
      {writeMsg && (
        <div className="error banner" role="alert" data-testid="permalink-write-error">
          {writeMsg}
        </div>
      )}
    </>
  );
}

export function App() {
  const theme = useStore((s) => s.theme);
  const view = useStore((s) => s.view);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          <img src="/favicon.svg" alt="" width={22} height={22} /> Archscope
        </h1>
        <nav className="tabs" aria-label="Views">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              aria-current={view === v.id ? 'page' : undefined}
              onClick={() => actions.setView(v.id)}
              data-testid={`tab-${v.id}`}
            >
              {v.label}
            </button>
          ))}
        </nav>
        <p className="tagline">Design-space explorer for deep-learning accelerators</p>
        <CopyLink />
        <button
          type="button"
          className="theme-toggle"
          onClick={() => actions.setTheme(theme === 'dark' ? 'light' : 'dark')}
          aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        >
          {theme === 'dark' ? '☀ Light' : '☾ Dark'}
        </button>
      </header>
      <LinkErrorBanner />
      <DropAnywhere />
      <LessonBar />
      {view === 'explorer' ? <ChallengePanel /> : null}
      <main>
        <ErrorBoundary name={view}>
          {view === 'explorer' ? (
            <Explorer />
          ) : view === 'explore' ? (
            <ExploreView />
          ) : view === 'prime' ? (
            <PrimePanel />
          ) : view === 'netstudy' ? (
            <NetworkStudy />
          ) : view === 'lessons' ? (
            <LessonsView />
          ) : (
            <WorkloadBrowser />
          )}
        </ErrorBoundary>
      </main>
    </div>
  );
}
