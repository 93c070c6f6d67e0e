import { useCallback, useState } from 'react';

/**
 * Runs a form's action (save, send…) one at a time: busy while it runs, its result (the message to
 * show) when it succeeds, its error when it fails. A new run clears both.
 */
export function useAction<R>(): {
  run(action: () => Promise<R>): Promise<void>;
  busy: boolean;
  result: R | null;
  error: unknown;
  setError(error: unknown): void;
} {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<R | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (action: () => Promise<R>) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await action());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy, result, error, setError };
}
