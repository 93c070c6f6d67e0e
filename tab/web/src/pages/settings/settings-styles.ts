import { makeStyles, tokens } from '@fluentui/react-components';

/** The settings panels' forms on one line that wraps (the roles' grant, the audit log's filters). */
export const useLineFormStyles = makeStyles({
  form: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    alignItems: 'flex-end',
    marginBlockEnd: tokens.spacingVerticalL,
  },
});
