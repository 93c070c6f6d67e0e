import { disclosureFloor } from '../access/disclosure.service.ts';
import { accessScope } from '../access/scope.ts';
import { hasRole, type Viewer } from '../access/viewer.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { EmployeeProfile } from '../org/org.table.ts';
import { AppError } from '../shared/errors.ts';
import {
  answeredSection,
  answersByReceipt,
  answersOf,
  countAudience,
  findSurvey,
  hasResponded,
  insertFirstAnswer,
  insertSurvey,
  invitedSection,
  isInvitee,
  listSurveys,
  previousRound,
  schedule,
  unitsOf,
  updateAnswers,
} from './survey.repository.ts';
import {
  type AnswerValue,
  parseAnswers,
  parseOrThrow,
  type SurveyDraft,
  surveyDraftSchema,
} from './survey.schema.ts';
import { isInWindow, type SurveyRow } from './survey.table.ts';
import { newReceipt, receiptHash } from './survey-receipt.ts';
import { type GroupResult, surveyResults, type TrendPoint, trend } from './survey-results.rules.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const forbidden = (message = 'Not allowed.') => new AppError('forbidden', message);

/** HR composes for anyone; a WLB officer (局WLB担当) for the bureaus they act for. */
export function requireComposer(viewer: Viewer): void {
  if (!hasRole(viewer, 'hr', 'wlb_officer')) throw forbidden('Only HR or a WLB officer can compose surveys.');
}

/** Results are group figures: hr/admin for every bureau, executives and WLB officers for theirs. */
export function requireResultsReader(viewer: Viewer): void {
  if (!hasRole(viewer, 'hr', 'admin', 'wlb_officer', 'executive'))
    throw forbidden('Only HR, WLB officers and executives see survey results.');
}

export interface SurveyResults {
  survey: SurveyRow;
  /**
   * False while answers can still come in or change: then only how many answered is shown (per
   * the same decision), never what they answered. Live answer figures would let anyone who reads
   * them before and after one colleague answers or edits subtract that one person's answers.
   */
  final: boolean;
  floor: number;
  groups: GroupResult[];
  previous: { id: string; title: string; opensAt: Date } | null;
  trend: TrendPoint[];
}

