import type { ReminderSlot } from '../../../core/leave/campaign-reminders.rules.ts';
import type { StoredCampaign } from '../../../core/leave/leave.table.ts';
import type { LeaveKind } from '../../../core/leave/leave.types.ts';
import { planTotals } from '../../../core/leave/leave-plan.rules.ts';
import {
  CARD_CHOICE_CODE,
  CARD_NO_LEAVE,
  type PlanCardModel,
} from '../../../core/leave/leave-plan.service.ts';
import type { GridDay } from '../../../core/leave/plan-grid.rules.ts';
import type { SectionPlanTable } from '../../../core/leave/section-plan.rules.ts';
import type { Locale } from '../../../core/org/org.table.ts';
import { dayOfWeek, type IsoDate, parseIsoDate } from '../../../core/shared/calendar.ts';
import type { SuppressedCount } from '../../../core/shared/privacy.ts';
import { type CardJson, renderCard } from '../cards.ts';
import { fill, leaveMessages } from './leave-card.messages.ts';

const CARD_CODE_OF = (kind: LeaveKind | undefined) => (kind ? CARD_CHOICE_CODE[kind] : CARD_NO_LEAVE);

/** The campaign message may be long (2,000 characters); the card shows its start, the tab all of it. */
const MAX_CARD_MESSAGE = 600;
const clip = (text: string) =>
  text.length > MAX_CARD_MESSAGE ? `${text.slice(0, MAX_CARD_MESSAGE - 1)}…` : text;

const WEEKDAY = { ja: '日月火水木金土', en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] };

/** 7/13(月) or Mon 7/13: short enough for 60+ day labels in one card. */
export function shortDate(date: IsoDate, locale: Locale): string {
  const { m, d } = parseIsoDate(date);
  const w = dayOfWeek(date);
  return locale === 'en' ? `${WEEKDAY.en[w]} ${m}/${d}` : `${m}/${d}(${WEEKDAY.ja[w]})`;
}

function kindLabel(kind: LeaveKind, locale: Locale): string {
  const t = leaveMessages(locale);
  return {
    annual_full: t.kindFull,
    annual_am: t.kindAm,
    annual_pm: t.kindPm,
    summer: t.kindSummer,
    special_other: t.kindOther,
  }[kind];
}

export function campaignTitle(c: StoredCampaign, locale: Locale): string {
  return locale === 'en' && c.message.en ? `${c.title}` : c.title;
}

function balanceFacts(model: PlanCardModel, locale: Locale) {
  const t = leaveMessages(locale);
  const b = model.balance;
  const c = model.campaign;
  return [
    { title: t.period, value: `${shortDate(c.period.start, locale)} – ${shortDate(c.period.end, locale)}` },
    { title: t.deadline, value: fill(t.deadlineValue, { date: shortDate(c.deadline, locale) }) },
    { title: t.used, value: fill(t.days, { n: b.usedDays }) },
    {
      title: t.remaining,
      // Never a bare negative number: an excess is explained (issue 14).
      value:
        b.overdrawnDays > 0
          ? fill(t.overdrawn, { n: b.overdrawnDays })
          : fill(t.remainingValue, {
              n: b.remainingDays,
              granted: b.grantedDays,
              carried: b.carriedOverDays,
              used: b.usedDays,
            }),
    },
    ...(b.plannedBeyondDays > 0
      ? [{ title: '⚠', value: fill(t.plannedBeyond, { n: b.plannedBeyondDays }) }]
      : []),
    { title: t.goal, value: b.goalReached ? t.goalReached : fill(t.goalValue, { days: b.toGoalDays }) },
  ];
}

