import { addDays, tokyoDateOf, tokyoInstant } from '../shared/calendar.ts';
import { AppError, type FieldError } from '../shared/errors.ts';
import { zodFieldErrors } from '../shared/zod-errors.ts';
import { type Campaign, campaignSchema } from './campaign.schema.ts';
import { bilingual, msg } from './leave.messages.ts';

export type CampaignCheck = { ok: true; campaign: Campaign } | { ok: false; errors: FieldError[] };

/**
 * Checks a campaign definition and fills in the defaults. With `now`, a deadline that has already
 * passed is refused too (a new or edited campaign must still be answerable).
 */
export function checkCampaign(input: unknown, options: { now?: Date } = {}): CampaignCheck {
  const parsed = campaignSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: zodFieldErrors(parsed.error.issues, { whole: '(campaign)' }),
    };
  }
  if (options.now && parsed.data.deadline < tokyoDateOf(options.now))
    return { ok: false, errors: [{ where: 'deadline', message: msg.deadlinePassed() }] };
  return { ok: true, campaign: parsed.data };
}

/** As checkCampaign, throwing AppError('bad_request') with every field error. */
export function parseCampaign(input: unknown, options: { now?: Date } = {}): Campaign {
  const result = checkCampaign(input, options);
  if (!result.ok)
    throw new AppError(
      'bad_request',
      bilingual({ ja: 'キャンペーンの設定に誤りがあります', en: 'invalid campaign' }),
      result.errors,
    );
  return result.campaign;
}

type Window = Pick<Campaign, 'openingDate' | 'deadline'>;

/** Plans are accepted from the start of the opening day (Tokyo)… */
export function opensAt(c: Window): Date {
  return tokyoInstant(c.openingDate);
}

/** …until the end of the deadline day (Tokyo): the first instant that is too late. */
export function closesAt(c: Window): Date {
  return tokyoInstant(addDays(c.deadline, 1));
}

export type CampaignPhase = 'scheduled' | 'open' | 'closed';

export function campaignPhase(c: Window, now: Date): CampaignPhase {
  if (now < opensAt(c)) return 'scheduled';
  if (now < closesAt(c)) return 'open';
  return 'closed';
}

/** Refuses a plan submission or edit outside the campaign's window. */
export function assertAcceptingPlans(c: Window, now: Date): void {
  const phase = campaignPhase(c, now);
  if (phase === 'closed') throw new AppError('gone', msg.closed(c.deadline));
  if (phase === 'scheduled') throw new AppError('conflict', msg.notYetOpen(c.openingDate));
}
