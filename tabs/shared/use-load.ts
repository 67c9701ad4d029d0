// Loads a view's data when it mounts and on `reload()`; an answer that arrives after a newer request is dropped. A
// refusal of the server (an ApiError) is the view's to show; anything else is a fault of the page, for the tab's error boundary.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api';

export interface Loaded<T> {
  data?: T;
  /** The server's refusal, or why it could not be reached; the view shows it with a way to try again. */
  error?: ApiError;
  loading: boolean;
  reload(): void;
  /** Replaces the data in place, e.g. after an optimistic change. */
  update(change: (data: T) => T): void;
}

export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(() => {
    const request = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    loadRef.current().then(
      (data) => {
        if (request === latest.current) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (request === latest.current) setState((previous) => ({ data: previous.data, error, loading: false }));
      },
    );
  }, []);

  useEffect(reload, [reload, key]);

  const update = useCallback((change: (data: T) => T) => {
    setState((previous) => (previous.data === undefined ? previous : { ...previous, data: change(previous.data) }));
  }, []);

  // Thrown while rendering, so the nearest error boundary shows the tab's error page with its retry.
  if (state.error !== undefined && !(state.error instanceof ApiError)) throw state.error;
  return { data: state.data, error: state.error as ApiError | undefined, loading: state.loading, reload, update };
}
