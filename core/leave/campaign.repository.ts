import type { Db } from '../db/db.ts';
import { maybeOne, one } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { type PersonRead, readPerson } from '../org/person-read.ts';
import type { IsoDate } from '../shared/calendar.ts';
import type { Campaign } from './campaign.schema.ts';
import type { CampaignMember, CampaignSummaryRow, StoredCampaign } from './leave.table.ts';
import type { CampaignKind, LeaveKind } from './leave.types.ts';

interface CampaignRecord {
  id: string;
  kind: CampaignKind;
  title: string;
  period_start: string;
  period_end: string;
  opening_date: string;
  deadline: string;
  reminder_time: string;
  reminder_at_opening: boolean;
  reminder_days_before: number[];
  message_ja: string;
  message_en: string | null;
  summer_max_days: number;
  allowed_kinds: LeaveKind[];
  half_day_allowed: boolean;
  coverage_warning_share: number;
  low_response_rate: number;
  bureau_scope: string | null;
  created_by: string | null;
  created_at: string;
  targets: { type: string; id: string }[] | null;
}

// Dates come back as text so that no driver turns a Japanese local date into an instant.
const campaignColumns = `
         c.id, c.kind, c.title, c.period_start::text as period_start, c.period_end::text as period_end,
         c.opening_date::text as opening_date, c.deadline::text as deadline, c.reminder_time, c.reminder_at_opening,
         c.reminder_days_before, c.message_ja, c.message_en, c.summer_max_days, c.allowed_kinds, c.half_day_allowed,
         c.coverage_warning_share::float8 as coverage_warning_share, c.low_response_rate::float8 as low_response_rate,
         c.bureau_scope, c.created_by, c.created_at::text as created_at,
         (select json_agg(json_build_object('type', t.target_type, 'id', t.target_id))
            from leave_campaign_target t where t.campaign_id = c.id) as targets`;
const campaignSelect = `select ${campaignColumns}
    from leave_campaign c`;

