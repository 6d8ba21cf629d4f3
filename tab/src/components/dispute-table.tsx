// A person's disputes as a table: reference, case number, protocol, stage, the stage's due date
// and the overall cap (each marked when passed), status. Sortable by any column; filtered by text
// and by "overdue only".
import {
  Badge,
  Field,
  Input,
  makeStyles,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { DisputeRow } from '../api/types.ts';
import { useServerNow } from '../clock.ts';
import { londonDay, plural } from '../format.ts';
import { labelOf, statusLabels } from '../labels.ts';
import { protocolOf, stageName, useSession } from '../session.tsx';
import { DeadlineBadge, deadlineState, type DeadlineState } from './deadline-badge.tsx';
import { RouteLink } from './route-link.tsx';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: '16px' },
  filterText: { minWidth: '280px', flexGrow: 1, maxWidth: '480px' },
  tableWrap: { overflowX: 'auto' },
  table: { minWidth: '860px' },
  count: { margin: 0, color: tokens.colorNeutralForeground2 },
  empty: { margin: 0, padding: '12px 0' },
  ref: { fontWeight: tokens.fontWeightSemibold },
  headerButton: { fontWeight: tokens.fontWeightSemibold },
});

interface Row {
  row: DisputeRow;
  protocol: string;
  stage: string;
  due: DeadlineState;
  cap: DeadlineState;
  overdue: boolean;
}

type SortKey = 'reference' | 'caseNumber' | 'protocol' | 'stage' | 'dueOn' | 'capOn' | 'status';
const columns: { key: SortKey; label: string; width: string }[] = [
  { key: 'reference', label: 'Reference', width: '12%' },
  { key: 'caseNumber', label: 'Case number', width: '11%' },
  { key: 'protocol', label: 'Protocol', width: '22%' },
  { key: 'stage', label: 'Stage', width: '19%' },
  { key: 'dueOn', label: 'Stage due', width: '14%' },
  { key: 'capOn', label: 'Overall time limit', width: '13%' },
  { key: 'status', label: 'Status', width: '9%' },
];

const valueOf = (r: Row, key: SortKey): string => {
  switch (key) {
    case 'reference':
      return r.row.reference;
    case 'caseNumber':
      return r.row.caseNumber;
    case 'protocol':
      return r.protocol;
    case 'stage':
      return r.stage;
    case 'dueOn':
      return r.row.dueOn ?? '9999';
    case 'capOn':
      return r.row.capOn ?? '9999';
    case 'status':
      return r.row.status;
  }
};

export function DisputeTable(props: { rows: DisputeRow[]; caption: string; emptyText: string }) {
  const s = useStyles();
  const session = useSession();
  const [filter, setFilter] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; direction: 'ascending' | 'descending' }>({
    key: 'dueOn',
    direction: 'ascending',
  });
  const today = londonDay(useServerNow());

  const rows: Row[] = useMemo(
    () =>
      props.rows.map((row) => {
        const open = row.status === 'open';
        // An answered stage is never overdue (issue 12 item 8).
        const due = row.stageAnswered ? 'answered' : deadlineState(row.dueOn, today, open);
        const cap = deadlineState(row.capOn, today, open);
        return {
          row,
          protocol: protocolOf(session, row.protocolId)?.name ?? row.protocolId,
          stage: stageName(session, row.protocolId, row.stageId),
          due,
          cap,
          overdue: due === 'overdue' || cap === 'overdue',
        };
      }),
    [props.rows, session, today],
  );

  const shown = useMemo(() => {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    const kept = rows.filter((r) => {
      if (overdueOnly && !r.overdue) return false;
      const text =
        `${r.row.reference} ${r.row.caseNumber} ${r.protocol} ${r.stage} ${r.row.status}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
    const sign = sort.direction === 'ascending' ? 1 : -1;
    return kept.sort(
      (a, b) => sign * valueOf(a, sort.key).localeCompare(valueOf(b, sort.key), 'en-GB', { numeric: true }),
    );
  }, [rows, filter, overdueOnly, sort]);

  const overdueCount = rows.filter((r) => r.overdue).length;
  const sortBy = (key: SortKey) =>
    setSort((cur) => ({
      key,
      direction: cur.key === key && cur.direction === 'ascending' ? 'descending' : 'ascending',
    }));

  return (
    <>
      <div className={s.filters} role="search" aria-label={`Filter ${props.caption.toLowerCase()}`}>
        <Field label="Filter by reference, case number, protocol or stage" className={s.filterText}>
          <Input value={filter} onChange={(_, d) => setFilter(d.value)} type="search" />
        </Field>
        <Switch
          checked={overdueOnly}
          onChange={(_, d) => setOverdueOnly(d.checked)}
          label={`Overdue only (${overdueCount})`}
        />
      </div>
      <p className={s.count} role="status">
        {shown.length === rows.length
          ? `${plural(rows.length, 'dispute')}.`
          : `Showing ${shown.length} of ${plural(rows.length, 'dispute')}.`}
      </p>
      {shown.length === 0 ? (
        <p className={s.empty}>{rows.length === 0 ? props.emptyText : 'No dispute matches the filter.'}</p>
      ) : (
        <div className={s.tableWrap}>
          <Table className={s.table} aria-label={props.caption} sortable>
            <TableHeader>
              <TableRow>
                {columns.map((c) => (
                  <TableHeaderCell
                    key={c.key}
                    sortDirection={sort.key === c.key ? sort.direction : undefined}
                    onClick={() => sortBy(c.key)}
                    className={s.headerButton}
                    style={{ width: c.width }}
                  >
                    {c.label}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((r) => (
                <TableRow key={r.row.id}>
                  <TableCell>
                    <RouteLink to={`/disputes/${encodeURIComponent(r.row.id)}`} className={s.ref}>
                      {r.row.reference}
                    </RouteLink>
                  </TableCell>
                  <TableCell>{r.row.caseNumber}</TableCell>
                  <TableCell>{r.protocol}</TableCell>
                  <TableCell>
                    {r.stage || '–'}
                    {r.row.awaitingChairDecision ? (
                      <>
                        {' '}
                        <Badge appearance="tint" color="warning">
                          Chair to decide
                        </Badge>
                      </>
                    ) : null}
                  </TableCell>
                  <TableCell>
                    <DeadlineBadge day={r.row.dueOn} state={r.due} kind="stage" />
                  </TableCell>
                  <TableCell>
                    <DeadlineBadge day={r.row.capOn} state={r.cap} kind="cap" />
                  </TableCell>
                  <TableCell>
                    <Badge
                      appearance="tint"
                      color={
                        r.row.status === 'open' ? 'brand' : r.row.status === 'resolved' ? 'success' : 'subtle'
                      }
                    >
                      {labelOf(statusLabels, r.row.status)}
                    </Badge>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </>
  );
}
