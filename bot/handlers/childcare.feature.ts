import { z } from 'zod';
import { writeAudit } from '../../core/audit/audit.repository.ts';
import * as repo from '../../core/childcare/childcare.repository.ts';
import { cancelCase, enterBirth, saveSheet, startCase } from '../../core/childcare/childcare.service.ts';
import { type CaseView, type ChildcareDeps, ownCase } from '../../core/childcare/childcare-case.ts';
import { followInputSchema, recordFollow } from '../../core/childcare/childcare-follow.service.ts';
import { changeConsent, confirmCoverage } from '../../core/childcare/childcare-sharing.service.ts';
import { isAppError } from '../../core/shared/errors.ts';
import { type CardJson, cardAttachment } from '../cards/cards.ts';
import {
  childcareCardPort,
  childcareNoticeCard,
  eligibilityCard,
  planCard,
  sheetCard,
  wlbCard,
} from '../cards/childcare/childcare.cards.ts';
import { childcareTexts } from '../cards/childcare/childcare.texts.ts';
import { labelled, planInputFromCard, sheetAction } from '../cards/childcare/childcare-sheet.form.ts';
import type { BotFeature } from './bot-feature.ts';
import { parsePayload, requireEmployee, requireEmployeeRead, type TurnUser } from './turn-user.ts';

const caseOnly = z.object({ caseId: z.string().min(1).max(64) });
const startPayload = z.object({ forWhom: z.literal('father') });
const consentPayload = caseOnly.extend({ granted: z.boolean() });
const birthPayload = sheetAction.extend({ birthDate: z.string().max(20).optional() });
const coveragePayload = caseOnly.extend({ version: z.coerce.number().int().min(1) });
const wlbPayload = caseOnly.extend({
  work: z.string().max(1000).optional(),
  life: z.string().max(1000).optional(),
  interview: z.enum(['true', 'false']).optional(),
});

