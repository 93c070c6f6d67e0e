import { formatDate, LEAVE_NAMES, type PlanIssue } from '../../../core/childcare/childcare.messages.ts';
import type { BirthChange } from '../../../core/childcare/childcare.service.ts';
import type { ChildcareSettings } from '../../../core/childcare/childcare.settings.ts';
import type { ChildcareCardPort } from '../../../core/childcare/childcare-case.ts';
import type { ChildcarePlan, LeaveRange } from '../../../core/childcare/childcare-plan.schema.ts';
import { LEAVE_KINDS, SUPPORT_SYSTEMS } from '../../../core/childcare/childcare-plan.schema.ts';
import { planTotals } from '../../../core/childcare/childcare-totals.rules.ts';
import { leaveWindows } from '../../../core/childcare/childcare-windows.rules.ts';
import type { Locale } from '../../../core/org/org.table.ts';
import type { FieldError } from '../../../core/shared/errors.ts';
import { type CardJson, renderCard } from '../cards.ts';
import { childcareTexts, fill } from './childcare.texts.ts';
import { cardValuesOf, SLOTS } from './childcare-sheet.form.ts';

const lang = (locale: Locale) => (locale === 'en' ? 'en' : 'ja');

function rangeDates(r: LeaveRange, locale: Locale): string {
  const l = lang(locale);
  return r.start === r.end ? formatDate(r.start, l) : `${formatDate(r.start, l)} 〜 ${formatDate(r.end, l)}`;
}

function rangeFacts(ranges: readonly LeaveRange[], locale: Locale) {
  return [...ranges]
    .sort((a, b) => (a.start < b.start ? -1 : 1))
    .map((r) => ({ kind: LEAVE_NAMES[r.kind][lang(locale)], dates: rangeDates(r, locale) }));
}

/** The sheet form, empty, prefilled from the saved plan, or redrawn with what was sent and the errors. */
export function sheetCard(
  locale: Locale,
  input: {
    caseId: string;
    version: number;
    plan?: Partial<ChildcarePlan>;
    submitted?: Record<string, unknown>;
    errors?: FieldError[];
  },
): CardJson {
  const t = childcareTexts(locale);
  const v = cardValuesOf(input.plan, input.submitted);
  const groups = LEAVE_KINDS.map((kind) => ({
    name: t.useOf[kind],
    hint: t.slotHint[kind],
    slots: Array.from({ length: SLOTS[kind] }, (_, n) => ({
      id: `r_${kind}_${n}`,
      label: fill(t.part, { n: n + 1 }),
      start: v[`r_${kind}_${n}_s`] ?? '',
      end: v[`r_${kind}_${n}_e`] ?? '',
    })),
  }));
  const uses = SUPPORT_SYSTEMS.map((s) => ({
    id: `use_${s}`,
    label: t.useOf[s],
    value: v[`use_${s}`] ?? 'undecided',
  }));
  return renderCard('childcare-sheet', {
    t,
    v,
    groups,
    uses,
    caseId: input.caseId,
    version: input.version,
    errors: input.errors ?? [],
  });
}

/** Asked before any case exists: the sheet is for the father of an expected child (SPEC §5). */
export function eligibilityCard(locale: Locale): CardJson {
  return renderCard('childcare-eligibility', { t: childcareTexts(locale) });
}

/** A one-line answer that replaces the card (not for me, cancelled). */
export function childcareNoticeCard(locale: Locale, which: 'notForMe' | 'cancelled'): CardJson {
  return renderCard('childcare-notice', { text: childcareTexts(locale)[which] });
}

export interface PlanCardInput {
  caseId: string;
  version: number;
  plan: ChildcarePlan;
  consent: boolean;
  settings: ChildcareSettings;
  warnings?: readonly PlanIssue[];
  birth?: BirthChange;
  saved?: boolean;
  /** The Teams user id (29:...) of the owner: the card refreshes itself for them only. */
  refreshFor?: string;
}

