import { audienceWhere } from '../announcements/announcement.repository.ts';
import type { AudienceSpec } from '../announcements/announcement.table.ts';
import type { Db } from '../db/db.ts';
import { maybeOne } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { AnswerValue, SurveyDraft } from './survey.schema.ts';
import { type AnswerRow, INVITE_PURPOSE, REMINDER_PURPOSE, type SurveyRow } from './survey.table.ts';

/** Every statement of the surveys capability. Only this file and results read survey_answer. */

export async function insertSurvey(db: Db, createdBy: string, d: SurveyDraft): Promise<SurveyRow> {
  const [row] = await db.query<SurveyRow>(sql`
    insert into survey (title, intro, series, questions, audience, opens_at, closes_at, remind_at, created_by)
    values (${d.title}, ${d.intro}, ${d.series}, ${JSON.stringify(d.questions)}::jsonb, ${JSON.stringify(d.audience)}::jsonb,
            ${d.opensAt}, ${d.closesAt}, ${d.remindAt}, ${createdBy})
    returning *`);
  return row as SurveyRow;
}

export const findSurvey = (db: Db, id: string) =>
  maybeOne<SurveyRow>(db, sql`select * from survey where id = ${id}`);

export const listSurveys = (db: Db, limit = 100) =>
  db.query<SurveyRow>(sql`select * from survey order by opens_at desc, created_at desc limit ${limit}`);

/** The round before this one in its series (the trend compares them). */
export const previousRound = (db: Db, s: SurveyRow) =>
  s.series === null
    ? Promise.resolve(undefined)
    : maybeOne<SurveyRow>(
        db,
        sql`select * from survey where series = ${s.series} and opens_at < ${s.opens_at} and state <> 'draft'
             order by opens_at desc limit 1`,
      );

/** draft → scheduled (HR launches it); the job opens it at opens_at. */
export const schedule = (db: Db, id: string) =>
  maybeOne<SurveyRow>(
    db,
    sql`update survey set state = 'scheduled' where id = ${id} and state = 'draft' returning *`,
  );

export async function countAudience(db: Db, audience: AudienceSpec): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql`
    select count(*)::int as n from employee e join section s on s.id = e.section_id where ${audienceWhere(audience)}`);
  return row?.n ?? 0;
}

/**
 * Opens a scheduled survey whose time has come, once: the audience is resolved by the
 * announcements' rule (audienceWhere) and kept as the invitee list in the same transaction.
 */
export async function openDue(db: Db, now: Date): Promise<SurveyRow[]> {
  const due = await db.query<{ id: string }>(
    sql`select id from survey where state = 'scheduled' and opens_at <= ${now} and closes_at > ${now}`,
  );
  const opened: SurveyRow[] = [];
  for (const { id } of due) {
    const row = await db.transaction(async (tx) => {
      const s = await maybeOne<SurveyRow>(
        tx,
        sql`select * from survey where id = ${id} and state = 'scheduled' for update`,
      );
      if (!s) return undefined;
      await tx.query(sql`
        insert into survey_invitee (survey_id, employee_id, section_id)
        select ${id}, e.id, e.section_id from employee e join section s on s.id = e.section_id where ${audienceWhere(s.audience)}
        on conflict do nothing`);
      return maybeOne<SurveyRow>(
        tx,
        sql`
        update survey set state = 'open', invited_count = (select count(*) from survey_invitee where survey_id = ${id})
         where id = ${id} returning *`,
      );
    });
    if (row) opened.push(row);
  }
  return opened;
}

/** Surveys past their close are closed (answers are refused from then on anyway). */
export async function closeDue(db: Db, now: Date): Promise<number> {
  const rows = await db.query(
    sql`update survey set state = 'closed' where state in ('open', 'scheduled') and closes_at <= ${now} returning id`,
  );
  return rows.length;
}

export const openSurveys = (db: Db) => db.query<SurveyRow>(sql`select * from survey where state = 'open'`);

export interface Invitee {
  employeeId: string;
  entraOid: string | null;
  locale: 'ja' | 'en';
}

/**
 * Invitees with a Teams identity whose invitation is not in the outbox yet (a restarted dispatcher
 * continues where it stopped; the outbox key makes a race harmless).
 */
export async function uninvited(db: Db, surveyId: string, limit: number): Promise<Invitee[]> {
  return db.query<Invitee>(sql`
    select e.id::text as "employeeId", e.entra_oid::text as "entraOid", e.locale
      from survey_invitee i join employee e on e.id = i.employee_id
     where i.survey_id = ${surveyId} and e.entra_oid is not null
       and not exists (select 1 from delivery d where d.purpose = ${INVITE_PURPOSE} and d.subject = ${surveyId}
                          and d.recipient = e.entra_oid::text)
     order by i.employee_id limit ${limit}`);
}

/**
 * Invitees who have not answered and have no reminder in the outbox yet: the reminder goes to them
 * only, and (keyed in the outbox by survey and person) at most once each, however many runners race.
 */
