import { makeStyles, ToggleButton, tokens } from '@fluentui/react-components';
import type { Locale } from '../i18n/ja.ts';
import { useI18n } from '../i18n/locale.tsx';

const LOCALES: readonly Locale[] = ['ja', 'en'];

const useStyles = makeStyles({
  group: {
    display: 'flex',
    gap: tokens.spacingHorizontalXS,
    border: 'none',
    margin: 0,
    padding: 0,
    minWidth: 0,
  },
});

/** Two always-visible buttons, each labelled in its own language, so anyone can find theirs. */
export function LanguageSwitch() {
  const styles = useStyles();
  const { locale, t, choose } = useI18n();
  return (
    <fieldset aria-label={t.language.label} className={styles.group}>
      {LOCALES.map((l) => (
        <ToggleButton
          key={l}
          size="small"
          lang={l}
          appearance={l === locale ? 'primary' : 'subtle'}
          checked={l === locale}
          onClick={() => choose(l)}
        >
          {t.language[l]}
        </ToggleButton>
      ))}
    </fieldset>
  );
}
