// Loads one API resource for a view: data, error (an ApiError) and a reload. `key` says which
// resource (it loads again when the key changes; null loads nothing); `load` asks the API for it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api/api-client.ts';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  set: (data: T) => void;
}

export function useApi<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: key !== null,
  });
  const [tick, setTick] = useState(0);
  // The loader of the latest render: a new closure each time, but only the key says what to load.
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    if (key === null) return;
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    loader.current(abort.signal).then(
      (data) => setState({ data, error: null, loading: false }),
      (e: unknown) => {
        if ((e as Error).name === 'AbortError') return;
        const error =
          e instanceof ApiError ? e : new ApiError(0, (e as Error).message, 'client', undefined, []);
        setState({ data: null, error, loading: false });
      },
    );
    return () => abort.abort();
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const set = useCallback((data: T) => setState({ data, error: null, loading: false }), []);
  return { ...state, reload, set };
}
