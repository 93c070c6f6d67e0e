import type { Locale } from '../../core/org/org.table.ts';
import type { FieldError } from '../../core/shared/errors.ts';
import { format, messages } from '../i18n/messages.ts';
import { type CardJson, renderCard } from './cards.ts';

export function welcomeCard(locale: Locale): CardJson {
  return renderCard('welcome', { t: messages(locale) });
}

export function helpCard(locale: Locale, unknownText?: string): CardJson {
  const t = messages(locale);
  const commands = [
    [t.cmdHelp, t.cmdHelpDesc],
    [t.cmdOvertime, t.cmdOvertimeDesc],
    [t.cmdLeave, t.cmdLeaveDesc],
    [t.cmdPlan, t.cmdPlanDesc],
    [t.cmdChildcare, t.cmdChildcareDesc],
    [t.cmdSettings, t.cmdSettingsDesc],
  ].map(([name, description]) => ({ name, description }));
  const intro = unknownText ? format(t.unknownCommand, { text: unknownText.slice(0, 80) }) : t.helpIntro;
  return renderCard('help', { t, intro, commands });
}

export function settingsCard(
  locale: Locale,
  values: { quietStart: string; quietEnd: string },
  saved = false,
): CardJson {
  const t = messages(locale);
  return renderCard('settings', { t, locale, ...values, saved, savedMessage: saved ? t.settingsSaved : '' });
}

export function errorCard(locale: Locale, message: string, fields: FieldError[] = []): CardJson {
  const t = messages(locale);
  return renderCard('error', { title: t.errorTitle, message, fields });
}
