import { z } from 'zod';
import type { Viewer } from '../access/viewer.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { addDays, tokyoDateOf } from '../shared/calendar.ts';
import { AppError, foundById } from '../shared/errors.ts';
import { countAudience } from './announcement.repository.ts';
import { type DraftInput, parseOrThrow } from './announcement.schema.ts';
import { requireHr } from './announcement.service.ts';
import { needsSecondApprover, type SettingsReader } from './announcement.settings.ts';
import { MAX_SHIFT_DAYS, nextOccurrence, occurrencesBetween, recurrenceSchema } from './recurrence.rules.ts';
import {
  activeSeries,
  dropUnsentOccurrences,
  findSeries,
  insertOccurrence,
  insertSeries,
  listSeries,
  occurrencesOf,
  type SeriesRow,
  setSeriesState,
  updateSeries,
} from './series.repository.ts';

export interface SeriesDeps {
  db: Db;
  settings: SettingsReader;
  /** The announcement's own checks (fields, links, card size): the series' content is one. */
  validated: (input: unknown) => DraftInput;
  /** File links on the tenant's domains (設定). */
  checkFiles?: (d: DraftInput) => Promise<void>;
  now: () => Date;
}

const seriesInput = z.object({ content: z.unknown(), recurrence: recurrenceSchema });

/** An occurrence whose time passed a moment ago (the dispatcher runs once a minute) still goes. */
const LOOKBACK_MS = 10 * 60_000;

/**
 * Recurring announcements (定時退庁日 every Wednesday, テレワーク月間, a campaign's weekly reminder):
 * one series with one approval; each occurrence is made as an ordinary scheduled announcement when
 * it is next due, and sent, tracked, acknowledged and reminded like any other.
 */
