import { makeStyles, tokens } from '@fluentui/react-components';

/**
 * The styles every page uses (stacks, toolbars, forms, muted text, figures): one place, so a page's
 * own makeStyles holds only what is particular to it.
 */
export const usePageStyles = makeStyles({
  /** The page's sections, one under the other. */
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, maxWidth: '72rem' },
  /** Items of one section, one under the other. */
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  /** Cards side by side that fall under each other on a phone. */
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 20rem), 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  /** Filters, fields and buttons on a line that wraps; fields aligned on their inputs. */
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM },
  /** A line of badges, text and buttons that wraps. */
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  /** A line of buttons. */
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  /** Label on the start, figure on the end. */
  line: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  /** A list without bullets. */
  plainList: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  /** A bulleted list inside a card. */
  bullets: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  heading: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  /** A whole page's spinner while its code loads. */
  loading: { padding: tokens.spacingVerticalXXL },
  /** A message bar above the content it is about. */
  notice: { marginBlockEnd: tokens.spacingVerticalL },
  /** Wide content scrolls inside its box, never the page. */
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  num: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
});
