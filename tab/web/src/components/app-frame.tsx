import { makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/locale.tsx';
import { LanguageSwitch } from './language-switch.tsx';

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
  },
  skip: {
    position: 'absolute',
    insetInlineStart: tokens.spacingHorizontalM,
    top: '-100px',
    zIndex: 1,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorBrandForeground1,
    borderRadius: tokens.borderRadiusMedium,
    ':focus': { top: tokens.spacingVerticalS },
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  banner: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL} 0`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  nav: {
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    overflowX: 'auto',
  },
  main: {
    flexGrow: 1,
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXL}`,
    ':focus': { outlineStyle: 'none' },
  },
});

/**
 * The frame around every screen: skip link, header (app name, language switch), an optional
 * banner (dev mode), the page navigation and the main landmark.
 */
export function AppFrame({
  banner,
  nav,
  children,
  className,
}: {
  banner?: ReactNode;
  nav?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const styles = useStyles();
  const { t } = useI18n();
  return (
    <div className={mergeClasses(styles.root, className)}>
      <a href="#main" className={styles.skip}>
        {t.skipToMain}
      </a>
      <header className={styles.header}>
        <Text as="p" weight="semibold" size={400} style={{ margin: 0 }}>
          {t.appName}
        </Text>
        <LanguageSwitch />
      </header>
      {banner && <div className={styles.banner}>{banner}</div>}
      {nav && (
        <nav aria-label={t.nav.label} className={styles.nav}>
          {nav}
        </nav>
      )}
      <main id="main" tabIndex={-1} className={styles.main}>
        {children}
      </main>
    </div>
  );
}
