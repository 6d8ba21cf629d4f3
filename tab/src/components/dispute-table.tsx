// A person's disputes as a table: reference, case number, protocol, stage, the stage's due date
// and the overall cap (each marked when passed), status. Sortable by any column; filtered by text
// and by "overdue only".
import { Badge, Field, Input, makeStyles, Switch, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { DisputeRow } from '../api/schema.ts';
import { useServerNow } from '../clock.ts';
import { londonDay, plural } from '../format.ts';
import { protocolOf, stageName, useSession } from '../session.tsx';
import { DataTable, type Column } from './data-table.tsx';
import { DeadlineBadge, deadlineState, type DeadlineState } from './deadline-badge.tsx';
import { DisputeLink } from './route-link.tsx';
import { StatusBadge } from './status-badge.tsx';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: '16px' },
  filterText: { minWidth: '280px', flexGrow: 1, maxWidth: '480px' },
  count: { margin: 0, color: tokens.colorNeutralForeground2 },
  ref: { fontWeight: tokens.fontWeightSemibold },
});

interface Row {
  row: DisputeRow;
  protocol: string;
  stage: string;
  due: DeadlineState;
  cap: DeadlineState;
  overdue: boolean;
}

const columns = (refClass: string): Column<Row>[] => [
  {
    key: 'reference',
    header: 'Reference',
    width: '12%',
    sortValue: (r) => r.row.reference,
    cell: (r) => (
      <DisputeLink id={r.row.id} className={refClass}>
        {r.row.reference}
      </DisputeLink>
    ),
  },
  {
    key: 'caseNumber',
    header: 'Case number',
    width: '11%',
    sortValue: (r) => r.row.caseNumber,
    cell: (r) => r.row.caseNumber,
  },
  {
    key: 'protocol',
    header: 'Protocol',
    width: '22%',
    sortValue: (r) => r.protocol,
    cell: (r) => r.protocol,
  },
  {
    key: 'stage',
    header: 'Stage',
    width: '19%',
    sortValue: (r) => r.stage,
    cell: (r) => (
      <>
        {r.stage || '–'}
        {r.row.awaitingChairDecision ? (
          <>
            {' '}
            <Badge appearance="tint" color="warning">
              Chair to decide
            </Badge>
          </>
        ) : null}
      </>
    ),
  },
  {
    key: 'dueOn',
    header: 'Stage due',
    width: '14%',
    sortValue: (r) => r.row.dueOn ?? '9999',
    cell: (r) => <DeadlineBadge day={r.row.dueOn} state={r.due} kind="stage" />,
  },
  {
    key: 'capOn',
    header: 'Overall time limit',
    width: '13%',
    sortValue: (r) => r.row.capOn ?? '9999',
    cell: (r) => <DeadlineBadge day={r.row.capOn} state={r.cap} kind="cap" />,
  },
  {
    key: 'status',
    header: 'Status',
    width: '9%',
    sortValue: (r) => r.row.status,
    cell: (r) => <StatusBadge status={r.row.status} appearance="tint" />,
  },
];

export function DisputeTable(props: { rows: DisputeRow[]; caption: string; emptyText: string }) {
  const s = useStyles();
  const session = useSession();
  const [filter, setFilter] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
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
    return rows.filter((r) => {
      if (overdueOnly && !r.overdue) return false;
      const text =
        `${r.row.reference} ${r.row.caseNumber} ${r.protocol} ${r.stage} ${r.row.status}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }, [rows, filter, overdueOnly]);

  const overdueCount = rows.filter((r) => r.overdue).length;
  const tableColumns = useMemo(() => columns(s.ref), [s.ref]);

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
      <DataTable
        label={props.caption}
        columns={tableColumns}
        rows={shown}
        rowKey={(r) => r.row.id}
        empty={rows.length === 0 ? props.emptyText : 'No dispute matches the filter.'}
        size="medium"
        minWidth="860px"
        initialSort={{ key: 'dueOn', direction: 'ascending' }}
      />
    </>
  );
}