/** Weeks (Mon–Sun) of one month: a heading with the week and its days off, then the working days as inputs. */
function monthBlocks(days: GridDay[], values: Map<IsoDate, LeaveKind>, locale: Locale) {
  const t = leaveMessages(locale);
  const months = new Map<string, GridDay[]>();
  for (const d of days) months.set(d.date.slice(0, 7), [...(months.get(d.date.slice(0, 7)) ?? []), d]);
  const list = [...months].map(([month, mdays], index) => {
    const weeks: GridDay[][] = [];
    for (const d of mdays) {
      if (weeks.length === 0 || d.weekday === 1) weeks.push([]);
      weeks[weeks.length - 1]?.push(d);
    }
    const { y, m } = parseIsoDate(`${month}-01`);
    return {
      id: `m${month}`,
      visible: index === 0,
      label: locale === 'en' ? `${y}-${String(m).padStart(2, '0')}` : `${y}年${m}月`,
      weeks: weeks
        .filter((w) => w.length > 0)
        .map((w) => {
          const off = w
            .filter((d) => !d.working)
            .map((d) => `${shortDate(d.date, locale)}${d.holidayName ? ` ${d.holidayName}` : ''}`);
          return {
            // A heading per week (12/28(月)〜1/3(日) — 休日: …) so that the days off read as part
            // of their week, not as a note about the days that follow.
            offDays: [
              `${shortDate(w[0]!.date, locale)}〜${shortDate(w[w.length - 1]!.date, locale)}`,
              ...(off.length > 0 ? [fill(t.nonWorking, { days: off.join('、') })] : []),
            ].join(' — '),
            days: w
              .filter((d) => d.working)
              .map((d) => ({
                id: `d${d.date}`,
                label: `${d.bridge ? '★ ' : ''}${shortDate(d.date, locale)}`,
                value: CARD_CODE_OF(values.get(d.date)),
              })),
          };
        })
        .filter((w) => w.days.length > 0 || w.offDays !== ''),
    };
  });
  const tabs = list.map((m) => ({
    title: m.label,
    targets: list.map((other) => ({ elementId: other.id, isVisible: other.id === m.id })),
  }));
  return { months: list, tabs };
}

// Expanding the 60-day template takes ~20 ms; a reminder run sends the same card (bar the balance
// facts) to thousands of people, so the expansion is kept per campaign, locale, banner and values.
const expanded = new Map<string, CardJson>();
const MAX_EXPANDED = 64;

function withFacts(card: CardJson, facts: { title: string; value: string }[]): CardJson {
  const copy = structuredClone(card);
  for (const el of copy.body ?? [])
    if ((el as { id?: string }).id === 'balance') (el as { facts: unknown }).facts = facts;
  return copy;
}

/** The editable plan card (first answer, edit, or reminder with a banner). */
export function leavePlanCard(model: PlanCardModel, locale: Locale, banner = ''): CardJson {
  const data = planCardData(model, locale, banner);
  const key = JSON.stringify(data);
  let card = expanded.get(key);
  if (!card) {
    card = renderCard('leave-plan', { ...data, facts: [{ title: '-', value: '-' }] });
    if (expanded.size >= MAX_EXPANDED) expanded.delete(expanded.keys().next().value as string);
    expanded.set(key, card);
  }
  return withFacts(card, balanceFacts(model, locale));
}

function planCardData(model: PlanCardModel, locale: Locale, banner: string) {
  const t = leaveMessages(locale);
  const c = model.campaign;
  const values = new Map((model.plan?.entries ?? []).map((e) => [e.date, e.kind]));
  const choices = [
    { title: t.none, value: CARD_NO_LEAVE },
    ...c.allowedKinds.map((k) => ({ title: kindLabel(k, locale), value: CARD_CHOICE_CODE[k] })),
  ];
  return {
    title: campaignTitle(c, locale),
    banner,
    message: clip(locale === 'en' ? (c.message.en ?? c.message.ja) : c.message.ja),
    legend: t.legend,
    ...monthBlocks(model.days, values, locale),
    choices,
    noteLabel: t.note,
    notePlaceholder: t.notePlaceholder,
    note: model.plan?.note ?? '',
    submitTitle: model.plan ? t.resubmit : t.submit,
    campaignId: c.id,
    planId: model.plan?.id ?? '',
    baseVersion: String(model.plan?.version ?? 0),
    // Part of the cache key: an edited campaign must not reuse an old expansion.
    deadline: c.deadline,
  };
}

/** The saved plan (after submit, or when the campaign is closed) with an edit button while open. */
export function leavePlanSavedCard(model: PlanCardModel, locale: Locale, justSaved: boolean): CardJson {
  const t = leaveMessages(locale);
  const entries = model.plan?.entries ?? [];
  const totals = planTotals(entries);
  const closed = model.phase === 'closed';
  return renderCard('leave-plan-saved', {
    title: campaignTitle(model.campaign, locale),
    banner: closed
      ? t.closedBanner
      : justSaved
        ? fill(t.savedBanner, { version: model.plan?.version ?? 1 })
        : '',
    bannerColor: closed ? 'Attention' : 'Good',
    facts: balanceFacts(model, locale),
    savedTitle: t.savedTitle,
    nothing: model.plan ? t.nothingPlanned : t.notSubmitted,
    entries: entries.map((e) => ({ date: shortDate(e.date, locale), kind: kindLabel(e.kind, locale) })),
    totals: fill(t.plannedTotal, {
      annual: totals.annualDays,
      summer: totals.summerDays,
      other: totals.otherDays,
    }),
    note: model.plan?.note ?? '',
    editable: model.phase === 'open',
    editTitle: t.edit,
    campaignId: model.campaign.id,
  });
}

