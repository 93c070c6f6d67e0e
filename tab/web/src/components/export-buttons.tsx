import { Button } from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import { useSignedIn } from '../signed-in.ts';

/**
 * Opens exports as the signed-in person and keeps the last failure for a ProblemMessage.
 * download resolves true when the export was opened.
 */
export function useDownload(): { download(path: string): Promise<boolean>; error: unknown } {
  const { download: open } = useSignedIn();
  const [error, setError] = useState<unknown>(null);
  const download = useCallback(
    async (path: string) => {
      setError(null);
      try {
        await open(path);
        return true;
      } catch (err) {
        setError(err);
        return false;
      }
    },
    [open],
  );
  return { download, error };
}

/** One export: the button's text and the path of the file. */
export interface Export {
  label: string;
  path: string;
  primary?: boolean;
}

/** Export buttons side by side (CSV, Excel…); `download` opens the one clicked. */
export function ExportButtons<E extends Export>({
  exports,
  download,
}: {
  exports: readonly E[];
  download(item: E): unknown;
}) {
  return (
    <>
      {exports.map((e) => (
        <Button key={e.path} appearance={e.primary ? 'primary' : undefined} onClick={() => void download(e)}>
          {e.label}
        </Button>
      ))}
    </>
  );
}