function toCampaign(r: CampaignRecord): StoredCampaign {
  const targets = r.targets ?? [];
  const ministry = targets.find((t) => t.type === 'ministry');
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    period: { start: r.period_start, end: r.period_end },
    targets: {
      ...(ministry ? { ministryId: ministry.id } : {}),
      bureauIds: targets.filter((t) => t.type === 'bureau').map((t) => t.id),
      sectionIds: targets.filter((t) => t.type === 'section').map((t) => t.id),
    },
    openingDate: r.opening_date,
    deadline: r.deadline,
    reminders: {
      time: r.reminder_time,
      atOpening: r.reminder_at_opening,
      daysBeforeDeadline: r.reminder_days_before,
    },
    message: { ja: r.message_ja, ...(r.message_en ? { en: r.message_en } : {}) },
    summerMaxDays: r.summer_max_days,
    allowedKinds: r.allowed_kinds,
    halfDayAllowed: r.half_day_allowed,
    coverageWarningShare: r.coverage_warning_share,
    lowResponseRate: r.low_response_rate,
    bureauScope: r.bureau_scope,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export async function insertCampaign(
  db: Db,
  c: Campaign,
  meta: { title: string; bureauScope: string | null; createdBy: string | null },
): Promise<string> {
  return db.transaction(async (tx) => {
    const { id } = await one<{ id: string }>(
      tx,
      sql`
      insert into leave_campaign (kind, title, period_start, period_end, opening_date, deadline, reminder_time,
        reminder_at_opening, reminder_days_before, message_ja, message_en, summer_max_days, allowed_kinds,
        half_day_allowed, coverage_warning_share, low_response_rate, bureau_scope, created_by)
      values (${c.kind}, ${meta.title}, ${c.period.start}, ${c.period.end}, ${c.openingDate}, ${c.deadline},
        ${c.reminders.time}, ${c.reminders.atOpening}, ${c.reminders.daysBeforeDeadline}::int[], ${c.message.ja},
        ${c.message.en ?? null}, ${c.summerMaxDays}, ${c.allowedKinds}::text[], ${c.halfDayAllowed}, ${c.coverageWarningShare},
        ${c.lowResponseRate}, ${meta.bureauScope}, ${meta.createdBy})
      returning id`,
    );
    const targets: [string, string][] = [
      ...(c.targets.ministryId ? [['ministry', c.targets.ministryId] as [string, string]] : []),
      ...c.targets.bureauIds.map((b): [string, string] => ['bureau', b]),
      ...c.targets.sectionIds.map((s): [string, string] => ['section', s]),
    ];
    for (const [type, targetId] of targets)
      await tx.query(sql`insert into leave_campaign_target (campaign_id, target_type, target_id)
                         values (${id}, ${type}, ${targetId}) on conflict do nothing`);
    // Inserting the targets enrols everyone they cover now (migration 0021).
    return id;
  });
}

export async function findCampaign(db: Db, id: string): Promise<StoredCampaign | undefined> {
  const row = await maybeOne<CampaignRecord>(db, {
    text: `${campaignSelect} where c.id::text = $1`,
    values: [id],
  });
  return row ? toCampaign(row) : undefined;
}

/** Campaigns accepting plans on `today` (or whose reminders may still be due). */
export async function openCampaigns(db: Db, today: IsoDate): Promise<StoredCampaign[]> {
  const rows = await db.query<CampaignRecord>({
    text: `${campaignSelect} where c.opening_date <= $1::date and c.deadline >= $1::date order by c.deadline, c.created_at`,
    values: [today],
  });
  return rows.map(toCampaign);
}

/** Every campaign (or those of one bureau), newest period first, with target and answer counts. */
export async function listCampaignRows(
  db: Db,
  opts: { bureauScope?: string | null } = {},
): Promise<CampaignSummaryRow[]> {
  const scope = opts.bureauScope ?? null;
  return db.query<CampaignSummaryRow>(sql`
    select c.id, c.kind, c.title, c.period_start::text as "periodStart", c.period_end::text as "periodEnd",
           c.opening_date::text as "openingDate", c.deadline::text as deadline, c.bureau_scope as "bureauScope",
           (select count(*)::int from leave_campaign_member m where m.campaign_id = c.id) as targets,
           (select count(*)::int from leave_plan p
              join leave_campaign_member m on m.campaign_id = p.campaign_id and m.employee_id = p.employee_id
             where p.campaign_id = c.id) as responded
      from leave_campaign c
     where ${scope}::uuid is null or c.bureau_scope = ${scope}::uuid
     order by c.period_start desc, c.created_at desc`);
}

/** The campaign (an SQL expression) targets the employee e of section s in bureau b, on today's tree. */
const targets = (campaign: string) => `exists (
     select 1 from leave_campaign_target t where t.campaign_id = ${campaign} and (
       (t.target_type = 'ministry' and t.target_id = b.ministry_id)
       or (t.target_type = 'bureau' and t.target_id = b.id::text)
       or (t.target_type = 'section' and t.target_id = s.id::text)))`;

const memberSelect = `
  select e.id as "employeeId", e.employee_no as "employeeNo", e.family_name || ' ' || e.given_name as name,
         e.entra_oid::text as "entraOid", e.locale, s.id as "sectionId", s.name as "sectionName", e.manager_id as "managerId"
    from employee e
    join section s on s.id = e.section_id
    join bureau b on b.id = s.bureau_id
   where e.active and ${targets('$1')}`;

/** Everyone the campaign is for, resolved against today's org tree. */
export async function campaignMembers(
  db: Db,
  campaignId: string,
  opts: { sectionId?: string } = {},
): Promise<CampaignMember[]> {
  if (opts.sectionId)
    return db.query<CampaignMember>({
      text: `${memberSelect} and s.id::text = $2 order by e.employee_no`,
      values: [campaignId, opts.sectionId],
    });
  return db.query<CampaignMember>({
    text: `${memberSelect} order by s.id, e.employee_no`,
    values: [campaignId],
  });
}

/** Targets who have not answered yet. */
export async function nonResponders(db: Db, campaignId: string): Promise<CampaignMember[]> {
  return db.query<CampaignMember>({
    text: `${memberSelect} and not exists (select 1 from leave_plan p where p.campaign_id = $1 and p.employee_id = e.id) order by e.employee_no`,
    values: [campaignId],
  });
}

export async function isCampaignMember(db: Db, campaignId: string, employeeId: string): Promise<boolean> {
  const rows = await db.query({ text: `${memberSelect} and e.id = $2`, values: [campaignId, employeeId] });
  return rows.length > 0;
}

export type OpenCampaign = { campaign: StoredCampaign; answered: boolean };

/**
 * Open campaigns (today within opening…deadline) that target the employee, each with whether they
 * have answered: a read of `me` (休暇 reads it with the turn's identity).
 */
export function openCampaignsRead(today: IsoDate): PersonRead<OpenCampaign[]> {
  return {
    name: 'open-campaigns-for',
    columns: `(select json_agg(o) from (
                select ${campaignColumns},
                       exists (select 1 from leave_plan p
                                 join leave_plan_version v on v.plan_id = p.id and v.version = p.current_version
                                where p.campaign_id = c.id and p.employee_id = me.id) as answered
                  from leave_campaign c
                 where c.opening_date <= $1::date and c.deadline >= $1::date
                   and exists (select 1 from employee e
                                 join section s on s.id = e.section_id
                                 join bureau b on b.id = s.bureau_id
                                where e.id = me.id and e.active and ${targets('c.id')})
                 order by c.deadline, c.created_at) o) as open_campaigns`,
    values: [today],
    read: (row) =>
      ((row.open_campaigns ?? []) as (CampaignRecord & { answered: boolean })[]).map((r) => ({
        campaign: toCampaign(r),
        answered: r.answered,
      })),
  };
}

export const openCampaignsFor = (db: Db, employeeId: string, today: IsoDate): Promise<OpenCampaign[]> =>
  readPerson(db, { id: employeeId }, openCampaignsRead(today));

/** Whether the ids exist (campaign targets): returns the ones that do not. */
export async function unknownTargets(
  db: Db,
  targets: Campaign['targets'],
): Promise<{ where: string; id: string }[]> {
  const missing: { where: string; id: string }[] = [];
  if (
    targets.ministryId &&
    (await db.query(sql`select 1 from ministry where id = ${targets.ministryId}`)).length === 0
  )
    missing.push({ where: 'targets.ministryId', id: targets.ministryId });
  for (const [i, id] of targets.bureauIds.entries())
    if ((await db.query(sql`select 1 from bureau where id::text = ${id}`)).length === 0)
      missing.push({ where: `targets.bureauIds[${i}]`, id });
  for (const [i, id] of targets.sectionIds.entries())
    if ((await db.query(sql`select 1 from section where id::text = ${id}`)).length === 0)
      missing.push({ where: `targets.sectionIds[${i}]`, id });
  return missing;
}

/** Sections (with bureau) the targets name; a WLB officer may target only sections of their bureau. */
export async function bureausOfTargets(db: Db, targets: Campaign['targets']): Promise<string[]> {
  const rows = await db.query<{ bureau_id: string }>(sql`
    select distinct b.id::text as bureau_id from bureau b left join section s on s.bureau_id = b.id
     where b.id::text = any(${targets.bureauIds}::text[]) or s.id::text = any(${targets.sectionIds}::text[])`);
  return rows.map((r) => r.bureau_id);
}

/** Bureau or section codes (CLI: B03, B03-01) to ids. Unknown codes come back undefined. */
export async function idByCode(
  db: Db,
  kind: 'bureau' | 'section',
  code: string,
): Promise<string | undefined> {
  const row =
    kind === 'bureau'
      ? await maybeOne<{ id: string }>(
          db,
          sql`select id::text as id from bureau where code = ${code} or id::text = ${code}`,
        )
      : await maybeOne<{ id: string }>(
          db,
          sql`select id::text as id from section where code = ${code} or id::text = ${code}`,
        );
  return row?.id;
}

/** Bureaus and their sections a campaign may target (all for HR; the given bureaus for a WLB officer). */
export async function targetOptions(
  db: Db,
  bureauIds: readonly string[] | null,
): Promise<{
  ministryId: string | null;
  bureaus: { id: string; name: string; sections: { id: string; name: string }[] }[];
}> {
  const rows = await db.query<{
    bureau_id: string;
    bureau_name: string;
    section_id: string;
    section_name: string;
    ministry_id: string;
  }>(sql`
    select b.id as bureau_id, b.name as bureau_name, s.id as section_id, s.name as section_name, b.ministry_id
      from bureau b join section s on s.bureau_id = b.id
     where ${bureauIds === null} or b.id::text = any(${bureauIds ?? []}::text[])
     order by b.sort_order, b.code, s.code`);
  const bureaus = new Map<string, { id: string; name: string; sections: { id: string; name: string }[] }>();
  for (const r of rows) {
    const b = bureaus.get(r.bureau_id) ?? { id: r.bureau_id, name: r.bureau_name, sections: [] };
    b.sections.push({ id: r.section_id, name: r.section_name });
    bureaus.set(r.bureau_id, b);
  }
  return {
    ministryId: bureauIds === null ? (rows[0]?.ministry_id ?? null) : null,
    bureaus: [...bureaus.values()],
  };
}
