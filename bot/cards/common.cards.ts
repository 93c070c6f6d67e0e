import type { Locale } from '../../core/org/org.table.ts';
import type { FieldError } from '../../core/shared/errors.ts';
import { format, messages } from '../i18n/messages.ts';
import { type CardJson, renderCard } from './cards.ts';

export function welcomeCard(locale: Locale): CardJson {
  return renderCard('welcome', { t: messages(locale) });
}

/** The help card a command (not an unknown text) gets depends on the locale only: expanded once. */
const HELP_JSON = new Map<Locale, string>();

export function helpCard(locale: Locale, unknownText?: string): CardJson {
  if (unknownText) return expandHelp(locale, unknownText);
  let json = HELP_JSON.get(locale);
  if (json === undefined) {
    json = JSON.stringify(expandHelp(locale));
    HELP_JSON.set(locale, json);
  }
  // A fresh object per turn: nothing that handles one activity can change another's card.
  return JSON.parse(json) as CardJson;
}

function expandHelp(locale: Locale, unknownText?: string): CardJson {
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

/**
 * The answer to a personal command sent in a group chat or channel: why nothing is shown there, and
 * a button that opens the 1:1 chat with the bot (Teams deep link to a chat with an app's bot:
 * https://teams.microsoft.com/l/chat/0/0?users=28:<bot id>).
 */
export function personalOnlyCard(locale: Locale, botId: string): CardJson {
  const t = messages(locale);
  const id = botId.startsWith('28:') ? botId : `28:${botId}`;
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      {
        type: 'TextBlock',
        text: t.personalOnlyTitle,
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
        style: 'heading',
      },
      { type: 'TextBlock', text: t.personalOnlyWhy, wrap: true },
    ],
    actions: [
      {
        type: 'Action.OpenUrl',
        title: t.personalOnlyOpen,
        url: `https://teams.microsoft.com/l/chat/0/0?users=${id}`,
      },
    ],
  };
}