export function createAnnouncementSeries(deps: SeriesDeps) {
  const { db } = deps;

  const mustFind = (id: string): Promise<SeriesRow> =>
    foundById(id, (x) => findSeries(db, x), 'No such series.');

  async function checked(input: unknown) {
    const { content, recurrence } = parseOrThrow(seriesInput, input, 'The series has problems.');
    const d = deps.validated(content);
    await deps.checkFiles?.(d);
    if ((await countAudience(db, d.audience)) === 0)
      throw new AppError('bad_request', 'The series has problems.', [
        {
          where: 'content.audience',
          message: 'nobody is in the audience',
          key: 'announcement.no_recipients',
        },
      ]);
    if (!nextOccurrence(recurrence, deps.now()))
      throw new AppError('bad_request', 'The series has problems.', [
        {
          where: 'recurrence',
          message: 'no date of the series is still ahead',
          key: 'announcement.series_no_dates',
        },
      ]);
    const approval = needsSecondApprover(await deps.settings.read(true), d.audience);
    return { content: d, recurrence, state: approval ? ('pending_approval' as const) : ('active' as const) };
  }

  const view = async (s: SeriesRow, withOccurrences = false) => {
    const now = deps.now();
    const upcoming = occurrencesBetween(
      s.recurrence,
      addDays(tokyoDateOf(now), -MAX_SHIFT_DAYS),
      addDays(tokyoDateOf(now), 62),
    )
      .filter((o) => o.at.getTime() >= now.getTime())
      .slice(0, 5);
    return {
      id: s.id,
      title: s.content.title,
      content: s.content,
      recurrence: s.recurrence,
      state: s.state,
      createdBy: s.created_by,
      approvedBy: s.approved_by,
      upcoming: s.state === 'stopped' ? [] : upcoming,
      occurrences: withOccurrences
        ? (await occurrencesOf(db, s.id)).map((o) => ({
            announcementId: o.id,
            date: o.occurrence_date,
            scheduledAt: o.scheduled_at,
            state: o.state,
            recipients: o.recipient_count,
            acked: o.acked,
          }))
        : undefined,
    };
  };

  const audit = (
    actorId: string | null,
    action: string,
    id: string,
    detail?: Record<string, unknown>,
    on: Db = db,
  ) =>
    writeAudit(on, {
      actorId,
      actorLabel: actorId ? undefined : 'scheduler',
      action,
      targetType: 'announcement_series',
      targetId: id,
      detail,
    });

  return {
    async create(viewer: Viewer, input: unknown) {
      requireHr(viewer);
      const c = await checked(input);
      const s = await insertSeries(db, viewer.employee.id, c.content, c.recurrence, c.state, deps.now());
      await audit(viewer.employee.id, 'announcement.series.create', s.id, { state: s.state });
      return view(s);
    },

    async list(viewer: Viewer) {
      requireHr(viewer);
      return Promise.all((await listSeries(db)).map((s) => view(s)));
    },

    async get(viewer: Viewer, id: string) {
      requireHr(viewer);
      return view(await mustFind(id), true);
    },

    /** Four eyes, once per series: a second hr person approves; its occurrences then go out as they fall. */
    async approve(viewer: Viewer, id: string) {
      requireHr(viewer);
      const s = await mustFind(id);
      if (s.state !== 'pending_approval')
        throw new AppError('conflict', `The series is ${s.state}, not waiting for approval.`);
      if ((s.updated_by ?? s.created_by) === viewer.employee.id)
        throw new AppError('forbidden', 'A second person must approve: you wrote this series.');
      const next = await setSeriesState(db, id, ['pending_approval'], 'active', {
        approvedBy: viewer.employee.id,
        now: deps.now(),
      });
      if (!next) throw new AppError('conflict', 'The series was changed by someone else; reload it.');
      await audit(viewer.employee.id, 'announcement.series.approve', id);
      return view(next);
    },

    /**
     * A new text, audience or rule from the next occurrence on (those already sent stay as they
     * were). Under four eyes the edited series waits for approval again.
     */
    async edit(viewer: Viewer, id: string, input: unknown) {
      requireHr(viewer);
      await mustFind(id);
      const c = await checked(input);
      const s = await db.transaction(async (tx) => {
        const updated = await updateSeries(
          tx,
          id,
          viewer.employee.id,
          c.content,
          c.recurrence,
          c.state,
          deps.now(),
        );
        if (!updated) throw new AppError('conflict', 'A stopped series cannot be edited.');
        const dropped = await dropUnsentOccurrences(tx, id, 'delete');
        await audit(
          viewer.employee.id,
          'announcement.series.edit',
          id,
          { state: updated.state, dropped },
          tx,
        );
        return updated;
      });
      return view(s);
    },

    /** No further occurrence goes out; one already scheduled is cancelled, those sent stay tracked. */
    async stop(viewer: Viewer, id: string) {
      requireHr(viewer);
      await mustFind(id);
      const s = await db.transaction(async (tx) => {
        const stopped = await setSeriesState(tx, id, ['pending_approval', 'active'], 'stopped');
        if (!stopped) throw new AppError('conflict', 'The series is already stopped.');
        const cancelled = await dropUnsentOccurrences(tx, id, 'cancel');
        await audit(viewer.employee.id, 'announcement.series.stop', id, { cancelled }, tx);
        return stopped;
      });
      return view(s);
    },

    /**
     * The dispatcher's minute: each active series' next occurrence becomes a scheduled announcement
     * (and one that fell in the last minutes, if not made yet). Once-only by the unique index.
     */
    async materialize(now: Date): Promise<string[]> {
      const made: string[] = [];
      for (const s of await activeSeries(db)) {
        const since = Math.max(now.getTime() - LOOKBACK_MS, new Date(s.effective_from).getTime());
        const from = addDays(tokyoDateOf(new Date(since)), -MAX_SHIFT_DAYS);
        const due = occurrencesBetween(s.recurrence, from, addDays(tokyoDateOf(now), 400)).filter(
          (o) => o.at.getTime() >= since,
        );
        const upTo = due.findIndex((o) => o.at.getTime() >= now.getTime());
        for (const o of due.slice(0, upTo === -1 ? due.length : upTo + 1)) {
          const a = await insertOccurrence(db, s, o.date, o.at);
          if (!a) continue;
          made.push(a.id);
          await audit(null, 'announcement.series.occurrence', s.id, {
            announcementId: a.id,
            date: o.date,
            shiftedFrom: o.shiftedFrom ?? null,
          });
        }
      }
      return made;
    },
  };
}

export type AnnouncementSeries = ReturnType<typeof createAnnouncementSeries>;
