import { requireAnnouncementComposer } from '../access/policies.ts';
import type { Viewer } from '../access/viewer.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { etaSeconds } from '../delivery/delivery.rules.ts';
import { PACING } from '../delivery/limiter.ts';
import { type CsvValue, toCsv } from '../shared/csv-writer.ts';
import { AppError, foundById } from '../shared/errors.ts';
import type { ProactiveMessenger } from '../shared/messenger.ts';
import {
  countAudience,
  dueScheduled,
  findAnnouncement,
  insertDraft,
  listAnnouncements,
  resolvePeople,
  setPendingUpdate,
  takePendingUpdate,
  transition,
  updateDraft,
} from './announcement.repository.ts';
import { type DraftInput, draftSchema, parseOrThrow, scheduleSchema } from './announcement.schema.ts';
import { needsSecondApprover, type SettingsReader } from './announcement.settings.ts';
import {
  type AnnouncementContent,
  type AnnouncementRow,
  type AudienceSpec,
  contentOf,
} from './announcement.table.ts';
import { bumpRevision } from './recipient.repository.ts';
import {
  channelPosts,
  countChannelAcks,
  listInstalledTeams,
  unknownTeamIds,
} from './team-channel.repository.ts';
import { countsByBureau, exportPage, progress } from './tracking.repository.ts';

export interface AnnouncementServiceDeps {
  db: Db;
  settings: SettingsReader;
  messenger?: ProactiveMessenger;
  now: () => Date;
  /** Renders and size-checks the card (throws AppError too_large); the same card the bot sends. */
  checkCard: (content: AnnouncementContent, id: string) => { card: object; bytes: number };
  /** Puts the announcement's messages (or its edits) in the outbox. */
  startSenders: (id: string) => Promise<void>;
  /** File links must be on the tenant's domains (設定); throws AppError bad_request (files.ts). */
  checkFiles?: (d: DraftInput) => Promise<void>;
}

/** The service's own check (the bot and jobs call it too); the tab's routes also declare it as `authorize`. */
export const requireHr = requireAnnouncementComposer;

/** What the card shows of a draft (the audience is not part of it). */
export const contentOfDraft = (d: Omit<DraftInput, 'audience'>): AnnouncementContent => ({
  title: d.title,
  body: d.body,
  imageUrl: d.imageUrl,
  links: d.links,
  files: d.files ?? [],
  ackEnabled: d.ackEnabled,
  language: d.language,
});

const isEmptyAudience = (a: AudienceSpec) =>
  !a.everyone &&
  a.bureauIds.length === 0 &&
  a.sectionIds.length === 0 &&
  a.roles.length === 0 &&
  a.employeeIds.length === 0 &&
  !a.allTeams &&
  (a.teamIds ?? []).length === 0 &&
  (a.entraGroupIds ?? []).length === 0;

const hasTeams = (a: AudienceSpec) => (a.allTeams ?? false) || (a.teamIds ?? []).length > 0;

