import { Component, type ReactNode } from 'react';

/**
 * `?debug&fault=<panel name>` in the page's query (not the permalink hash) makes that panel throw
 * while rendering, once: the only way to see (and test, in a real production build) that a
 * failing chart leaves the rest of the page working. Without `?debug` nothing changes.
 */
function faultRequested(name: string): boolean {
  if (typeof location === 'undefined') return false;
  const q = new URLSearchParams(location.search);
  return q.has('debug') && q.get('fault') === name;
}

function Fault({ name }: { name: string }): null {
  throw new Error(`fault injected into the ${name} (?debug&fault)`);
}

/** Keeps the rest of the page usable when one panel throws; shows what failed and offers a retry. */
export class ErrorBoundary extends Component<
  { name: string; children: ReactNode },
  { error: Error | null; retried: boolean }
> {
  override state = { error: null as Error | null, retried: false };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error) {
    console.warn(`[${this.props.name}]`, error);
  }
  override render() {
    if (this.state.error) {
      return (
        <div className="error" role="alert" data-testid="panel-error" data-panel={this.props.name}>
          The {this.props.name} failed to draw: {this.state.error.message}{' '}
          <button type="button" onClick={() => this.setState({ error: null, retried: true })}>
            Retry
          </button>
        </div>
      );
    }
    return (
      <>
        {!this.state.retried && faultRequested(this.props.name) && <Fault name={this.props.name} />}
        {this.props.children}
      </>
    );
  }
}
