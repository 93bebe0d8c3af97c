import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** A call of load: the load itself and which reload it answers. */
interface Call<T> {
  run: () => Promise<T>;
  tick: number;
}

/**
 * useAsync runs load on mount and whenever deps change, and again on reload(). Answers to
 * superseded calls are dropped, so quick navigation never shows another page's data.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  // The call the last answer belongs to: loading lasts while the current call has none yet,
  // so it is true in the very render that asks for new data.
  const [answered, setAnswered] = useState<Call<T>>();
  const [tick, setTick] = useState(0);
  const call = useRef(0);

  // The callers' deps are checked where useAsync is called (exhaustive-deps knows useAsync).
  // eslint-disable-next-line react-hooks/exhaustive-deps, react-hooks/use-memo -- deps belong to load, given by the caller
  const run = useCallback(load, deps);

  useEffect(() => {
    const id = ++call.current;
    const done = { run, tick };
    run().then(
      (v) => {
        if (id !== call.current) return;
        setData(v);
        setError(undefined);
        setAnswered(done);
      },
      (e: unknown) => {
        if (id !== call.current) return;
        setError(e);
        setAnswered(done);
      },
    );
  }, [run, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const loading = answered?.run !== run || answered.tick !== tick;
  return { data, error, loading, reload };
}
