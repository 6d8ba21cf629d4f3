// The pieces of the board's report: each chart beside a table of the same figures (the table is
// what a screen reader reads; the chart is hidden from it). Only the reports use recharts, so this
// loads with them.
import { makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useChartColours } from '../chart-colours.ts';
import { DataTable } from '../components/data-table.tsx';
import { Columns } from '../components/page.tsx';
import { protocolOf, useSession } from '../session.tsx';

const useStyles = makeStyles({
  chart: { width: '100%', minHeight: '220px' },
  protocolHeading: { margin: '12px 0 4px', fontSize: tokens.fontSizeBase400 },
  empty: { margin: 0, color: tokens.colorNeutralForeground2 },
});

type Cell = string | number;

/** Said for a part of the report with nothing in the period. */
export function NothingInPeriod() {
  const s = useStyles();
  return <p className={s.empty}>Nothing in this period.</p>;
}

/** A table of figures: the first column names the row, the others are numbers (narrow). */
export function FigureTable<T>(props: {
  label: string;
  head: string[];
  rows: T[];
  cells: (row: T) => Cell[];
}) {
  const columns = props.head.map((header, i) => ({
    key: header,
    header,
    narrow: i > 0,
    cell: (row: T) => props.cells(row)[i],
  }));
  if (props.rows.length === 0) return <NothingInPeriod />;
  return (
    <DataTable label={props.label} columns={columns} rows={props.rows} rowKey={(_, i) => i} fitContent />
  );
}

/** Horizontal bars, a row per category and a bar per series, beside the same figures as a table. */
export function ChartWithTable<T>(props: {
  label: string;
  rows: T[];
  labelKey: keyof T & string;
  series: { key: keyof T & string; name: string; colour: 0 | 1 | 2 }[];
  /** Height of the chart for each row (40px), and at least (180px). */
  rowHeight?: number;
  minHeight?: number;
  head: string[];
  cells: (row: T) => Cell[];
}) {
  const s = useStyles();
  const colours = useChartColours();
  if (props.rows.length === 0) return <NothingInPeriod />;
  const axis = { fill: colours.text, fontSize: 12 };
  // Room for the axis, and for the legend when there is one.
  const height = Math.max(
    props.minHeight ?? 180,
    props.rows.length * (props.rowHeight ?? 40) + (props.series.length > 1 ? 60 : 40),
  );
  return (
    <Columns>
      <div className={s.chart} style={{ height }} aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={props.rows}
            layout="vertical"
            margin={{ left: 8, right: 16 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke={colours.grid} horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={axis} stroke={colours.grid} />
            <YAxis
              type="category"
              dataKey={props.labelKey as string}
              width={220}
              tick={axis}
              stroke={colours.grid}
            />
            <Tooltip />
            {props.series.length > 1 ? <Legend wrapperStyle={{ color: colours.text, fontSize: 12 }} /> : null}
            {props.series.map((b) => (
              <Bar
                key={b.key}
                dataKey={b.key as string}
                name={b.name}
                fill={colours.series[b.colour]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <FigureTable label={props.label} head={props.head} rows={props.rows} cells={props.cells} />
    </Columns>
  );
}

/** Rows grouped by protocol, in the order the report lists them, each group under its protocol's name. */
export function PerProtocol<T extends { protocolId: string }>(props: {
  rows: readonly T[];
  children: (rows: T[], protocolName: string) => ReactNode;
}) {
  const s = useStyles();
  const session = useSession();
  const groups = new Map<string, T[]>();
  for (const row of props.rows) groups.set(row.protocolId, [...(groups.get(row.protocolId) ?? []), row]);
  if (groups.size === 0) return <NothingInPeriod />;
  return [...groups].map(([protocolId, rows]) => {
    const name = protocolOf(session, protocolId)?.name ?? protocolId;
    return (
      <div key={protocolId}>
        <h3 className={s.protocolHeading}>{name}</h3>
        {props.children(rows, name)}
      </div>
    );
  });
}
