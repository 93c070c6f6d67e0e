import type { Db } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import type { TestApp } from '../harness/app.ts';

/**
 * What an attacker with a valid tab token can fetch, and the ground truth to score it against.
 * A refused or missing route (403/404) reveals nothing, and is scored so.
 */

export interface Reply {
  status: number;
  json: Record<string, unknown> | null;
  text: string;
}

export function tabClient(t: TestApp) {
  const tokens = new Map<string, string>();
  return async function get(employeeNo: string, path: string): Promise<Reply> {
    let token = tokens.get(employeeNo);
    if (!token) {
      token = await t.signSsoToken(await t.oidOf(employeeNo));
      tokens.set(employeeNo, token);
    }
    const res = await fetch(`${t.baseUrl}/api/tab${path}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    const json = /json/.test(res.headers.get('content-type') ?? '') && text ? JSON.parse(text) : null;
    return { status: res.status, json, text };
  };
}

/** A figure the reply shows as a number (not "<5", not null). */
export const shown = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** True staff and total minutes of a section or bureau in a month (what the attacker must not isolate). */
export async function truth(db: Db, level: 'section' | 'bureau', id: string, month: string) {
  const [row] =
    level === 'section'
      ? await db.query<{ staff: number; minutes: number }>(sql`
          select count(*)::int as staff, coalesce(sum(overtime_minutes), 0)::int as minutes
            from overtime_month where section_id = ${id} and month = ${`${month}-01`}::date`)
      : await db.query<{ staff: number; minutes: number }>(sql`
          select count(*)::int as staff, coalesce(sum(o.overtime_minutes), 0)::int as minutes
            from overtime_month o join section s on s.id = o.section_id
           where s.bureau_id = ${id} and o.month = ${`${month}-01`}::date`);
  return row ?? { staff: 0, minutes: 0 };
}

export async function idOf(db: Db, query: ReturnType<typeof sql>): Promise<string> {
  const [row] = await db.query<{ id: string }>(query);
  if (!row) throw new Error('fixture row missing');
  return row.id;
}