export function reminderBanner(slot: ReminderSlot, locale: Locale): string {
  const t = leaveMessages(locale);
  if (slot === 'opening') return t.reminderOpening;
  const days = Number(/deadline-(\d+)d/.exec(slot)?.[1] ?? 0);
  return fill(t.reminderBefore, { days });
}

export function campaignListCard(
  items: { campaign: StoredCampaign; answered: boolean }[],
  locale: Locale,
): CardJson {
  const t = leaveMessages(locale);
  return renderCard('leave-campaigns', {
    title: t.campaignsTitle,
    empty: t.campaignsNone,
    campaigns: items.map(({ campaign: c, answered }) => ({
      id: c.id,
      title: campaignTitle(c, locale),
      detail: `${t.period}: ${shortDate(c.period.start, locale)} – ${shortDate(c.period.end, locale)} / ${t.deadline}: ${shortDate(c.deadline, locale)} / ${answered ? t.answered : t.notAnswered}`,
      openTitle: t.open,
    })),
  });
}

function notice(title: string, lines: string[], warning = '', link = '', linkTitle = ''): CardJson {
  return renderCard('leave-notice', {
    title,
    lines: lines.map((text) => ({ text })),
    warning,
    link,
    linkTitle,
  });
}

export function lowResponseCard(
  c: StoredCampaign,
  locale: Locale,
  sections: { name: string; members: number; responded: number; staffOnly: boolean }[],
  link: string,
): CardJson {
  const t = leaveMessages(locale);
  // When the figures cover only the chief's own people, the row says so (not the section's rate).
  const named = (s: { name: string; staffOnly: boolean }) =>
    s.staffOnly ? fill(t.staffOnlyName, { name: s.name }) : s.name;
  return notice(
    t.lowResponseTitle,
    [
      fill(t.lowResponseIntro, { title: c.title, deadline: shortDate(c.deadline, locale) }),
      ...sections.map((s) =>
        fill(t.lowResponseRow, {
          members: s.members,
          responded: s.responded,
          name: named(s),
          rate: s.members ? Math.round((s.responded / s.members) * 100) : 0,
        }),
      ),
    ],
    '',
    link,
    t.openTab,
  );
}

export function sectionTableCard(
  c: StoredCampaign,
  locale: Locale,
  table: SectionPlanTable & { sectionName: string; staffOnly: boolean },
  link: string,
): CardJson {
  const t = leaveMessages(locale);
  const share = Math.round(c.coverageWarningShare * 100);
  const warnDays = table.load.filter((l) => l.warning).map((l) => shortDate(l.date, locale));
  return notice(
    t.sectionTableTitle,
    [
      fill(t.sectionTableIntro, {
        title: c.title,
        section: table.staffOnly ? fill(t.staffOnlyName, { name: table.sectionName }) : table.sectionName,
        responded: table.responded,
        members: table.members,
      }),
    ],
    warnDays.length > 0
      ? fill(t.sectionTableWarn, { share, days: warnDays.join('、') })
      : fill(t.sectionTableNoWarn, { share }),
    link,
    t.openTab,
  );
}

export function nudgePersonCard(locale: Locale, takenDays: number, asOf: IsoDate): CardJson {
  const t = leaveMessages(locale);
  return notice(t.nudgeTitle, [fill(t.nudgeBody, { days: takenDays, asOf: shortDate(asOf, locale) })]);
}

export function nudgeManagerCard(
  locale: Locale,
  nudged: number | SuppressedCount,
  groupSize: number,
): CardJson {
  const t = leaveMessages(locale);
  if (typeof nudged === 'string')
    return notice(t.nudgeManagerTitle, [fill(t.nudgeManagerSmall, { floor: nudged.slice(1) })]);
  return notice(t.nudgeManagerTitle, [fill(t.nudgeManagerBody, { size: groupSize, count: nudged })]);
}
