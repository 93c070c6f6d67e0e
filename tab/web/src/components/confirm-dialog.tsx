import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components';
import { type ReactNode, useCallback, useRef, useState } from 'react';
import { useI18n } from '../i18n/locale.tsx';

interface Question {
  title: string;
  body: string;
  confirmLabel: string;
}

/**
 * Asks before an irreversible action with a Fluent dialog. The browser's own confirmation box is
 * not an option: New Teams does not show it and a frame without `allow-modals` ignores it, so the button would silently
 * do nothing (MicrosoftDocs/msteams-docs#10385). `ask` resolves true only on the confirm button.
 */
export function useConfirm(): { ask(q: Question): Promise<boolean>; dialog: ReactNode } {
  const { t } = useI18n();
  const [question, setQuestion] = useState<Question | null>(null);
  const resolver = useRef<((yes: boolean) => void) | null>(null);

  const ask = useCallback(
    (q: Question) =>
      new Promise<boolean>((resolve) => {
        resolver.current?.(false);
        resolver.current = resolve;
        setQuestion(q);
      }),
    [],
  );
  const answer = (yes: boolean) => {
    resolver.current?.(yes);
    resolver.current = null;
    setQuestion(null);
  };

  const dialog = (
    <Dialog open={question !== null} modalType="alert" onOpenChange={(_, d) => !d.open && answer(false)}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{question?.title}</DialogTitle>
          <DialogContent>{question?.body}</DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={() => answer(false)}>
              {t.confirm.cancel}
            </Button>
            <Button appearance="primary" onClick={() => answer(true)}>
              {question?.confirmLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
  return { ask, dialog };
}
