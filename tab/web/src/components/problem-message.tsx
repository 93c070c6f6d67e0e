import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { isApiError } from '../api.ts';
import { useI18n } from '../i18n/locale.tsx';

const useStyles = makeStyles({
  list: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingInlineStart: tokens.spacingHorizontalXL },
  code: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** Shows any failure: the server's problem JSON (title, detail, field errors, code) or a thrown error. */
export function ProblemMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const styles = useStyles();
  const { t } = useI18n();

  let title = t.errors.title;
  let detail: string | undefined;
  let code: string | undefined;
  let fieldErrors: { where: string; message: string }[] = [];
  if (isApiError(error)) {
    const p = error.problem;
    // Known situations get our own words; the server's own title then becomes the detail.
    if (p.code === 'network') title = t.errors.network;
    else if (p.code === 'sso_failed') title = t.auth.ssoFailed;
    else if (p.status === 401) title = t.errors.unauthenticated;
    else if (p.status === 403) title = t.errors.forbidden;
    else title = p.title;
    detail = p.code === 'network' ? undefined : (p.detail ?? (title === p.title ? undefined : p.title));
    code = p.code;
    fieldErrors = p.errors ?? [];
  } else if (error !== undefined) {
    detail = error instanceof Error ? error.message : String(error);
  }

  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {detail}
        {fieldErrors.length > 0 && (
          <ul className={styles.list}>
            {fieldErrors.map((e) => (
              <li key={`${e.where}:${e.message}`}>
                {e.where}: {e.message}
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
