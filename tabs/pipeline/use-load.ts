// Loads a view's data when it mounts and on `reload()`; an answer that arrives after a newer request is dropped.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data?: T;
  error?: unknown;
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

  return { ...state, reload, update };
}
