import type { Viewer } from '../access/viewer.ts';
import { hasRole } from '../access/viewer.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { tokyoDateOf } from '../shared/calendar.ts';
import { AppError, foundById } from '../shared/errors.ts';
import { bureausOfTargets, findCampaign, insertCampaign, unknownTargets } from './campaign.repository.ts';
import { parseCampaign } from './campaign.rules.ts';
import { bilingual } from './leave.messages.ts';
import type { StoredCampaign } from './leave.table.ts';
import { CAMPAIGN_KINDS, type CampaignKind } from './leave.types.ts';
import { presetPeriod } from './period-presets.rules.ts';

/** Who opens a campaign: HR (ministry-wide), a bureau's WLB officer (their bureau only), or the CLI. */
export type CampaignActor = { kind: 'viewer'; viewer: Viewer } | { kind: 'cli'; label: string };

const KIND_TITLE: Record<CampaignKind, { ja: string; en: string }> = {
  gw: { ja: 'ゴールデンウィーク', en: 'Golden Week' },
  summer: { ja: '夏季', en: 'Summer' },
  year_end: { ja: '年末年始', en: 'Year-end' },
  custom: { ja: '休暇', en: 'Leave' },
};

export function defaultTitle(kind: CampaignKind, startYear: number): string {
  return `${startYear}年 ${KIND_TITLE[kind].ja}の休暇計画表`;
}

/**
 * Fills the period from the holiday-calendar presets when the request names only a kind and a
 * year (GW, summer, year-end), so HR need not look up the dates.
 */
export function withPresetPeriod(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return input;
  const i = input as Record<string, unknown>;
  if (i.period !== undefined || i.year === undefined) return input;
  const kind = i.kind as CampaignKind;
  const year = Number(i.year);
  if (
    !CAMPAIGN_KINDS.includes(kind) ||
    kind === 'custom' ||
    !Number.isInteger(year) ||
    year < 1970 ||
    year > 2049
  )
    return input;
  return { ...i, period: presetPeriod(kind, year) };
}

/** Checks who may open it and for whom; returns the bureau scope to store (null = ministry-wide). */
async function scopeFor(
  db: Db,
  actor: CampaignActor,
  targets: StoredCampaign['targets'],
): Promise<string | null> {
  if (actor.kind === 'cli') return null;
  const v = actor.viewer;
  if (hasRole(v, 'hr', 'admin')) return null;
  const bureaus = v.bureauScopes.filter((s) => s.role === 'wlb_officer').map((s) => s.bureauId);
  if (!hasRole(v, 'wlb_officer') || bureaus.length === 0)
    throw new AppError(
      'forbidden',
      bilingual({
        ja: '休暇計画表を作成できるのは人事課または局WLB担当です',
        en: 'Only HR or a bureau WLB officer can open a leave-plan campaign',
      }),
    );
  const outside = (where: string) =>
    new AppError(
      'forbidden',
      bilingual({ ja: '自局以外を対象にはできません', en: 'You can target only your own bureau' }),
      [{ where, message: bilingual({ ja: '担当する局の外です', en: 'outside the bureau you act for' }) }],
    );
  if (targets.ministryId) throw outside('targets.ministryId');
  const touched = await bureausOfTargets(db, targets);
  const scope =
    touched.length === 1 && bureaus.includes(touched[0] as string) ? (touched[0] as string) : undefined;
  if (!scope) throw outside('targets');
  return scope;
}

/**
 * Opens a campaign: checks the definition (every field error at once), that the targets exist
 * and that the actor may target them; stores it in one transaction and audits it.
 */
export async function createCampaign(
  db: Db,
  actor: CampaignActor,
  input: unknown,
  now: Date,
): Promise<StoredCampaign> {
  const prepared = withPresetPeriod(input);
  const campaign = parseCampaign(prepared, { now });
  const missing = await unknownTargets(db, campaign.targets);
  if (missing.length > 0)
    throw new AppError(
      'bad_request',
      bilingual({ ja: 'キャンペーンの設定に誤りがあります', en: 'invalid campaign' }),
      missing.map((m) => ({
        where: m.where,
        message: bilingual({ ja: `「${m.id}」は見つかりません`, en: `"${m.id}" does not exist` }),
      })),
    );
  const bureauScope = await scopeFor(db, actor, campaign.targets);
  const rawTitle = (prepared as { title?: unknown }).title;
  const title =
    typeof rawTitle === 'string' && rawTitle.trim() !== ''
      ? rawTitle.trim().slice(0, 200)
      : defaultTitle(campaign.kind, Number(campaign.period.start.slice(0, 4)));
  const actorId = actor.kind === 'viewer' ? actor.viewer.employee.id : null;
  const id = await db.transaction(async (tx) => {
    const created = await insertCampaign(tx, campaign, { title, bureauScope, createdBy: actorId });
    await writeAudit(tx, {
      actorId,
      actorLabel: actor.kind === 'cli' ? actor.label : undefined,
      action: 'leave.campaign.create',
      targetType: 'leave_campaign',
      targetId: created,
      detail: {
        kind: campaign.kind,
        period: campaign.period,
        deadline: campaign.deadline,
        createdOn: tokyoDateOf(now),
      },
    });
    return created;
  });
  const stored = await findCampaign(db, id);
  if (!stored) throw new Error('campaign vanished after insert');
  return stored;
}

export async function requireCampaign(db: Db, id: string): Promise<StoredCampaign> {
  return foundById(
    id,
    (x) => findCampaign(db, x),
    bilingual({ ja: 'この休暇計画表は見つかりません', en: 'This leave-plan campaign does not exist' }),
  );
}
