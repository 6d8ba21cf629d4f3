// The board's figures for a date range: how many disputes, on which themes, how far they went,
// how fast they were answered against the protocol. Each chart has the same figures as a table
// beside it (the table is what a screen reader reads; the chart is hidden from it), and the whole
// report downloads as CSV.
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
  typographyStyles,
} from '@fluentui/react-components';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { download } from '../api/api-client.ts';
import type { Report } from '../api/types.ts';
import { useServerNow } from '../clock.ts';
import { ErrorMessage, isMissingApi, Loading, NotYetAvailable } from '../components/load-state.tsx';
import { Page, Section } from '../components/page.tsx';
import { useChartColours } from '../chart-colours.ts';
import { formatDay, londonDay, parseUkDate, percent, toUkDate } from '../format.ts';
import { protocolOf, useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';
import { NotAvailable } from './not-available.tsx';

const useStyles = makeStyles({
  range: { display: 'flex', gap: '16px', alignItems: 'flex-start', flexWrap: 'wrap' },
  rangeButtons: { display: 'flex', gap: '8px', paddingTop: '26px' },
  tiles: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))',
    gap: '12px',
    margin: 0,
  },
  tile: {
    display: 'flex',
    flexDirection: 'column-reverse',
    gap: '2px',
    padding: '12px 16px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  tileValue: { ...typographyStyles.title2, margin: 0 },
  tileLabel: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2 },
  pair: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)',
    gap: '16px',
    alignItems: 'start',
    '@media (max-width: 1000px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  chart: { width: '100%', minHeight: '220px' },
  protocolHeading: { margin: '12px 0 4px', fontSize: tokens.fontSizeBase400 },
  tableWrap: { overflowX: 'auto' },
  figureTable: { tableLayout: 'auto' },
  num: { width: '1%', whiteSpace: 'nowrap', paddingLeft: '16px' },
  empty: { margin: 0, color: tokens.colorNeutralForeground2 },
  caption: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, margin: 0 },
});

function financialYearStart(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return `${m >= 4 ? y : y - 1}-04-01`;
}

