import { Spinner } from '@fluentui/react-components';
import { ProblemMessage } from './problem-message.tsx';

/**
 * What a useApiData answer shows while it is not data: a small spinner while loading, the problem
 * with a retry when it failed. Spread the hook's result: <ApiState {...cases} />.
 */
export function ApiState({
  loading,
  error,
  reload,
}: {
  loading: boolean;
  error: unknown;
  reload?: () => void;
}) {
  return (
    <>
      {loading && <Spinner size="small" />}
      {error !== null && <ProblemMessage error={error} onRetry={reload} />}
    </>
  );
}
