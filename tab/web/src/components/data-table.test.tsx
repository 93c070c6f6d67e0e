import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable } from './data-table.tsx';
import { PageSection } from './page-layout.tsx';

// The markup without Griffel's class names: what assistive technology and a reader get.
const html = (node: ReactNode) => renderToStaticMarkup(node).replace(/ class="[^"]*"/g, '');

interface Row {
  id: string;
  name: string;
  hours: number;
}
const columns = [
  { id: 'name', header: '氏名', cell: (r: Row) => r.name },
  { id: 'hours', header: '時間', numeric: true, cell: (r: Row) => String(r.hours) },
];

describe('DataTable', () => {
  it('shows one header per column and one row per item, in order', () => {
    const out = html(
      <DataTable
        columns={columns}
        rows={[
          { id: 'a', name: '佐藤', hours: 12 },
          { id: 'b', name: '鈴木', hours: 3 },
        ]}
        rowKey={(r) => r.id}
        caption="残業"
      />,
    );
    expect(out.match(/<th[ >]/g)).toHaveLength(2);
    expect(out.match(/<tr[ >]/g)).toHaveLength(3);
    expect(out.indexOf('佐藤')).toBeLessThan(out.indexOf('鈴木'));
    expect(out).toContain('aria-label="残業"');
  });

  it('shows the empty-state text instead of a table without rows', () => {
    const out = html(<DataTable columns={columns} rows={[]} rowKey={(r) => r.id} empty="まだありません" />);
    expect(out).toContain('まだありません');
    expect(out).not.toContain('<table');
  });

  it('is named by the heading of the section it is in', () => {
    const out = html(
      <PageSection title="育児の一覧">
        <DataTable columns={columns} rows={[{ id: 'a', name: '佐藤', hours: 1 }]} rowKey={(r) => r.id} />
      </PageSection>,
    );
    const headingId = /<h2[^>]* id="([^"]+)"/.exec(out)?.[1];
    expect(headingId).toBeTruthy();
    expect(out).toContain(`<table aria-labelledby="${headingId}"`);
    expect(out).toContain(`<section aria-labelledby="${headingId}"`);
  });

  it('is a sortable grid when it has a default sort', () => {
    const out = html(
      <DataTable
        columns={columns.map((c) => ({ ...c, compare: (a: Row, b: Row) => a.hours - b.hours }))}
        rows={[
          { id: 'a', name: '佐藤', hours: 1 },
          { id: 'b', name: '鈴木', hours: 9 },
        ]}
        rowKey={(r) => r.id}
        caption="残業"
        defaultSort={{ column: 'hours', direction: 'descending' }}
      />,
    );
    expect(out).toContain('role="grid"');
    expect(out.indexOf('鈴木')).toBeLessThan(out.indexOf('佐藤'));
  });
});
