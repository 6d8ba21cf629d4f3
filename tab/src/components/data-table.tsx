// Every table of records in the tab, from column definitions: a labelled Fluent table that scrolls
// sideways on a narrow screen rather than squeezing its columns, a sentence instead of an empty
// table, and sorting by a column's header where the columns say how to sort.
import {
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState, type ReactNode } from 'react';

export interface Column<T> {
  /** Unique among the table's columns (the sort key). */
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Sorted by this text (numbers inside compared as numbers); the header becomes a sort button. */
  sortValue?: (row: T) => string;
  /** Figures and dates: as narrow as the values, on one line. */
  narrow?: boolean;
  width?: string;
  className?: string;
}

export type SortDirection = 'ascending' | 'descending';

const useStyles = makeStyles({
  wrap: { overflowX: 'auto' },
  auto: { tableLayout: 'auto' },
  narrow: { width: '1%', whiteSpace: 'nowrap', paddingLeft: '16px' },
  header: { fontWeight: tokens.fontWeightSemibold },
  empty: { margin: 0, color: tokens.colorNeutralForeground2 },
});

export function DataTable<T>(props: {
  /** What the table lists: its accessible name. */
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  /** Said instead of an empty table. */
  empty?: ReactNode;
  size?: 'small' | 'medium';
  /** Columns as wide as their content, rather than equal shares. */
  fitContent?: boolean;
  /** Below this width the table scrolls sideways. */
  minWidth?: string;
  initialSort?: { key: string; direction: SortDirection };
}) {
  const s = useStyles();
  const [sort, setSort] = useState(props.initialSort);
  const sortable = props.columns.some((c) => c.sortValue);
  const rows = useMemo(() => {
    const by = props.columns.find((c) => c.key === sort?.key)?.sortValue;
    if (!by || !sort) return props.rows;
    const sign = sort.direction === 'ascending' ? 1 : -1;
    return [...props.rows].sort((a, b) => sign * by(a).localeCompare(by(b), 'en-GB', { numeric: true }));
  }, [props.rows, props.columns, sort]);

  if (props.rows.length === 0 && props.empty !== undefined) return <p className={s.empty}>{props.empty}</p>;
  const sortBy = (key: string) =>
    setSort((cur) => ({
      key,
      direction: cur?.key === key && cur.direction === 'ascending' ? 'descending' : 'ascending',
    }));
  const cellClass = (c: Column<T>) => mergeClasses(c.narrow && s.narrow, c.className);
  return (
    <div className={s.wrap}>
      <Table
        aria-label={props.label}
        size={props.size ?? 'small'}
        sortable={sortable}
        className={props.fitContent ? s.auto : undefined}
        style={props.minWidth ? { minWidth: props.minWidth } : undefined}
      >
        <TableHeader>
          <TableRow>
            {props.columns.map((c) => (
              <TableHeaderCell
                key={c.key}
                className={mergeClasses(cellClass(c), c.sortValue && s.header)}
                style={c.width ? { width: c.width } : undefined}
                {...(c.sortValue
                  ? {
                      sortDirection: sort?.key === c.key ? sort.direction : undefined,
                      onClick: () => sortBy(c.key),
                    }
                  : {})}
              >
                {c.header}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row, i) => (
            <TableRow key={props.rowKey(row, i)}>
              {props.columns.map((c) => (
                <TableCell key={c.key} className={cellClass(c)}>
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