export async function unremindedNonRespondents(db: Db, surveyId: string, limit: number): Promise<Invitee[]> {
  return db.query<Invitee>(sql`
    select e.id::text as "employeeId", e.entra_oid::text as "entraOid", e.locale
      from survey_invitee i join employee e on e.id = i.employee_id
     where i.survey_id = ${surveyId} and e.active and e.entra_oid is not null
       and not exists (select 1 from survey_respondent r where r.survey_id = i.survey_id and r.employee_id = i.employee_id)
       and not exists (select 1 from delivery d where d.purpose = ${REMINDER_PURPOSE} and d.subject = ${surveyId}
                          and d.recipient = e.entra_oid::text)
     order by i.employee_id limit ${limit}`);
}

export async function isInvitee(db: Db, surveyId: string, employeeId: string): Promise<boolean> {
  const rows = await db.query(
    sql`select 1 from survey_invitee where survey_id = ${surveyId} and employee_id = ${employeeId}::uuid`,
  );
  return rows.length > 0;
}

export async function hasResponded(db: Db, surveyId: string, employeeId: string): Promise<boolean> {
  const rows = await db.query(
    sql`select 1 from survey_respondent where survey_id = ${surveyId} and employee_id = ${employeeId}::uuid`,
  );
  return rows.length > 0;
}

/** The section a person was asked in (their answer is counted there), or undefined if not invited. */
export async function invitedSection(
  db: Db,
  surveyId: string,
  employeeId: string,
): Promise<string | undefined> {
  const [row] = await db.query<{ section_id: string }>(
    sql`select section_id::text from survey_invitee where survey_id = ${surveyId} and employee_id = ${employeeId}::uuid`,
  );
  return row?.section_id;
}

/** The section of the viewer's own answer when they answered (they know that answer), else null. */
export async function answeredSection(db: Db, surveyId: string, employeeId: string): Promise<string | null> {
  const [row] = await db.query<{ section_id: string }>(sql`
    select i.section_id::text from survey_invitee i
      join survey_respondent r on r.survey_id = i.survey_id and r.employee_id = i.employee_id
     where i.survey_id = ${surveyId} and i.employee_id = ${employeeId}::uuid`);
  return row?.section_id ?? null;
}

/**
 * A first answer: the person is recorded as a respondent (the primary key refuses a second) and the
 * answers are written without them. Returns false when the person had answered already.
 */
export async function insertFirstAnswer(
  db: Db,
  a: { surveyId: string; employeeId: string; sectionId: string; receiptHash: Buffer; answers: AnswerValue[] },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const claimed = await tx.query(sql`
      insert into survey_respondent (survey_id, employee_id) values (${a.surveyId}, ${a.employeeId}::uuid)
      on conflict do nothing returning 1 as ok`);
    if (claimed.length === 0) return false;
    await tx.query(sql`
      insert into survey_answer (survey_id, section_id, receipt_hash, answers)
      values (${a.surveyId}, ${a.sectionId}::uuid, ${a.receiptHash}, ${JSON.stringify(a.answers)}::jsonb)`);
    return true;
  });
}

/** The answers a receipt opens (the respondent's own), or undefined. */
export const answersByReceipt = (db: Db, surveyId: string, receiptHash: Buffer) =>
  maybeOne<{ answers: AnswerValue[] }>(
    db,
    sql`select answers from survey_answer where survey_id = ${surveyId} and receipt_hash = ${receiptHash}`,
  );

/** An edit: only the answers change (the org unit stays where the first answer put it). */
export async function updateAnswers(
  db: Db,
  surveyId: string,
  receiptHash: Buffer,
  answers: AnswerValue[],
): Promise<boolean> {
  const rows = await db.query(sql`
    update survey_answer set answers = ${JSON.stringify(answers)}::jsonb
     where survey_id = ${surveyId} and receipt_hash = ${receiptHash} returning 1 as ok`);
  return rows.length > 0;
}

/** Every answer of a survey with its section (results filter them by the viewer's bureaus). */
export const answersOf = (db: Db, surveyId: string) =>
  db.query<AnswerRow>(
    sql`select id::text, section_id::text, answers from survey_answer where survey_id = ${surveyId}`,
  );

export interface OrgUnit {
  sectionId: string;
  sectionName: string;
  bureauId: string;
  bureauName: string;
  invited: number;
}

/** Sections with invitees or answers, named, with how many were invited (the response rate's base). */
export async function unitsOf(db: Db, surveyId: string): Promise<OrgUnit[]> {
  return db.query<OrgUnit>(sql`
    with units as (
      select section_id, count(*)::int as invited from survey_invitee where survey_id = ${surveyId} group by section_id
      union all
      select section_id, 0 from survey_answer where survey_id = ${surveyId} group by section_id)
    select s.id::text as "sectionId", s.name as "sectionName", b.id::text as "bureauId", b.name as "bureauName",
           sum(u.invited)::int as invited
      from units u join section s on s.id = u.section_id join bureau b on b.id = s.bureau_id
     group by s.id, s.name, b.id, b.name order by b.name, s.name`);
}
