import { z } from 'zod';
import {
  type ChildcarePlanFields,
  INTENTIONS,
  LEAVE_KINDS,
  type LeaveKind,
  SUPPORT_SYSTEMS,
} from '../../../core/childcare/childcare-plan.schema.ts';
import type { FieldError } from '../../../core/shared/errors.ts';
import { type ChildcareTexts, fill } from './childcare.texts.ts';

/**
 * The sheet card's inputs ↔ the plan. Inputs are flat (Action.Execute sends every input as a
 * string), so each leave has a fixed number of date slots: r_<kind>_<n>_s / _e.
 */

export const SLOTS: Record<LeaveKind, number> = {
  spouse_childbirth_leave: 2,
  childcare_participation_leave: 5,
  postnatal_paternity_leave: 2,
  childcare_annual_leave: 3,
  childcare_leave: 3,
};

/** What every sheet action carries besides the inputs: which case, drawn from which version. */
export const sheetAction = z.object({
  caseId: z.string().min(1).max(64),
  version: z.coerce.number().int().min(0),
});

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const opt = (v: unknown) => str(v) || undefined;

export interface CardSubmit {
  /** The plan input for parseChildcarePlanInput (still unvalidated). */
  input: Record<string, unknown>;
  /** ranges index → "育児参加のための休暇 2回目" so errors name the card's field. */
  rangeLabels: string[];
}

export function planInputFromCard(data: Record<string, unknown>, t: ChildcareTexts): CardSubmit {
  const ranges: Record<string, unknown>[] = [];
  const rangeLabels: string[] = [];
  for (const kind of LEAVE_KINDS) {
    for (let n = 0; n < SLOTS[kind]; n++) {
      const start = str(data[`r_${kind}_${n}_s`]);
      const end = str(data[`r_${kind}_${n}_e`]);
      if (!start && !end) continue;
      // An end without a start stays in, so the schema names the missing start.
      ranges.push({ kind, start, end: end || undefined });
      rangeLabels.push(`${t.useOf[kind]} ${fill(t.part, { n: n + 1 })}`);
    }
  }
  const intendedUse: Record<string, string> = {};
  for (const system of SUPPORT_SYSTEMS) {
    const v = str(data[`use_${system}`]);
    if ((INTENTIONS as readonly string[]).includes(v)) intendedUse[system] = v;
  }
  return {
    input: {
      dueDate: opt(data.dueDate),
      birthDate: opt(data.birthDate),
      spouseAdmissionDate: opt(data.spouseAdmissionDate),
      multipleBirth: str(data.multipleBirth) === 'true',
      olderPreschoolChild: str(data.olderPreschoolChild) === 'true',
      spouseSituation: opt(data.spouseSituation),
      childcareArrangement: {
        kind: opt(data.arrangementKind) ?? 'undecided',
        note: opt(data.arrangementNote),
      },
      intendedUse,
      ranges,
      consentToShareWithManager: str(data.consent) === 'true',
    },
    rangeLabels,
  };
}

const FIELD_LABEL: Record<string, keyof ChildcareTexts> = {
  dueDate: 'dueDate',
  birthDate: 'birthDate',
  spouseAdmissionDate: 'spouseAdmissionDate',
  spouseSituation: 'spouseSituation',
  childcareArrangement: 'arrangement',
};

/** "ranges.3.start" → "育児参加のための休暇 2回目・開始日"; plain fields → their card label. */
export function fieldLabel(where: string, rangeLabels: readonly string[], t: ChildcareTexts): string {
  const m = /^ranges\.(\d+)(?:\.(start|end))?/.exec(where);
  if (m) {
    const label = rangeLabels[Number(m[1])] ?? where;
    return m[2] ? `${label}・${m[2] === 'start' ? t.from : t.to}` : label;
  }
  const key = FIELD_LABEL[where.split('.')[0] ?? ''];
  return key ? String(t[key]) : where;
}

export function labelled(
  fields: readonly FieldError[],
  rangeLabels: readonly string[],
  t: ChildcareTexts,
): FieldError[] {
  return fields.map((f) => ({ where: fieldLabel(f.where, rangeLabels, t), message: f.message }));
}

/** The card's input values for a plan (or for what was just submitted). */
export function cardValuesOf(
  plan: Partial<ChildcarePlanFields> | undefined,
  data?: Record<string, unknown>,
): Record<string, string> {
  if (data) {
    // What was typed wins; inputs the client left out fall back to empty.
    const values = cardValuesOf(undefined);
    for (const k of Object.keys(values))
      values[k] = typeof data[k] === 'string' ? (data[k] as string) : k.startsWith('use_') ? 'undecided' : '';
    return values;
  }
  const values: Record<string, string> = {
    dueDate: plan?.dueDate ?? '',
    birthDate: plan?.birthDate ?? '',
    spouseAdmissionDate: plan?.spouseAdmissionDate ?? '',
    multipleBirth: String(plan?.multipleBirth ?? false),
    olderPreschoolChild: String(plan?.olderPreschoolChild ?? false),
    spouseSituation: plan?.spouseSituation ?? '',
    arrangementKind: plan?.childcareArrangement?.kind ?? 'undecided',
    arrangementNote: plan?.childcareArrangement?.note ?? '',
    consent: String(plan?.consentToShareWithManager ?? false),
  };
  for (const system of SUPPORT_SYSTEMS) values[`use_${system}`] = plan?.intendedUse?.[system] ?? 'undecided';
  for (const kind of LEAVE_KINDS) {
    const ofKind = (plan?.ranges ?? []).filter((r) => r.kind === kind);
    for (let n = 0; n < SLOTS[kind]; n++) {
      const r = ofKind[n];
      values[`r_${kind}_${n}_s`] = r?.start ?? '';
      values[`r_${kind}_${n}_e`] = r && r.end !== r.start ? r.end : '';
    }
  }
  return values;
}
