import { Component, type ReactNode } from 'react';

/** Keeps the rest of the page usable when one panel throws; shows what failed and offers a retry. */
export class ErrorBoundary extends Component<{ name: string; children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error) {
    console.warn(`[${this.props.name}]`, error);
  }
  override render() {
    if (this.state.error) {
      return (
        <div className="error" role="alert">
          The {this.props.name} failed to draw: {this.state.error.message}{' '}
          <button type="button" onClick={() => this.setState({ error: null })}>
            Retry
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
