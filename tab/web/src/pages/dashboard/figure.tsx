import { VisuallyHidden } from '../../components/visually-hidden.tsx';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { DASHBOARD_TEXTS } from './dashboard.texts.ts';

/** A number, or "<N" for a group under the floor (with its reason for screen readers), or a dash. */
export function Figure({
  value,
  hidden,
  floor,
  digits = 1,
}: {
  value: number | null | undefined;
  hidden?: boolean;
  floor: number;
  digits?: number;
}) {
  const { locale } = useI18n();
  const t = usePageTexts(DASHBOARD_TEXTS);
  if (hidden)
    return (
      <span title={t.hiddenValue(floor)}>
        <span aria-hidden="true">{`<${floor}`}</span>
        <VisuallyHidden>{t.hiddenValue(floor)}</VisuallyHidden>
      </span>
    );
  if (value === null || value === undefined) return <>—</>;
  return <>{formatNumber(locale, value, digits)}</>;
}
