/**
 * Org CSV import (parse, validate every row, upsert in one transaction) against a raw COPY of the
 * same file into a bare table of text columns: the floor any import on this server can reach.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { generateDemoOrg } from '../../core/demo/demo-org.generator.ts';
import { ORG_COLUMNS, type OrgColumn } from '../../core/org/org-csv.schema.ts';
import { importOrgCsv } from '../../core/org/org-import.service.ts';
import type { BenchResult } from './bench.types.ts';
import { benchDatabase, timed } from './bench-db.ts';

const STAFF = 50_000;

function orgCsv(staff: number): string {
  const columns = Object.keys(ORG_COLUMNS) as OrgColumn[];
  const lines = [columns.join(',')];
  for (const row of generateDemoOrg({ staff })) {
    const cell = (c: OrgColumn): string => {
      const v = row[c];
      if (c === 'roles') return row.roles.map((r) => r.role).join(';');
      if (typeof v === 'boolean') return v ? '1' : '0';
      return v === undefined ? '' : String(v);
    };
    lines.push(columns.map(cell).join(','));
  }
  return `${lines.join('\n')}\n`;
}

export default async function bench(): Promise<BenchResult[]> {
  const csv = orgCsv(STAFF);
  const rows = csv.split('\n').length - 2;
  const bench = await benchDatabase();
  try {
    const pool = bench.db.native as pg.Pool;
    const client = await pool.connect();
    let copyMs: number;
    try {
      const columns = Object.keys(ORG_COLUMNS);
      await client.query(`create table bare_org (${columns.map((c) => `${c} text`).join(', ')})`);
      ({ ms: copyMs } = await timed(() =>
        pipeline(
          Readable.from([csv]),
          client.query(copyFrom(`copy bare_org from stdin with (format csv, header true)`)),
        ),
      ));
    } finally {
      client.release();
    }
    const bytes = new TextEncoder().encode(csv);
    const { ms: importMs } = await timed(() => importOrgCsv(bench.db, bytes, { id: null, label: 'bench' }));
    const { ms: reimportMs } = await timed(() => importOrgCsv(bench.db, bytes, { id: null, label: 'bench' }));
    const perSecond = (ms: number) => rows / (ms / 1000);
    return [
      {
        name: `org import, ${rows.toLocaleString('en')} people (new)`,
        value: perSecond(importMs),
        unit: 'rows/s',
        baseline: { name: 'raw COPY of the file', value: perSecond(copyMs), unit: 'rows/s' },
        ratio: copyMs / importMs,
        note: 'import validates every row and resolves managers; higher is better',
      },
      {
        name: 'org re-import of the same file (all unchanged)',
        value: perSecond(reimportMs),
        unit: 'rows/s',
        baseline: { name: 'raw COPY of the file', value: perSecond(copyMs), unit: 'rows/s' },
        ratio: copyMs / reimportMs,
      },
    ];
  } finally {
    await bench.drop();
  }
}