export function childcareFeature(deps: ChildcareDeps): BotFeature {
  const { db } = deps;

  const viewOf = async (
    user: TurnUser,
    view: CaseView,
    fromId: string | undefined,
    extra: Partial<Parameters<typeof planCard>[1]> = {},
  ) => {
    const employee = requireEmployee(user);
    if (!view.plan)
      return sheetCard(employee.locale, {
        caseId: view.row.id,
        version: view.version,
        plan: {
          dueDate: view.row.due_date ?? undefined,
          birthDate: view.row.birth_date ?? undefined,
          multipleBirth: view.row.multiple_birth,
        },
      });
    return planCard(employee.locale, {
      caseId: view.row.id,
      version: view.version,
      plan: view.plan,
      consent: view.row.consent,
      settings: await repo.loadChildcareSettings(db),
      refreshFor: fromId,
      ...extra,
    });
  };

  return {
    commands: [
      {
        names: ['育児', 'いくじ', '育児シート', 'childcare'],
        read: repo.hasOpenCaseRead,
        async run(context, user, _args, hasOpenCase?: boolean) {
          const { employee, read: open } = requireEmployeeRead(user, hasOpenCase);
          // An open case (filed, invited or reported) continues; otherwise ask first who the sheet
          // is for: typing 育児 files nothing (issue 14, eligibility).
          const card = open
            ? await viewOf(
                user,
                (await startCase(deps, employee, { source: 'self' })).view,
                context.activity.from?.id,
              )
            : eligibilityCard(employee.locale);
          await context.sendActivity({ attachments: [cardAttachment(card)] });
        },
      },
    ],
    actions: [
      {
        verb: 'childcare.start',
        async run(context, user, data) {
          parsePayload(startPayload, data, user);
          const { view } = await startCase(deps, requireEmployee(user), { source: 'self' });
          return viewOf(user, view, context.activity.from?.id);
        },
      },
      {
        // The father's manager records the follow sheet's steps (seed 002).
        verb: 'childcare.follow',
        async run(_context, user, data) {
          const parsed = parsePayload(followInputSchema, data, user);
          return (await recordFollow(deps, requireEmployee(user), parsed)) as CardJson;
        },
      },
      {
        verb: 'childcare.notForMe',
        async run(_context, user) {
          return childcareNoticeCard(requireEmployee(user).locale, 'notForMe');
        },
      },
      {
        verb: 'childcare.cancel',
        async run(_context, user, data) {
          const parsed = parsePayload(caseOnly, data, user);
          const employee = requireEmployee(user);
          await cancelCase(deps, employee, parsed.caseId);
          return childcareNoticeCard(employee.locale, 'cancelled');
        },
      },
      {
        verb: 'childcare.view',
        async run(context, user, data) {
          const parsed = parsePayload(caseOnly, data, user);
          const employee = requireEmployee(user);
          return viewOf(user, await ownCase(db, employee, parsed.caseId), context.activity.from?.id);
        },
      },
      {
        verb: 'childcare.edit',
        async run(_context, user, data) {
          const parsed = parsePayload(caseOnly, data, user);
          const employee = requireEmployee(user);
          const view = await ownCase(db, employee, parsed.caseId);
          return sheetCard(employee.locale, { caseId: view.row.id, version: view.version, plan: view.plan });
        },
      },
      {
        verb: 'childcare.save',
        async run(context, user, data) {
          const action = parsePayload(sheetAction, data, user);
          const employee = requireEmployee(user);
          const t = childcareTexts(employee.locale);
          const raw = data as Record<string, unknown>;
          const { input, rangeLabels } = planInputFromCard(raw, t);
          try {
            const result = await saveSheet(deps, employee, action.caseId, action.version, input);
            return viewOf(user, result.view, context.activity.from?.id, {
              warnings: result.warnings,
              birth: result.birth,
              saved: true,
            });
          } catch (err) {
            // Rule and input errors: the same form again, with what was typed and each problem named.
            if (!isAppError(err) || err.code !== 'bad_request') throw err;
            return sheetCard(employee.locale, {
              caseId: action.caseId,
              version: action.version,
              submitted: raw,
              errors: labelled(err.fields, rangeLabels, t),
            });
          }
        },
      },
      {
        verb: 'childcare.consent',
        async run(context, user, data) {
          const parsed = parsePayload(consentPayload, data, user);
          const view = await changeConsent(deps, requireEmployee(user), parsed.caseId, parsed.granted);
          return viewOf(user, view, context.activity.from?.id);
        },
      },
      {
        verb: 'childcare.birth',
        async run(context, user, data) {
          const parsed = parsePayload(birthPayload, data, user);
          const result = await enterBirth(
            deps,
            requireEmployee(user),
            parsed.caseId,
            parsed.version,
            parsed.birthDate,
          );
          return viewOf(user, result.view, context.activity.from?.id, {
            warnings: result.warnings,
            birth: result.birth,
            saved: true,
          });
        },
      },
      {
        verb: 'childcare.coverage',
        async run(_context, user, data) {
          const parsed = parsePayload(coveragePayload, data, user);
          const manager = requireEmployee(user);
          const result = await confirmCoverage(deps, manager, parsed.caseId, parsed.version);
          if (result.withdrawn)
            return childcareCardPort.managerWithdrawn(
              { employeeName: result.employee.name },
              manager.locale,
            ) as CardJson;
          return childcareCardPort.managerPlan(
            {
              caseId: result.view.row.id,
              version: result.view.version,
              employeeName: result.employee.name,
              ranges: result.view.plan.ranges,
              acknowledged: true,
            },
            manager.locale,
          ) as CardJson;
        },
      },
      {
        verb: 'childcare.wlb.open',
        async run(_context, user, data) {
          const parsed = parsePayload(caseOnly, data, user);
          const employee = requireEmployee(user);
          const view = await ownCase(db, employee, parsed.caseId);
          const latest = await repo.latestWlbSheet(db, employee.id);
          return wlbCard(employee.locale, { caseId: view.row.id, answers: latest?.answers as never });
        },
      },
      {
        verb: 'childcare.wlb.save',
        async run(_context, user, data) {
          const parsed = parsePayload(wlbPayload, data, user);
          const employee = requireEmployee(user);
          const view = await ownCase(db, employee, parsed.caseId);
          const answers = {
            work: parsed.work?.trim() ?? '',
            life: parsed.life?.trim() ?? '',
            interview: parsed.interview === 'true',
          };
          const version = await db.transaction(async (tx) => {
            const v = await repo.saveWlbSheet(tx, { employeeId: employee.id, caseId: view.row.id, answers });
            await writeAudit(tx, {
              actorId: employee.id,
              action: 'childcare.wlb.save',
              targetType: 'employee',
              targetId: employee.id,
              detail: { version: v },
            });
            return v;
          });
          return wlbCard(employee.locale, { caseId: view.row.id, answers, savedVersion: version });
        },
      },
    ],
  };
}
