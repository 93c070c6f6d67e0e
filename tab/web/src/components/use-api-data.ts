import { useCallback, useEffect, useState } from 'react';
import { useSignedIn } from '../signed-in.ts';

/** GETs `path` as the signed-in person whenever it changes; `reload` asks again. null path: nothing to load. */
export function useApiData<T>(path: string | null): {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload(): void;
} {
  const { api } = useSignedIn();
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  useEffect(() => {
    void attempt;
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    api.get<T>(path, { signal: controller.signal }).then(
      (data) => setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: null, error, loading: false });
      },
    );
    return () => controller.abort();
  }, [api, path, attempt]);
  return { ...state, reload };
}
