// The tab's last line: a fault while rendering (or one handed over by `useLoad` or `useTabFailure`) shows a friendly,
// localised error page with a retry that starts the tab's content afresh, instead of a blank page.
import { Button, Text } from '@fluentui/react-components';
import { Component, Fragment, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTab } from './tab-context';

interface BoundaryState {
  failed: boolean;
  /** Each retry mounts the content anew, so its state and loads start over. */
  attempt: number;
}

/** Errors are logged where the root is created (`mountTab`'s `onCaughtError`), once, with their component stack. */
export class TabErrorBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { failed: false, attempt: 0 };

  static getDerivedStateFromError(): Partial<BoundaryState> {
    return { failed: true };
  }

  private readonly retry = () => this.setState((state) => ({ failed: false, attempt: state.attempt + 1 }));

  override render() {
    if (this.state.failed) return <TabFailure onRetry={this.retry} />;
    return <Fragment key={this.state.attempt}>{this.props.children}</Fragment>;
  }
}

function TabFailure({ onRetry }: { onRetry(): void }) {
  const { t, host } = useTab();
  const retry = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // Teams keeps its loading screen until the tab says it is ready; the error page is what there is to show.
    host.ready();
    // The content that had the focus is gone; keyboard users continue at the retry.
    retry.current?.focus();
  }, [host]);
  return (
    <div className="tab-failure" role="alert" aria-labelledby="tab-failure-title">
      <h1 id="tab-failure-title">{t('failedTitle')}</h1>
      <Text as="p">{t('failedBody')}</Text>
      <Button ref={retry} appearance="primary" onClick={onRetry}>
        {t('retry')}
      </Button>
    </div>
  );
}

/**
 * Hands a fault found outside rendering (an event handler, a timer) to the tab's error boundary.
 * @example const fail = useTabFailure(); save().catch((error) => (error instanceof ApiError ? show(error) : fail(error)));
 */
export function useTabFailure(): (error: unknown) => void {
  const [, setState] = useState();
  return useCallback((error: unknown) => {
    setState(() => {
      throw error;
    });
  }, []);
}