export function createSurveyService(deps: { db: Db; now: () => Date }) {
  const { db } = deps;
  const audit = (actorId: string, action: string, id: string, detail?: Record<string, unknown>) =>
    writeAudit(db, { actorId, action, targetType: 'survey', targetId: id, detail });

  async function mustFind(id: string): Promise<SurveyRow> {
    const s = UUID.test(id) ? await findSurvey(db, id) : undefined;
    if (!s) throw new AppError('not_found', 'No such survey.');
    return s;
  }

  /** A WLB officer's audience stays inside their bureaus: named bureaus or sections of them only. */
  async function checkAudienceScope(viewer: Viewer, d: SurveyDraft): Promise<void> {
    if (hasRole(viewer, 'hr')) return;
    const mine = new Set(viewer.bureauScopes.filter((s) => s.role === 'wlb_officer').map((s) => s.bureauId));
    const a = d.audience;
    const outside =
      a.everyone ||
      a.roles.length > 0 ||
      a.employeeIds.length > 0 ||
      a.bureauIds.some((b) => !mine.has(b)) ||
      (a.sectionIds.length > 0 &&
        (
          await db.query<{ n: number }>(sql`
            select count(*)::int as n from section where id = any(${a.sectionIds}::uuid[]) and not (bureau_id = any(${[...mine]}::uuid[]))`)
        )[0]?.n !== 0);
    if (outside) throw forbidden('A WLB officer can ask only the bureaus and sections they act for.');
  }

  /**
   * What the viewer's answer (if any) adds to the results: they know it, in the section they were
   * asked in — not the one they sit in now, which differs after a move.
   */
  const viewerAnswerSection = (viewer: Viewer, surveyId: string) =>
    answeredSection(db, surveyId, viewer.employee.id);

  async function resultsOf(viewer: Viewer, s: SurveyRow, floor: number) {
    const scope = await accessScope(db, viewer);
    const units = (await unitsOf(db, s.id)).filter((u) => scope.orgWide || scope.bureauIds.has(u.bureauId));
    return surveyResults({
      questions: s.questions,
      answers: await answersOf(db, s.id),
      units,
      floor,
      viewerAnswerSection: await viewerAnswerSection(viewer, s.id),
    });
  }

  return {
    async create(viewer: Viewer, input: unknown): Promise<SurveyRow> {
      requireComposer(viewer);
      const d = parseOrThrow(surveyDraftSchema, input);
      await checkAudienceScope(viewer, d);
      if ((await countAudience(db, d.audience)) === 0)
        throw new AppError('bad_request', 'The survey has problems.', [
          { where: 'audience', message: 'nobody is in the audience', key: 'announcement.no_recipients' },
        ]);
      const s = await insertSurvey(db, viewer.employee.id, d);
      await audit(viewer.employee.id, 'survey.create', s.id, { questions: d.questions.length });
      return s;
    },

    /** The composer sends it: the job opens it at its opening time and sends the cards. */
    async launch(viewer: Viewer, id: string): Promise<SurveyRow> {
      requireComposer(viewer);
      const s = await mustFind(id);
      if (!hasRole(viewer, 'hr') && s.created_by !== viewer.employee.id) throw forbidden();
      if (s.closes_at <= deps.now()) throw new AppError('gone', 'The survey window has passed.');
      const next = await schedule(db, s.id);
      if (!next) throw new AppError('conflict', 'The survey was sent already.');
      await audit(viewer.employee.id, 'survey.launch', id);
      return next;
    },

    async list(viewer: Viewer): Promise<SurveyRow[]> {
      if (!hasRole(viewer, 'hr', 'admin', 'wlb_officer', 'executive')) throw forbidden();
      return listSurveys(db);
    },

    /** Bureaus the composer may ask: all for hr, their own for a WLB officer. */
    async audienceOptions(viewer: Viewer): Promise<{ bureaus: { id: string; name: string }[] }> {
      requireComposer(viewer);
      const all = await db.query<{ id: string; name: string }>(
        sql`select id::text, name from bureau order by code, name`,
      );
      if (hasRole(viewer, 'hr')) return { bureaus: all };
      const mine = new Set(
        viewer.bureauScopes.filter((s) => s.role === 'wlb_officer').map((s) => s.bureauId),
      );
      return { bureaus: all.filter((b) => mine.has(b.id)) };
    },

    countAudience: async (viewer: Viewer, audience: SurveyDraft['audience']) => {
      requireComposer(viewer);
      return countAudience(db, audience);
    },

    /** Results for the viewer, with the previous round's beside them; every read is audited. */
    async results(viewer: Viewer, id: string, action = 'survey.results.read'): Promise<SurveyResults> {
      requireResultsReader(viewer);
      const s = await mustFind(id);
      const floor = await disclosureFloor(db);
      const final = s.state === 'closed' || deps.now() >= s.closes_at;
      const all = await resultsOf(viewer, s, floor);
      const groups = final ? all : all.map((g) => ({ ...g, questions: null }));
      const prev = final ? await previousRound(db, s) : undefined;
      const prevGroups = prev ? await resultsOf(viewer, prev, floor) : [];
      await audit(viewer.employee.id, action, s.id, {
        groups: groups.length,
        hidden: groups.filter((g) => g.hidden).length,
        final,
      });
      return {
        survey: s,
        final,
        floor,
        groups,
        previous: prev ? { id: prev.id, title: prev.title, opensAt: prev.opens_at } : null,
        trend: prev ? trend(s.questions, groups, prev.questions, prevGroups) : [],
      };
    },

    // ---- the respondent's side (the bot's card) ----

    /** The survey an invitee may answer, and their answers when they hold the receipt. */
    async forRespondent(employee: EmployeeProfile, surveyId: string, receipt?: string) {
      const s = await mustFind(surveyId);
      if (!(await isInvitee(db, s.id, employee.id))) throw forbidden('This survey was not sent to you.');
      const answered = await hasResponded(db, s.id, employee.id);
      const own = receipt ? await answersByReceipt(db, s.id, receiptHash(receipt)) : undefined;
      if (receipt && !own) throw new AppError('not_found', 'No answers match this receipt.');
      return { survey: s, answered, answers: own?.answers ?? null, open: isInWindow(s, deps.now()) };
    },

    /**
     * A first answer (no receipt) or an edit (the receipt from the card the bot returned). Only in the
     * window; a second first answer is refused. Returns the receipt (new or the same) and the answers.
     */
    async submit(
      employee: EmployeeProfile,
      surveyId: string,
      receipt: string | undefined,
      inputs: Record<string, unknown>,
    ): Promise<{ receipt: string; answers: AnswerValue[]; survey: SurveyRow; edited: boolean }> {
      const s = await mustFind(surveyId);
      const sectionId = await invitedSection(db, s.id, employee.id);
      if (!sectionId) throw forbidden('This survey was not sent to you.');
      if (!isInWindow(s, deps.now()))
        throw new AppError('gone', 'The survey is closed; answers can no longer be changed.');
      const answers = parseAnswers(s.questions, inputs);
      if (receipt) {
        if (!(await updateAnswers(db, s.id, receiptHash(receipt), answers)))
          throw new AppError('not_found', 'No answers match this receipt.');
        return { receipt, answers, survey: s, edited: true };
      }
      const fresh = newReceipt();
      const first = await insertFirstAnswer(db, {
        surveyId: s.id,
        employeeId: employee.id,
        sectionId,
        receiptHash: receiptHash(fresh),
        answers,
      });
      if (!first)
        throw new AppError(
          'conflict',
          'You have answered this survey already; edit it from the card you got then.',
        );
      return { receipt: fresh, answers, survey: s, edited: false };
    },
  };
}

export type SurveyService = ReturnType<typeof createSurveyService>;
