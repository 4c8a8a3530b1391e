import { Component, type ErrorInfo, type ReactNode } from 'react';

/**
 * Keeps one failing page or chart panel from blanking the whole app: the rest of the screen stays,
 * and this part says plainly that it failed.
 */
export class ErrorBoundary extends Component<{ name: string; children?: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Waypoint: ${this.props.name} failed`, error, info.componentStack);
  }

  render(): ReactNode {
    if (this.state.failed) {
      return (
        <div role="alert" className="problem panel-failed">
          This part of the screen failed: {this.props.name}. Reload to try again.
        </div>
      );
    }
    return this.props.children;
  }
}
