import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { isApiError, type ProblemFieldError } from '../api.ts';
import { useI18n } from '../i18n/locale.tsx';
import { fieldMessage, fieldWhere, problemTitle } from '../problems/problem-text.ts';

const useStyles = makeStyles({
  list: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingInlineStart: tokens.spacingHorizontalXL },
  code: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/**
 * Shows any failure in the viewer's language: the problem's message key as the headline and each
 * field error as "label: what to do" (problems/problem-text.ts); the code stays for support.
 * The server's English title and messages are never shown to people.
 */
export function ProblemMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const styles = useStyles();
  const { t, locale } = useI18n();

  let title = t.errors.title;
  let detail: string | undefined;
  let code: string | undefined;
  let fieldErrors: ProblemFieldError[] = [];
  if (isApiError(error)) {
    const p = error.problem;
    if (p.code === 'network') title = t.errors.network;
    else if (p.code === 'sso_failed') title = t.auth.ssoFailed;
    else title = problemTitle(p, locale);
    code = p.code;
    fieldErrors = p.errors ?? [];
  } else if (error instanceof Error) {
    detail = error.message; // the page's own text (it throws only its texts)
  } else if (error !== undefined && error !== null) {
    detail = t.errors.unexpected;
  }

  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {detail}
        {fieldErrors.length > 0 && (
          <ul className={styles.list}>
            {fieldErrors.map((e) => (
              <li key={`${e.where}:${e.key}:${e.message}`}>
                {fieldWhere(e.where, locale, e.params)}: {fieldMessage(e, locale)}
              </li>
            ))}
          </ul>
        )}
        {code && (
          <div className={styles.code}>
            {t.errors.code}: {code}
          </div>
        )}
      </MessageBarBody>
      {onRetry && (
        <MessageBarActions>
          <Button onClick={onRetry}>{t.errors.retry}</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
