import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../i18n/locale.tsx';

const useStyles = makeStyles({
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXS,
    listStyleType: 'none',
    margin: 0,
    padding: 0,
  },
});

/** The person's roles as badges; 'manager' is shown for anyone with direct reports. */
export function RoleBadges({
  roles,
  isManager,
  label,
}: {
  roles: readonly string[];
  isManager: boolean;
  label: string;
}) {
  const styles = useStyles();
  const { t } = useI18n();
  const shown = [...new Set(isManager ? [...roles, 'manager'] : roles)];
  return (
    <ul className={styles.list} aria-label={label}>
      {shown.map((role) => (
        <li key={role}>
          <Badge appearance="tint" color={role === 'employee' ? 'informative' : 'brand'} shape="rounded">
            {t.roles[role] ?? role}
          </Badge>
        </li>
      ))}
    </ul>
  );
}