/** The saved plan: dates, the three goals in plain words, deadlines, warnings, what moved. */
export function planCard(locale: Locale, input: PlanCardInput): CardJson {
  const t = childcareTexts(locale);
  const l = lang(locale);
  const { plan, settings } = input;
  const totals = planTotals(plan, settings);
  const windows = leaveWindows(plan, settings);
  const facts = [
    ...(plan.dueDate ? [{ title: t.due, value: formatDate(plan.dueDate, l) }] : []),
    ...(plan.birthDate ? [{ title: t.born, value: formatDate(plan.birthDate, l) }] : []),
  ];
  const targets = (['specialLeave5Days', 'childcareLeave2Weeks', 'firstYear1Month'] as const).map((id) => {
    const c = totals.targets[id];
    return { mark: c.met ? '✔' : '・', text: c.summary[l], color: c.met ? 'Good' : 'Default' };
  });
  const deadlines = windows.deadlines
    .filter((d) => d.lastWorkingDayToRequest && plan.ranges[d.index]?.status === 'planned')
    .map((d) => ({
      line: fill(t.requestBy, {
        kind: LEAVE_NAMES[d.kind][l],
        start: formatDate(d.start, l),
        date: formatDate(d.lastWorkingDayToRequest as string, l),
      }),
    }));
  const moved = (input.birth?.moved ?? []).map((m) => ({
    line: fill(t.moved, {
      kind: LEAVE_NAMES[m.kind][l],
      edge: m.edge === 'from' ? t.edgeFrom : t.edgeTo,
      before: formatDate(m.before, l),
      after: formatDate(m.after, l),
    }),
  }));
  for (const s of input.birth?.suggestions ?? [])
    moved.push({
      line: fill(t.suggestion, {
        kind: LEAVE_NAMES[s.kind][l],
        start: formatDate(s.start, l),
        end: formatDate(s.end, l),
      }),
    });
  const warnings = (input.warnings ?? []).map((w) => ({ line: l === 'en' ? w.en : w.message }));
  const card = renderCard('childcare-plan', {
    t,
    caseId: input.caseId,
    version: input.version,
    savedNote: input.saved ? fill(t.savedNote, { version: input.version }) : '',
    facts,
    ranges: rangeFacts(plan.ranges, locale),
    targets,
    deadlines,
    warnings,
    moved,
    consent: input.consent,
    consentText: input.consent ? t.consentOn : t.consentOff,
    born: plan.birthDate !== undefined,
  });
  if (input.refreshFor)
    card.refresh = {
      action: { type: 'Action.Execute', verb: 'childcare.view', data: { caseId: input.caseId } },
      userIds: [input.refreshFor],
    };
  return card;
}

export function wlbCard(
  locale: Locale,
  input: {
    caseId: string;
    answers?: { work?: string; life?: string; interview?: boolean };
    savedVersion?: number;
  },
): CardJson {
  const t = childcareTexts(locale);
  return renderCard('childcare-wlb', {
    t,
    caseId: input.caseId,
    work: input.answers?.work ?? '',
    life: input.answers?.life ?? '',
    interview: String(input.answers?.interview ?? false),
    savedNote: input.savedVersion ? fill(t.wlbSaved, { version: input.savedVersion }) : '',
  });
}

/** The cards core sends proactively (information set, reminders, the manager's card). */
export const childcareCardPort: ChildcareCardPort = {
  infoSet({ caseId, occasion, settings, invited }, locale) {
    const t = childcareTexts(locale);
    const lead = occasion === 'before_birth' ? t.infoBeforeBirth : invited ? t.infoInvited : '';
    return renderCard('childcare-info', {
      t,
      caseId,
      lead,
      items: settings.infoSet.items.map((i) => ({ title: i.title, body: i.body, url: i.url ?? '' })),
      contacts: settings.infoSet.contacts,
    });
  },
  reminder({ item, plan }, locale) {
    const t = childcareTexts(locale);
    const l = lang(locale);
    const range = item.rangeIndex !== undefined ? plan.ranges[item.rangeIndex] : undefined;
    const kind = item.leaveKind ? LEAVE_NAMES[item.leaveKind][l] : '';
    const start = range ? formatDate(range.start, l) : '';
    const text =
      item.type === 'request_deadline'
        ? fill(t.reminderDeadline, { kind, start, date: formatDate(item.eventDate, l) })
        : fill(t.reminderStarts, { kind, start: formatDate(item.eventDate, l) });
    return renderCard('childcare-reminder', { t, caseId: plan.id, text });
  },
  managerPlan({ caseId, version, employeeName, ranges, acknowledged }, locale) {
    const t = childcareTexts(locale);
    return renderCard('childcare-manager', {
      t,
      caseId,
      version,
      intro: fill(t.managerIntro, { name: employeeName }),
      ranges: rangeFacts(ranges, locale),
      acknowledged,
    });
  },
  managerFollow({ caseId, employeeName, birthDate, done, talkDate, complete, reminder }, locale) {
    const t = childcareTexts(locale).follow;
    return renderCard('childcare-manager-follow', {
      t,
      notice: reminder && !complete ? t.reminder : '',
      title: fill(t.title, { name: employeeName }),
      intro: fill(t.intro, { name: employeeName, birth: formatDate(birthDate, lang(locale)) }),
      status: complete ? t.complete : '',
      explained: String(done.explained),
      encouraged: String(done.encouraged),
      coverArranged: String(done.coverArranged),
      talkDate: talkDate ?? '',
      caseId,
    });
  },
  managerWithdrawn({ employeeName }, locale) {
    const t = childcareTexts(locale);
    return renderCard('childcare-manager-withdrawn', {
      t,
      text: fill(t.managerWithdrawn, { name: employeeName }),
    });
  },
};
