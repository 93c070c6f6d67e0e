import {
  Caption1,
  Card,
  makeStyles,
  mergeClasses,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { createContext, type ReactNode, useContext, useId } from 'react';
import { PageHeader } from './page-header.tsx';
import { usePageStyles } from './page-styles.ts';

const useStyles = makeStyles({
  toolbar: { marginBlockEnd: tokens.spacingVerticalL },
  // The exports sit at the end of the filters' line, and under them when the line wraps.
  actions: { marginInlineStart: 'auto' },
  card: { gap: tokens.spacingVerticalS },
  plain: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

/**
 * A page: its one h1 with an optional introduction, an optional line of filters with the page's
 * actions (exports) at its end, then the page's content.
 */
export function PageLayout({
  title,
  intro,
  filters,
  actions,
  children,
}: {
  title: string;
  intro?: ReactNode;
  filters?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title}>{intro}</PageHeader>
      <FilterBar filters={filters} actions={actions} />
      {children}
    </>
  );
}

/** Filters (fields, breadcrumbs) and, at the end of the line, actions such as exports. */
export function FilterBar({ filters, actions }: { filters?: ReactNode; actions?: ReactNode }) {
  const page = usePageStyles();
  const styles = useStyles();
  if (!filters && !actions) return null;
  return (
    <div className={mergeClasses(page.toolbar, styles.toolbar)}>
      {filters}
      {actions && <div className={mergeClasses(page.actions, styles.actions)}>{actions}</div>}
    </div>
  );
}

const SectionHeadingId = createContext<string | undefined>(undefined);

/** The id of the enclosing PageSection's heading: tables inside it are named by it. */
export function useSectionHeadingId(): string | undefined {
  return useContext(SectionHeadingId);
}

/**
 * A part of a page named by its h2 (a region for assistive technology): by default on a card,
 * with an optional description under the title and a line of actions.
 */
export function PageSection({
  title,
  description,
  descriptionSize = 'body',
  actions,
  card = true,
  className,
  children,
}: {
  title: string;
  description?: ReactNode;
  /** 'caption' for a line about the figures' basis, 'body' for an introduction. */
  descriptionSize?: 'body' | 'caption';
  actions?: ReactNode;
  /** false: the heading and content straight on the page. */
  card?: boolean;
  /** On the card (or on the section without a card). */
  className?: string;
  children?: ReactNode;
}) {
  const page = usePageStyles();
  const styles = useStyles();
  const id = useId();
  const body = (
    <>
      <Subtitle2 as="h2" id={id} className={page.heading}>
        {title}
      </Subtitle2>
      {description &&
        (descriptionSize === 'caption' ? (
          <Caption1 className={page.muted}>{description}</Caption1>
        ) : (
          <Text className={page.muted}>{description}</Text>
        ))}
      {actions && <div className={page.actions}>{actions}</div>}
      {children}
    </>
  );
  return (
    <SectionHeadingId.Provider value={id}>
      <section aria-labelledby={id} className={card ? undefined : mergeClasses(styles.plain, className)}>
        {card ? <Card className={mergeClasses(styles.card, className)}>{body}</Card> : body}
      </section>
    </SectionHeadingId.Provider>
  );
}
