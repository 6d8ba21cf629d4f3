// The board's figures for a date range: how many disputes, on which themes, how far they went,
// how fast they were answered against the protocol. Each chart has the same figures as a table
// beside it, and the whole report downloads as CSV.
import { makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { useState } from 'react';
import type { Report } from '../api/schema.ts';
import { useServerNow } from '../clock.ts';
import { Facts } from '../components/facts.tsx';
import { LoadStatus } from '../components/load-state.tsx';
import { Page, Section } from '../components/page.tsx';
import { formatDay, londonDay, percent } from '../format.ts';
import { answer, api } from '../api/api-client.ts';
import { useApi } from '../use-api.ts';
import { NotAvailable } from './not-available.tsx';
import { ChartWithTable, FigureTable, PerProtocol } from './report-charts.tsx';
import { ReportPeriod } from './report-period.tsx';

const useStyles = makeStyles({
  caption: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, margin: 0 },
});

function financialYearStart(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return `${m >= 4 ? y : y - 1}-04-01`;
}

function headlineFigures(r: Report): [string, string | number][] {
  const informal = r.resolvedAtInformal;
  return [
    ['Raised', r.totals.raised],
    ['Still open', r.totals.open],
    ['Resolved', r.totals.resolved],
    ['Withdrawn', r.totals.withdrawn],
    [
      'Resolved at the informal stage',
      informal.share === null ? informal.count : `${informal.count} (${percent(informal.share)})`,
    ],
    ['Deadlines missed', r.deadlinesMissed],
    ['Overall time limit passed', r.capBreaches],
    ['Repeat concerns', r.repeatConcerns],
  ];
}

function Figures(props: { report: Report }) {
  const s = useStyles();
  const r = props.report;
  return (
    <>
      <Section title={`Summary: ${formatDay(r.range.from)} to ${formatDay(r.range.to)}`} id="summary">
        <Facts tiles facts={headlineFigures(r)} />
      </Section>

      <Section title="Raised by theme" id="by-theme">
        <ChartWithTable
          label="Disputes raised by theme"
          rows={r.raisedByTheme}
          labelKey="label"
          series={[{ key: 'count', name: 'Disputes raised', colour: 0 }]}
          rowHeight={48}
          head={['Theme', 'Raised']}
          cells={(t) => [t.label, t.count]}
        />
      </Section>

      <Section title="Furthest stage reached" id="stage-reached">
        {/* Each protocol's ladder on its own chart: stages of different protocols are not one
            scale (issue 12 item 8). */}
        <PerProtocol rows={r.stageReached}>
          {(rows, protocolName) => (
            <ChartWithTable
              label={`Furthest stage reached: ${protocolName}`}
              rows={rows}
              labelKey="name"
              series={[{ key: 'count', name: 'Disputes', colour: 1 }]}
              head={['Stage', 'Disputes']}
              cells={(t) => [t.name, t.count]}
            />
          )}
        </PerProtocol>
      </Section>

      <Section title="Response times against the protocol" id="response-times">
        <p className={s.caption}>
          Median working days to the first response at each stage, beside the time the protocol allows.
        </p>
        <PerProtocol rows={r.responseTimes}>
          {(rows, protocolName) => (
            <ChartWithTable
              label={`Response times against the protocol: ${protocolName}`}
              rows={rows}
              labelKey="name"
              series={[
                { key: 'medianWorkingDays', name: 'Median (working days)', colour: 0 },
                { key: 'protocolWorkingDays', name: 'Protocol allows', colour: 2 },
              ]}
              rowHeight={56}
              minHeight={200}
              head={['Stage', 'Responses', 'Median', 'Allowed', 'In time']}
              cells={(t) => [
                t.name,
                t.responses,
                t.medianWorkingDays ?? '–',
                t.protocolWorkingDays ?? '–',
                t.responses === 0 ? '–' : `${t.withinTime} (${percent(t.withinTimeShare)})`,
              ]}
            />
          )}
        </PerProtocol>
      </Section>

      <Section title="By team" id="by-team">
        <FigureTable
          label="Disputes by team"
          head={['Team', 'Raised', 'Open', 'Deadlines missed']}
          rows={r.byTeam}
          cells={(t) => [t.team, t.raised, t.open, t.deadlinesMissed]}
        />
      </Section>
    </>
  );
}

export function ReportsView() {
  const today = londonDay(useServerNow());
  const [period, setPeriod] = useState(() => ({ from: financialYearStart(today), to: today }));
  const report = useApi(`${period.from} ${period.to}`, (signal) =>
    answer(api.GET('/api/reports', { params: { query: period }, signal })),
  );
  if (report.error?.status === 403) return <NotAvailable what="The reports" />;
  return (
    <Page
      title="Reports"
      intro="Disputes raised in a period: themes, how far they went, and how quickly each stage was answered against the protocol."
    >
      <Section title="Period" id="period">
        <ReportPeriod period={period} onChange={setPeriod} canDownload={report.data !== null} />
      </Section>
      <LoadStatus
        of={report}
        loading="Counting…"
        failed="The report could not be loaded"
        missing="The reports come from the API’s reports endpoint."
      />
      {report.data ? <Figures report={report.data} /> : null}
    </Page>
  );
}
