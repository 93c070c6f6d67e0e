import {
  Body1,
  createTableColumn,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  type TableColumnDefinition,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import type { KeyboardEvent, ReactNode } from 'react';
import { useSectionHeadingId } from './page-layout.tsx';
import { usePageStyles } from './page-styles.ts';

/** One column: its header, what a row shows in it, and how it aligns and sorts. */
export interface Column<T> {
  id: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Figures: aligned on the end, digits of equal width. */
  numeric?: boolean;
  /** On the header and every cell of the column. */
  className?: string;
  /** On the header only (with className). */
  headerClassName?: string;
  /** The header's tooltip (a holiday's name on a date). */
  headerTitle?: string;
  /** On one row's cell (with className): a day off, a warning. */
  cellClassName?: (row: T) => string | undefined;
  /** Language of the cells (names in Japanese on the English page). */
  lang?: string;
  /** Makes the column sortable when the table is (defaultSort). */
  compare?: (a: T, b: T) => number;
  /** A sortable grid puts focus on cells: what Enter/Space on this column's cell does. */
  onCellKeyDown?: (row: T, event: KeyboardEvent<HTMLElement>) => void;
}

const useStyles = makeStyles({
  wrap: { overflowX: 'auto', maxWidth: '100%' },
  // Grid cells are flex boxes: they align by justify-content, table cells by text-align.
  num: { justifyContent: 'flex-end' },
  // A header's text sits in a flex box of its own (the sort button): aligned there too.
  numHeader: { justifyContent: 'flex-end', textAlign: 'end' },
  // Content decides the widths, on one line (the box scrolls on a phone).
  nowrap: { tableLayout: 'auto' },
  nowrapCell: { whiteSpace: 'nowrap' },
  empty: { color: tokens.colorNeutralForeground2 },
});

/**
 * The tab's one table: columns declared once (header + cell), rows, an empty-state text, a name for
 * assistive technology (the caption, else the enclosing PageSection's heading), and a box that
 * scrolls sideways on a narrow screen instead of the page. With defaultSort it is a Fluent DataGrid
 * sortable by the columns that have compare.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  caption,
  empty,
  rowClassName,
  defaultSort,
  grid = defaultSort !== undefined,
  header = true,
  nowrap = false,
  minWidth,
  size = 'small',
  className,
}: {
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** The table's accessible name; without it the enclosing PageSection's heading names it. */
  caption?: string;
  /** Shown instead of the table when there are no rows; without it the table shows its headers only. */
  empty?: ReactNode;
  rowClassName?: (row: T) => string | undefined;
  defaultSort?: { column: string; direction: 'ascending' | 'descending' };
  /** A DataGrid (keyboard navigation by cell) even without sorting. */
  grid?: boolean;
  /** false: rows only (a total row under another table). */
  header?: boolean;
  /** Cells keep one line and the content sets the column widths. */
  nowrap?: boolean;
  /** The table's least width (CSS length): a wider table scrolls inside its box. */
  minWidth?: string;
  size?: 'extra-small' | 'small' | 'medium';
  /** On the scrolling box. */
  className?: string;
}) {
  const styles = useStyles();
  const page = usePageStyles();
  const headingId = useSectionHeadingId();
  const name = caption ? { 'aria-label': caption } : { 'aria-labelledby': headingId };
  if (rows.length === 0 && empty !== undefined) return <Body1 className={styles.empty}>{empty}</Body1>;
  const columnClass = (c: Column<T>, extra: string | undefined) =>
    mergeClasses(
      c.numeric && page.num,
      c.numeric && styles.num,
      nowrap && styles.nowrapCell,
      c.className,
      extra,
    ) || undefined;
  const headerClass = (c: Column<T>) => columnClass(c, c.headerClassName);
  const cellClass = (c: Column<T>, row: T) => columnClass(c, c.cellClassName?.(row));
  const headerButton = (c: Column<T> | undefined) =>
    c?.numeric ? { className: styles.numHeader } : undefined;
  const style = minWidth ? { minWidth } : undefined;

  if (grid) {
    const byId = new Map(columns.map((c) => [c.id, c]));
    const defs: TableColumnDefinition<T>[] = columns.map((c) =>
      createTableColumn<T>({
        columnId: c.id,
        compare: c.compare,
        renderHeaderCell: () => c.header,
        renderCell: c.cell,
      }),
    );
    return (
      <div className={mergeClasses(styles.wrap, className)}>
        <DataGrid
          items={[...rows]}
          columns={defs}
          sortable={defaultSort !== undefined}
          defaultSortState={
            defaultSort && { sortColumn: defaultSort.column, sortDirection: defaultSort.direction }
          }
          getRowId={rowKey}
          size={size}
          style={style}
          {...name}
        >
          {header && (
            <DataGridHeader>
              <DataGridRow>
                {({ renderHeaderCell, columnId }) => {
                  const c = byId.get(String(columnId));
                  return (
                    <DataGridHeaderCell
                      className={c && headerClass(c)}
                      title={c?.headerTitle}
                      button={headerButton(c)}
                    >
                      {renderHeaderCell()}
                    </DataGridHeaderCell>
                  );
                }}
              </DataGridRow>
            </DataGridHeader>
          )}
          <DataGridBody<T>>
            {({ item, rowId }) => (
              <DataGridRow<T> key={rowId} className={rowClassName?.(item)}>
                {({ renderCell, columnId }) => {
                  const c = byId.get(String(columnId));
                  const onKeyDown = c?.onCellKeyDown;
                  return (
                    <DataGridCell
                      className={c && cellClass(c, item)}
                      lang={c?.lang}
                      onKeyDown={onKeyDown && ((e: KeyboardEvent<HTMLElement>) => onKeyDown(item, e))}
                    >
                      {renderCell(item)}
                    </DataGridCell>
                  );
                }}
              </DataGridRow>
            )}
          </DataGridBody>
        </DataGrid>
      </div>
    );
  }

  return (
    <div className={mergeClasses(styles.wrap, className)}>
      <Table size={size} className={nowrap ? styles.nowrap : undefined} style={style} {...name}>
        {header && (
          <TableHeader>
            <TableRow>
              {columns.map((c) => (
                <TableHeaderCell
                  key={c.id}
                  className={headerClass(c)}
                  title={c.headerTitle}
                  button={headerButton(c)}
                >
                  {c.header}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
        )}
        <TableBody>
          {rows.map((row) => (
            <TableRow key={rowKey(row)} className={rowClassName?.(row)}>
              {columns.map((c) => (
                <TableCell key={c.id} className={cellClass(c, row)} lang={c.lang}>
                  {c.cell(row)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
