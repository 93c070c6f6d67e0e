import { makeStyles, Title2, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  header: { marginBlockEnd: tokens.spacingVerticalL },
  title: { margin: 0 },
  intro: { marginBlockStart: tokens.spacingVerticalS, maxWidth: '60rem' },
});

/** The page's one h1, with an optional line of introduction. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.header}>
      <Title2 as="h1" className={styles.title}>
        {title}
      </Title2>
      {children && <div className={styles.intro}>{children}</div>}
    </div>
  );
}
