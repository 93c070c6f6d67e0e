import { VisuallyHidden } from '../../components/visually-hidden.tsx';
import { formatNumber, useI18n, usePageTexts } from '../../i18n/locale.tsx';
import { DASHBOARD_TEXTS } from './dashboard.texts.ts';

/**
 * A number, or why there is none: "<N" for a group under the floor, "非表示" with its reason for a
 * group of N or more hidden so that a smaller one cannot be worked out from the total (main said
 * "<5" for both), or a dash. A reason this page does not know yet is shown as 非表示.
 */
export function Figure({
  value,
  hidden,
  floor,
  digits = 1,
}: {
  value: number | null | undefined;
  /** true, 'small' or 'small_group': under the floor; 'complementary', 'residual' (any other reason): hidden to protect another group. */
  hidden?: boolean | string | null;
  floor: number;
  digits?: number;
}) {
  const { locale } = useI18n();
  const t = usePageTexts(DASHBOARD_TEXTS);
  if (hidden && hidden !== true && hidden !== 'small' && hidden !== 'small_group')
    return (
      <span title={t.hiddenOther(floor)}>
        <span aria-hidden="true">{t.hiddenShort}</span>
        <VisuallyHidden>{t.hiddenOther(floor)}</VisuallyHidden>
      </span>
    );
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
