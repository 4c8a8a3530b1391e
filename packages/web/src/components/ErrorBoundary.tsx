import { Component, type ErrorInfo, type ReactNode } from 'react';

/** One failing feature or panel never blanks the app: it says what failed, and the rest keeps working. */
export class ErrorBoundary extends Component<{ name: string; children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`${this.props.name} failed`, error, info.componentStack);
  }

  render() {
    if (this.state.error) {
      return (
        <div role="alert" className="panel-error card">
          This part of the screen failed: {this.props.name}. Reload to try again.
        </div>
      );
    }
    return this.props.children;
  }
}