/** Authoring, approval, scheduling, follow-up edits and tracking; delivery itself is delivery.service.ts. */
export function createAnnouncementService(deps: AnnouncementServiceDeps) {
  const { db } = deps;

  const audit = (actorId: string | null, action: string, id: string, detail?: Record<string, unknown>) =>
    writeAudit(db, { actorId, action, targetType: 'announcement', targetId: id, detail });

  const mustFind = (id: string): Promise<AnnouncementRow> =>
    foundById(id, (x) => findAnnouncement(db, x), 'No such announcement.');

  /** Validates everything that can be checked before sending; nothing is stored on failure. */
  function validated(input: unknown): DraftInput {
    const d = parseOrThrow(draftSchema, input);
    deps.checkCard(contentOfDraft(d), '00000000-0000-0000-0000-000000000000');
    return d;
  }

  /** Target teams must be teams the bot is installed in, files on the tenant (checked before storing). */
  async function checkTeams(d: DraftInput): Promise<void> {
    await deps.checkFiles?.(d);
    const ids = d.audience.teamIds ?? [];
    const unknown = await unknownTeamIds(db, ids);
    if (unknown.length > 0)
      throw new AppError(
        'bad_request',
        'The announcement has problems.',
        unknown.map((id) => ({
          where: `audience.teamIds.${ids.indexOf(id)}`,
          message: `the bot is not installed in team ${id}`,
          key: 'announcement.team_not_installed',
        })),
      );
  }

  async function begin(a: AnnouncementRow, actorId: string): Promise<AnnouncementRow> {
    const scheduled = a.scheduled_at && a.scheduled_at.getTime() > deps.now().getTime();
    const next = await transition(
      db,
      a.id,
      ['draft', 'pending_approval'],
      scheduled ? 'scheduled' : 'sending',
    );
    if (!next) throw new AppError('conflict', 'The announcement was changed by someone else; reload it.');
    await audit(actorId, scheduled ? 'announcement.schedule' : 'announcement.send', a.id);
    if (next.state === 'sending') await deps.startSenders(a.id);
    return next;
  }

  async function applyUpdate(viewer: Viewer, id: string, d: DraftInput): Promise<AnnouncementRow> {
    const a = await bumpRevision(db, id, { content: d });
    if (!a)
      throw new AppError(
        'conflict',
        'Only a sending or sent announcement that was not recalled can be updated.',
      );
    await audit(viewer.employee.id, 'announcement.update', id, { revision: a.revision });
    await deps.startSenders(id);
    return a;
  }

  /** The second person approves a parked edit of a sent announcement; its author cannot. */
  async function approveUpdate(viewer: Viewer, a: AnnouncementRow): Promise<AnnouncementRow> {
    if (a.pending_update_by === viewer.employee.id)
      throw new AppError('forbidden', 'A second person must approve: you wrote this change.');
    const d = await takePendingUpdate(db, a.id, viewer.employee.id);
    if (!d) throw new AppError('conflict', 'The change was approved by someone else; reload it.');
    return applyUpdate(viewer, a.id, d);
  }

  return {
    validated,

    async create(viewer: Viewer, input: unknown) {
      requireHr(viewer);
      const d = validated(input);
      await checkTeams(d);
      const a = await insertDraft(db, viewer.employee.id, d);
      await audit(viewer.employee.id, 'announcement.create', a.id);
      return a;
    },

    async edit(viewer: Viewer, id: string, input: unknown) {
      requireHr(viewer);
      await mustFind(id);
      const d = validated(input);
      await checkTeams(d);
      const a = await updateDraft(db, id, d);
      if (!a)
        throw new AppError('conflict', 'Only a draft can be edited; use "update" for a sent announcement.');
      return a;
    },

    get: async (viewer: Viewer, id: string) => {
      requireHr(viewer);
      return mustFind(id);
    },

    list: async (viewer: Viewer) => {
      requireHr(viewer);
      return listAnnouncements(db);
    },

    async count(viewer: Viewer, audience: AudienceSpec) {
      requireHr(viewer);
      return countAudience(db, audience);
    },

    /** Teams the bot is installed in, for the composer's channel picker. */
    async teams(viewer: Viewer) {
      requireHr(viewer);
      return (await listInstalledTeams(db)).map((t) => ({ teamId: t.team_id, name: t.name }));
    },

    /** Uploaded UPNs / employee numbers, one per line (first CSV column); unknown ones are listed back. */
    async resolveList(viewer: Viewer, text: string) {
      requireHr(viewer);
      const entries: { line: number; value: string }[] = [];
      text.split(/\r?\n/).forEach((raw, i) => {
        const value = (raw.split(',')[0] ?? '').replace(/^"|"$/g, '').trim();
        if (!value || /^(upn|employee_?no|職員番号|メールアドレス)$/i.test(value)) return;
        entries.push({ line: i + 1, value });
      });
      if (entries.length === 0)
        throw new AppError('bad_request', 'The list is empty.', [
          { where: 'text', message: 'no UPN or employee number found' },
        ]);
      const { employeeIds, unknown } = await resolvePeople(db, entries);
      if (unknown.length > 0)
        throw new AppError(
          'bad_request',
          `${unknown.length} entr${unknown.length === 1 ? 'y is' : 'ies are'} not in the staff register; nothing was added.`,
          unknown.slice(0, 500).map((u) => ({
            where: `line ${u.line}`,
            message: `unknown UPN or employee number: ${u.value}`,
            key: 'announcement.unknown_recipient',
            params: { value: u.value },
          })),
        );
      return { employeeIds, count: employeeIds.length };
    },

    /** Sends the card to the author only (not recorded as a delivery). */
    async sendToMe(viewer: Viewer, id: string) {
      requireHr(viewer);
      const a = await mustFind(id);
      const oid = viewer.employee.entraOid;
      if (!oid || !deps.messenger)
        throw new AppError(
          'unavailable',
          'You cannot be reached in Teams yet: open the bot once, then try again.',
        );
      const { card } = deps.checkCard(contentOf(a), a.id);
      // Through the outbox like every message, ahead of broadcasts: the author is waiting for it.
      const sent = await deps.messenger.sendCard({ aadObjectId: oid }, card, {
        summary: a.title,
        purpose: 'announcement.preview',
        priority: 'urgent',
      });
      if (!sent.ok && sent.reason === 'no_conversation')
        throw new AppError(
          'unavailable',
          'You cannot be reached in Teams yet: open the bot once, then try again.',
        );
      if (!sent.ok)
        throw new AppError('unavailable', `Teams did not take the test message (${sent.reason}); try again.`);
      return { sent: true };
    },

    /** Send now or at scheduledAt; with the approver setting on, it waits for a second hr person. */
    async submit(viewer: Viewer, id: string, input: unknown) {
      requireHr(viewer);
      const a = await mustFind(id);
      if (a.state !== 'draft') throw new AppError('conflict', `The announcement is ${a.state}, not a draft.`);
      const { scheduledAt } = parseOrThrow(scheduleSchema, input, 'The schedule has problems.');
      const at = scheduledAt ? new Date(scheduledAt) : null;
      if (at && at.getTime() < deps.now().getTime() - 60_000)
        throw new AppError('bad_request', 'The announcement has problems.', [
          { where: 'scheduledAt', message: 'is in the past' },
        ]);
      validated({ ...contentOf(a), audience: a.audience });
      if (
        isEmptyAudience(a.audience) ||
        (!hasTeams(a.audience) && (await countAudience(db, a.audience)) === 0)
      )
        throw new AppError('bad_request', 'The announcement has problems.', [
          { where: 'audience', message: 'nobody is in the audience', key: 'announcement.no_recipients' },
        ]);
      // Fresh: an approval rule switched on a moment ago must already apply.
      const settings = await deps.settings.read(true);
      if (needsSecondApprover(settings, a.audience)) {
        const waiting = await transition(db, id, ['draft'], 'pending_approval', { scheduledAt: at });
        if (!waiting)
          throw new AppError('conflict', 'The announcement was changed by someone else; reload it.');
        await audit(viewer.employee.id, 'announcement.submit', id);
        return waiting;
      }
      const withTime = (await transition(db, id, ['draft'], 'draft', { scheduledAt: at })) ?? a;
      return begin(withTime, viewer.employee.id);
    },

    async approve(viewer: Viewer, id: string) {
      requireHr(viewer);
      const a = await mustFind(id);
      if (a.pending_update) return approveUpdate(viewer, a);
      if (a.state !== 'pending_approval')
        throw new AppError('conflict', `The announcement is ${a.state}, not waiting for approval.`);
      if (a.created_by === viewer.employee.id)
        throw new AppError('forbidden', 'A second person must approve: you wrote this announcement.');
      const approved = await transition(db, id, ['pending_approval'], 'pending_approval', {
        approvedBy: viewer.employee.id,
      });
      return begin(approved ?? a, viewer.employee.id);
    },

    async cancel(viewer: Viewer, id: string) {
      requireHr(viewer);
      await mustFind(id);
      const a = await transition(db, id, ['draft', 'pending_approval', 'scheduled', 'sending'], 'cancelled');
      if (!a) throw new AppError('conflict', 'Only an announcement that is not sent yet can be cancelled.');
      await audit(viewer.employee.id, 'announcement.cancel', id);
      return a;
    },

    /**
     * Edits the sent card in place for everyone who got it (and the card the rest will get). Under
     * the four-eyes rule the edit waits for a second hr person (approve), as the first send did.
     */
    async update(viewer: Viewer, id: string, input: unknown) {
      requireHr(viewer);
      const before = await mustFind(id);
      const d = validated({ ...(input as object), audience: before.audience });
      await deps.checkFiles?.(d);
      if (needsSecondApprover(await deps.settings.read(true), before.audience)) {
        const parked = await setPendingUpdate(db, id, d, viewer.employee.id);
        if (!parked)
          throw new AppError(
            'conflict',
            'Only a sending or sent announcement that was not recalled can be updated.',
          );
        await audit(viewer.employee.id, 'announcement.update.submit', id, { revision: before.revision });
        return parked;
      }
      return applyUpdate(viewer, id, d);
    },

    /** Deletes the sent card everywhere (or replaces it with a recall notice); unsent copies are not sent. */
    async recall(viewer: Viewer, id: string, mode: 'delete' | 'notice') {
      requireHr(viewer);
      await mustFind(id);
      const a = await bumpRevision(db, id, { recallMode: mode });
      if (!a) throw new AppError('conflict', 'Only a sending or sent announcement can be recalled, once.');
      await transition(db, id, ['sending'], 'cancelled');
      await audit(viewer.employee.id, 'announcement.recall', id, { mode });
      await deps.startSenders(id);
      return a;
    },

    async tracking(viewer: Viewer, id: string) {
      requireHr(viewer);
      const a = await mustFind(id);
      const p = await progress(db, id);
      const remaining = p.pending + p.inFlight + p.retrying + p.throttled;
      // Before anything was measured, the configured pace (with the limiter's margin) stands in.
      const fallbackRate = deps.settings.current().ratePerSecond * PACING.margin;
      return {
        state: a.state,
        revision: a.revision,
        recalled: a.recalled_at !== null,
        progress: p,
        etaSeconds:
          a.state === 'sending'
            ? etaSeconds(remaining, p.ratePerSecond || (remaining > 0 ? fallbackRate : 0))
            : 0,
        byBureau: await countsByBureau(db, id),
        channels: await channelPosts(db, id),
        channelAcks: await countChannelAcks(db, id),
      };
    },

    /** CSV (UTF-8 with BOM, so Excel opens Japanese correctly) of delivery and acknowledgement. */
    async exportCsv(viewer: Viewer, id: string): Promise<string> {
      requireHr(viewer);
      await mustFind(id);
      const iso = (d: Date | null) => (d ? new Date(d).toISOString() : '');
      const lines: CsvValue[][] = [
        [
          'employee_no',
          'name',
          'bureau',
          'section',
          'state',
          'attempts',
          'last_status',
          'sent_at',
          'acked_at',
        ],
      ];
      let after: string | null = null;
      for (;;) {
        const page = await exportPage(db, id, after, 5_000);
        for (const r of page)
          lines.push([
            r.employee_no,
            r.name,
            r.bureau,
            r.section,
            r.state,
            r.attempts,
            r.last_status,
            iso(r.sent_at),
            iso(r.acked_at),
          ]);
        if (page.length < 5_000) break;
        after = page.at(-1)?.employee_id ?? null;
      }
      await audit(viewer.employee.id, 'announcement.export', id, { rows: lines.length - 1 });
      return toCsv(lines);
    },

    /** Scheduled announcements whose time has come start sending (the dispatcher job calls this). */
    async startDue(now: Date): Promise<string[]> {
      const started: string[] = [];
      for (const id of await dueScheduled(db, now)) {
        const a = await transition(db, id, ['scheduled'], 'sending');
        if (!a) continue;
        await writeAudit(db, {
          actorId: null,
          actorLabel: 'scheduler',
          action: 'announcement.send',
          targetType: 'announcement',
          targetId: id,
        });
        await deps.startSenders(id);
        started.push(id);
      }
      return started;
    },
  };
}

export type AnnouncementService = ReturnType<typeof createAnnouncementService>;
