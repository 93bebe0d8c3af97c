import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * useAsync runs load on mount and whenever deps change, and again on reload(). Answers to
 * superseded calls are dropped, so quick navigation never shows another page's data.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const call = useRef(0);

  // The callers' deps are checked where useAsync is called (exhaustive-deps knows useAsync).
  // eslint-disable-next-line react-hooks/exhaustive-deps, react-hooks/use-memo -- deps belong to load, given by the caller
  const run = useCallback(load, deps);

  useEffect(() => {
    const id = ++call.current;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the effect starts a load; loading shows until it answers
    setLoading(true);
    run().then(
      (v) => {
        if (id !== call.current) return;
        setData(v);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (id !== call.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, [run, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}
