import { useEffect } from 'react';
import { actions, useStore } from '../state/store';
import { WorkloadBrowser } from './WorkloadBrowser';

export function App() {
  const theme = useStore((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          <img src="/favicon.svg" alt="" width={22} height={22} /> Archscope
        </h1>
        <p className="tagline">Design-space explorer for deep-learning accelerators</p>
        <button
          type="button"
          className="theme-toggle"
          onClick={() => actions.setTheme(theme === 'dark' ? 'light' : 'dark')}
          aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        >
          {theme === 'dark' ? '☀ Light' : '☾ Dark'}
        </button>
      </header>
      <main>
        <WorkloadBrowser />
      </main>
    </div>
  );
}
