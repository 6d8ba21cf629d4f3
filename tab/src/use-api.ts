// Loads one API resource for a view: data, error (an ApiError) and a reload.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, getJson } from './api/api-client.ts';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  set: (data: T) => void;
}

export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    getJson<T>(path, abort.signal).then(
      (data) => setState({ data, error: null, loading: false }),
      (e: unknown) => {
        if ((e as Error).name === 'AbortError') return;
        const error =
          e instanceof ApiError ? e : new ApiError(0, (e as Error).message, 'client', undefined, []);
        setState({ data: null, error, loading: false });
      },
    );
    return () => abort.abort();
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const set = useCallback((data: T) => setState({ data, error: null, loading: false }), []);
  return { ...state, reload, set };
}