function FigureTable(props: {
  label: string;
  head: string[];
  rows: (string | number)[][];
  numeric?: boolean[];
}) {
  const s = useStyles();
  return (
    <div className={s.tableWrap}>
      <Table size="small" aria-label={props.label} className={s.figureTable}>
        <TableHeader>
          <TableRow>
            {props.head.map((h, i) => (
              <TableHeaderCell key={h} className={props.numeric?.[i] ? s.num : undefined}>
                {h}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.rows.map((r, i) => (
            <TableRow key={i}>
              {r.map((c, j) => (
                <TableCell key={j} className={props.numeric?.[j] ? s.num : undefined}>
                  {c}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function ChartAndTable(props: { chart: ReactNode; table: ReactNode; height: number; empty: boolean }) {
  const s = useStyles();
  if (props.empty) return <p className={s.empty}>Nothing in this period.</p>;
  return (
    <div className={s.pair}>
      <div className={s.chart} style={{ height: props.height }} aria-hidden="true">
        {props.chart}
      </div>
      {props.table}
    </div>
  );
}

export function ReportsView() {
  const s = useStyles();
  const session = useSession();
  const colours = useChartColours();
  const today = londonDay(useServerNow());
  const [range, setRange] = useState(() => ({ from: financialYearStart(today), to: today }));
  const [typed, setTyped] = useState(() => ({ from: toUkDate(range.from), to: toUkDate(range.to) }));
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  const [downloadMessage, setDownloadMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const report = useApi<Report>(`/api/reports?from=${range.from}&to=${range.to}`);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const from = parseUkDate(typed.from);
    const to = parseUkDate(typed.to);
    const next: typeof errors = {};
    if (!typed.from.trim()) next.from = 'Enter the first day of the period.';
    else if (!from.ok) next.from = 'The start must be a real date, written like 01/04/2026.';
    if (!typed.to.trim()) next.to = 'Enter the last day of the period.';
    else if (!to.ok) next.to = 'The end must be a real date, written like 31/03/2027.';
    if (from.ok && to.ok && from.iso > to.iso) next.to = 'The end must be on or after the start.';
    setErrors(next);
    if (Object.keys(next).length > 0) {
      session.announce('The period was not changed: check the dates.');
      return;
    }
    if (from.ok && to.ok) setRange({ from: from.iso, to: to.iso });
  };

  const downloadCsv = async () => {
    try {
      const name = await download(
        `/api/reports.csv?from=${range.from}&to=${range.to}`,
        `cp-disputes-report-${range.from}-to-${range.to}.csv`,
      );
      setDownloadMessage({ ok: true, text: `Downloaded ${name}.` });
      session.announce(`Downloaded ${name}.`);
    } catch (e) {
      setDownloadMessage({ ok: false, text: `The CSV could not be downloaded: ${(e as Error).message}` });
    }
  };

  if (report.error?.status === 403) return <NotAvailable what="The reports" />;
  const r = report.data;
  const missing = report.error && isMissingApi(report.error);
  const axis = { fill: colours.text, fontSize: 12 };

  return (
    <Page
      title="Reports"
      intro="Disputes raised in a period: themes, how far they went, and how quickly each stage was answered against the protocol."
    >
      <Section title="Period" id="period">
        <form className={s.range} onSubmit={apply} noValidate>
          <Field label="From" hint="DD/MM/YYYY" validationMessage={errors.from}>
            <Input value={typed.from} onChange={(_, d) => setTyped((t) => ({ ...t, from: d.value }))} />
          </Field>
          <Field label="To" hint="DD/MM/YYYY" validationMessage={errors.to}>
            <Input value={typed.to} onChange={(_, d) => setTyped((t) => ({ ...t, to: d.value }))} />
          </Field>
          <div className={s.rangeButtons}>
            <Button type="submit" appearance="primary">
              Show figures
            </Button>
            <Button onClick={() => void downloadCsv()} disabled={!r}>
              Download CSV
            </Button>
          </div>
        </form>
        {downloadMessage ? (
          <MessageBar intent={downloadMessage.ok ? 'success' : 'error'}>
            <MessageBarBody>{downloadMessage.text}</MessageBarBody>
          </MessageBar>
        ) : null}
      </Section>
      {report.loading && !r ? <Loading label="Counting…" /> : null}
      {missing ? <NotYetAvailable what="The reports come from the API’s reports endpoint." /> : null}
      {report.error && !missing ? (
        <ErrorMessage title="The report could not be loaded" error={report.error} onRetry={report.reload} />
      ) : null}
      {r ? (
        <>
          <Section title={`Summary: ${formatDay(r.range.from)} to ${formatDay(r.range.to)}`} id="summary">
            <dl className={s.tiles}>
              {(
                [
                  ['Raised', r.totals.raised],
                  ['Still open', r.totals.open],
                  ['Resolved', r.totals.resolved],
                  ['Withdrawn', r.totals.withdrawn],
                  [
                    'Resolved at the informal stage',
                    r.resolvedAtInformal.share === null
                      ? r.resolvedAtInformal.count
                      : `${r.resolvedAtInformal.count} (${percent(r.resolvedAtInformal.share)})`,
                  ],
                  ['Deadlines missed', r.deadlinesMissed],
                  ['Overall time limit passed', r.capBreaches],
                  ['Repeat concerns', r.repeatConcerns],
                ] as [string, string | number][]
              ).map(([label, value]) => (
                <div key={label} className={s.tile}>
                  <dt className={s.tileLabel}>{label}</dt>
                  <dd className={s.tileValue}>{value}</dd>
                </div>
              ))}
            </dl>
          </Section>

          <Section title="Raised by theme" id="by-theme">
            <ChartAndTable
              empty={r.raisedByTheme.length === 0}
              height={Math.max(180, r.raisedByTheme.length * 48 + 40)}
              chart={
                <CountBars
                  data={r.raisedByTheme}
                  labelKey="label"
                  name="Disputes raised"
                  colour={colours.series[0]!}
                  axis={axis}
                  grid={colours.grid}
                />
              }
              table={
                <FigureTable
                  label="Disputes raised by theme"
                  head={['Theme', 'Raised']}
                  numeric={[false, true]}
                  rows={r.raisedByTheme.map((t) => [t.label, t.count])}
                />
              }
            />
          </Section>

          <Section title="Furthest stage reached" id="stage-reached">
            {/* Each protocol's ladder on its own chart: stages of different protocols are not one
                scale (issue 12 item 8). */}
            {r.stageReached.length === 0 ? <p className={s.empty}>Nothing in this period.</p> : null}
            {byProtocol(r.stageReached).map(([protocolId, rows]) => (
              <div key={protocolId}>
                <h3 className={s.protocolHeading}>{protocolOf(session, protocolId)?.name ?? protocolId}</h3>
                <ChartAndTable
                  empty={rows.length === 0}
                  height={Math.max(180, rows.length * 40 + 40)}
                  chart={
                    <CountBars
                      data={rows}
                      labelKey="name"
                      name="Disputes"
                      colour={colours.series[1]!}
                      axis={axis}
                      grid={colours.grid}
                    />
                  }
                  table={
                    <FigureTable
                      label={`Furthest stage reached: ${protocolOf(session, protocolId)?.name ?? protocolId}`}
                      head={['Stage', 'Disputes']}
                      numeric={[false, true]}
                      rows={rows.map((t) => [t.name, t.count])}
                    />
                  }
                />
              </div>
            ))}
          </Section>

          <Section title="Response times against the protocol" id="response-times">
            <p className={s.caption}>
              Median working days to the first response at each stage, beside the time the protocol allows.
            </p>
            {r.responseTimes.length === 0 ? <p className={s.empty}>Nothing in this period.</p> : null}
            {byProtocol(r.responseTimes).map(([protocolId, rows]) => (
              <div key={protocolId}>
                <h3 className={s.protocolHeading}>{protocolOf(session, protocolId)?.name ?? protocolId}</h3>
                <ChartAndTable
                  empty={rows.length === 0}
                  height={Math.max(200, rows.length * 56 + 60)}
                  chart={
                    <ResponsiveContainer width="100%" height="100%">
                      <BarChart
                        data={rows}
                        layout="vertical"
                        margin={{ left: 8, right: 16 }}
                        accessibilityLayer={false}
                      >
                        <CartesianGrid stroke={colours.grid} horizontal={false} />
                        <XAxis type="number" allowDecimals={false} tick={axis} stroke={colours.grid} />
                        <YAxis type="category" dataKey="name" width={220} tick={axis} stroke={colours.grid} />
                        <Tooltip />
                        <Legend wrapperStyle={{ color: colours.text, fontSize: 12 }} />
                        <Bar
                          dataKey="medianWorkingDays"
                          name="Median (working days)"
                          fill={colours.series[0]}
                          isAnimationActive={false}
                        />
                        <Bar
                          dataKey="protocolWorkingDays"
                          name="Protocol allows"
                          fill={colours.series[2]}
                          isAnimationActive={false}
                        />
                      </BarChart>
                    </ResponsiveContainer>
                  }
                  table={
                    <FigureTable
                      label={`Response times against the protocol: ${protocolOf(session, protocolId)?.name ?? protocolId}`}
                      head={['Stage', 'Responses', 'Median', 'Allowed', 'In time']}
                      numeric={[false, true, true, true, true]}
                      rows={rows.map((t) => [
                        t.name,
                        t.responses,
                        t.medianWorkingDays ?? '–',
                        t.protocolWorkingDays ?? '–',
                        t.responses === 0 ? '–' : `${t.withinTime} (${percent(t.withinTimeShare)})`,
                      ])}
                    />
                  }
                />
              </div>
            ))}
          </Section>

          <Section title="By team" id="by-team">
            {r.byTeam.length === 0 ? (
              <p className={s.empty}>Nothing in this period.</p>
            ) : (
              <FigureTable
                label="Disputes by team"
                head={['Team', 'Raised', 'Open', 'Deadlines missed']}
                numeric={[false, true, true, true]}
                rows={r.byTeam.map((t) => [t.team, t.raised, t.open, t.deadlinesMissed])}
              />
            )}
          </Section>
        </>
      ) : null}
    </Page>
  );
}

/** Rows grouped by protocol, in the order the report lists them. */
function byProtocol<T extends { protocolId: string }>(rows: readonly T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(row.protocolId, [...(groups.get(row.protocolId) ?? []), row]);
  return [...groups];
}

/** A horizontal bar per category, counting disputes: the report's by-theme and by-stage charts. */
function CountBars<T extends { count: number }>(props: {
  data: T[];
  labelKey: keyof T & string;
  name: string;
  colour: string;
  axis: object;
  grid: string;
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart
        data={props.data}
        layout="vertical"
        margin={{ left: 8, right: 16 }}
        accessibilityLayer={false}
      >
        <CartesianGrid stroke={props.grid} horizontal={false} />
        <XAxis type="number" allowDecimals={false} tick={props.axis} stroke={props.grid} />
        <YAxis
          type="category"
          dataKey={props.labelKey as string}
          width={220}
          tick={props.axis}
          stroke={props.grid}
        />
        <Tooltip />
        <Bar dataKey="count" name={props.name} fill={props.colour} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
