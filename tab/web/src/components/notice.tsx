import { MessageBar, MessageBarBody, type MessageBarIntent } from '@fluentui/react-components';
import type { ReactNode } from 'react';

/** A one-message bar (saved, exported, no data yet, not allowed): intent and text. */
export function Notice({
  intent,
  children,
  className,
}: {
  intent: MessageBarIntent;
  children: ReactNode;
  className?: string;
}) {
  return (
    <MessageBar intent={intent} className={className}>
      <MessageBarBody>{children}</MessageBarBody>
    </MessageBar>
  );
}
