import { z } from 'zod';
import type { Viewer } from '../access/viewer.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { maybeOne } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { AppError, foundById } from '../shared/errors.ts';
import { findAnnouncement } from './announcement.repository.ts';
import { type DraftInput, parseOrThrow } from './announcement.schema.ts';
import { requireHr } from './announcement.service.ts';
import { contentOf } from './announcement.table.ts';

interface TemplateRow {
  id: string;
  name: string;
  content: DraftInput;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface TemplateDeps {
  db: Db;
  /** The announcement's own checks: a template holds a valid draft. */
  validated: (input: unknown) => DraftInput;
  /** Creates a draft as the composer does (the audience and file checks included). */
  createDraft: (viewer: Viewer, input: unknown) => Promise<{ id: string }>;
}

const saveSchema = z.object({
  templateName: z.string().trim().min(1, 'is required').max(80),
  // Either the composer's current content, or an existing announcement to save as a template.
  content: z.unknown().optional(),
  announcementId: z.uuid().optional(),
});

/** Templates (issue 20): save an announcement as a template; start a new draft from one. */
export function createAnnouncementTemplates(deps: TemplateDeps) {
  const { db } = deps;

  const mustFind = (id: string): Promise<TemplateRow> =>
    foundById(
      id,
      (x) => maybeOne<TemplateRow>(db, sql`select * from announcement_template where id = ${x}::uuid`),
      'No such template.',
    );

  const view = (t: TemplateRow) => ({ id: t.id, name: t.name, content: t.content, updatedAt: t.updated_at });

  return {
    async save(viewer: Viewer, input: unknown) {
      requireHr(viewer);
      const s = parseOrThrow(saveSchema, input, 'The template has problems.');
      let raw = s.content;
      if (s.announcementId) {
        const a = await findAnnouncement(db, s.announcementId);
        if (!a) throw new AppError('not_found', 'No such announcement.');
        raw = {
          ...contentOf(a),
          audience: a.audience,
          reminders: a.reminder_max
            ? { afterHours: (a.reminder_after_minutes ?? 0) / 60, max: a.reminder_max }
            : null,
        };
      }
      const content = deps.validated(raw);
      // Saving under an existing name replaces that template (the composer says so).
      const [t] = await db.query<TemplateRow>(sql`
        insert into announcement_template (name, content, created_by)
        values (${s.templateName}, ${JSON.stringify(content)}::jsonb, ${viewer.employee.id}::uuid)
        on conflict (name) do update set content = excluded.content, updated_at = now()
        returning *`);
      await writeAudit(db, {
        actorId: viewer.employee.id,
        action: 'announcement.template.save',
        targetType: 'announcement_template',
        targetId: t!.id,
      });
      return view(t!);
    },

    async list(viewer: Viewer) {
      requireHr(viewer);
      const rows = await db.query<TemplateRow>(
        sql`select * from announcement_template order by name limit 200`,
      );
      return { templates: rows.map(view) };
    },

    /** A new draft with the template's content (checked again: domains or teams may have changed); its id. */
    async start(viewer: Viewer, id: string) {
      requireHr(viewer);
      const t = await mustFind(id);
      const draft = await deps.createDraft(viewer, t.content);
      return { id: draft.id };
    },

    async remove(viewer: Viewer, id: string) {
      requireHr(viewer);
      await mustFind(id);
      await db.query(sql`delete from announcement_template where id = ${id}::uuid`);
      await writeAudit(db, {
        actorId: viewer.employee.id,
        action: 'announcement.template.delete',
        targetType: 'announcement_template',
        targetId: id,
      });
      return { deleted: true };
    },
  };
}

export type AnnouncementTemplates = ReturnType<typeof createAnnouncementTemplates>;
