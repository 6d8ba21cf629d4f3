// The report for the safeguarding partnership board: how many disputes were raised, about what,
// how far they went, how quickly people answered, what slipped. Aggregates only: nothing in a
// report names or numbers a child or a dispute (no names, dates of birth, case numbers, ids or
// references), so it can be shared with the board as it is.
//
// The cohort is the disputes raised from `from` to `to` (Europe/London dates, inclusive), and the
// figures are everything that has happened to them up to the moment the report is run (`asAt`).
import type { z } from 'zod';
import type { BoardReportSchema } from '../contract/reports.ts';
import { DateTime } from 'luxon';
import type { DisputeEvent } from '../core/dispute/dispute-events.ts';
import { stageById, stageIndex } from '../core/protocol/stage-queries.ts';
import { themesOf } from '../core/protocol/themes.ts';
import type { ServicesUsing } from './app-services.ts';
import type { DisputeProjection } from './ports/dispute-event-store.ts';
import type { DisputeQueries } from './ports/dispute-queries.ts';
import type { SqlExecutor } from './ports/sql-database.ts';
import type { ProtocolEntry, ProtocolRegistry } from './protocol-registry.ts';

const LONDON = 'Europe/London';

export interface BoardReportQuery {
  /** YYYY-MM-DD, Europe/London, inclusive. */
  from: string;
  to: string;
  protocolId?: string | null;
  /** The social worker's team in the directory. */
  team?: string | null;
}

/** BoardReport: declared once, as the API contract's schema (reports.ts). */
export type BoardReport = z.infer<typeof BoardReportSchema>;

/** One dispute as the aggregation sees it. The case number is only compared, never output. */
export interface ReportDispute {
  protocolId: string;
  status: DisputeProjection['status'];
  caseNumber: string;
  raisedAt: string;
  team: string | null;
  events: readonly DisputeEvent[];
}

export const NO_TEAM = '(no team in the directory)';

export const reportDefinitions: Record<string, string> = {
  cohort:
    'Disputes raised from the first to the last date of the range (UK time), as they stand when the report is run.',
  totals: 'Raised in the range; open, resolved and withdrawn as they stand now.',
  raisedByTheme: 'The theme the chair chose when raising the dispute.',
  stageReached: 'The furthest stage each dispute has reached.',
  resolvedAtInformal: 'Resolved while at an informal stage; the share is of the resolved disputes.',
  responseTimes:
    "Working days from the day a stage opened to its first response, on the protocol's calendar; within time means within the stage's own limit (the protocol's, or the one the chair set), extensions not counted.",
  deadlinesMissed: 'Stage deadlines that passed without the response the stage asked for.',
  capBreaches:
    'Disputes whose overall time limit (where the protocol has one) was reached before they closed.',
  repeatConcerns:
    'Disputes that started formally because a similar concern for the same child was unresolved, or that follow an earlier dispute in the range for the same child.',
  byTeam: "The social worker's team in the directory today.",
};

/** London midnight at the start of `from` and the last instant of `to`, as ISO instants. */
export function rangeInstants(from: string, to: string): { from: string; to: string } {
  const start = DateTime.fromISO(from, { zone: LONDON }).startOf('day');
  const end = DateTime.fromISO(to, { zone: LONDON }).endOf('day');
  return { from: start.toISO()!, to: end.toISO()! };
}

/** Queries the cohort (in the caller's transaction) and aggregates it. */
export async function loadBoardReport(
  services: ServicesUsing<DisputeQueries>,
  tx: SqlExecutor,
  query: BoardReportQuery,
): Promise<BoardReport> {
  const { store, directory, tenantId, protocols, clock } = services;
  const range = rangeInstants(query.from, query.to);
  const rows = await store.listRaisedBetween(tx, {
    tenantId,
    ...range,
    protocolId: query.protocolId ?? null,
  });
  const teams = new Map<string, string | null>();
  for (const id of new Set(rows.map((r) => r.socialWorkerId)))
    teams.set(id, (await directory.byId(id))?.team ?? null);
  const events = new Map<string, DisputeEvent[]>();
  for (const e of await store.eventsOf(
    tx,
    rows.map((r) => r.id),
  )) {
    const list = events.get(e.disputeId) ?? [];
    list.push(e.event);
    events.set(e.disputeId, list);
  }
  // A disposed dispute names no social worker any more: its Redacted event kept the team.
  const teamOf = (r: DisputeProjection) => {
    const redacted = events.get(r.id)?.find((e) => e.type === 'Redacted');
    return redacted ? redacted.team : (teams.get(r.socialWorkerId) ?? null);
  };
  const cohort = query.team ? rows.filter((r) => teamOf(r) === query.team) : rows;
  const disputes: ReportDispute[] = cohort.map((r) => ({
    protocolId: r.protocolId,
    status: r.status,
    caseNumber: r.caseNumber,
    raisedAt: r.raisedAt,
    team: teamOf(r),
    events: events.get(r.id) ?? [],
  }));
  return aggregateBoardReport({ query, asAt: clock.now(), disputes, protocols });
}

/** The figures, from the cohort alone: a pure function. */
export function aggregateBoardReport(input: {
  query: BoardReportQuery;
  asAt: string;
  disputes: readonly ReportDispute[];
  protocols: ProtocolRegistry;
}): BoardReport {
  const { query, disputes, protocols } = input;
  const entryOf = (id: string) => protocols.get(id);
  const count = (status: ReportDispute['status']) => disputes.filter((d) => d.status === status).length;
  const eventsOf = <T extends DisputeEvent['type']>(d: ReportDispute, type: T) =>
    d.events.filter((e): e is Extract<DisputeEvent, { type: T }> => e.type === type);

  // Themes: every heading of the protocols in scope (zeros included), then any other id found.
  const inScope: ProtocolEntry[] = query.protocolId
    ? [entryOf(query.protocolId)].filter((e): e is ProtocolEntry => Boolean(e))
    : protocols.all();
  const themes = new Map<string, { themeId: string; label: string; count: number }>();
  for (const { protocol } of inScope)
    for (const t of themesOf(protocol))
      if (!themes.has(t.id)) themes.set(t.id, { themeId: t.id, label: t.label, count: 0 });
  for (const d of disputes) {
    const raised = eventsOf(d, 'Raised')[0];
    const id = raised?.theme ?? '(none)';
    const row = themes.get(id) ?? { themeId: id, label: labelOfTheme(entryOf(d.protocolId), id), count: 0 };
    row.count++;
    themes.set(id, row);
  }

  // The furthest stage reached, for the protocols the cohort uses (or the one asked for).
  const protocolIds = [
    ...new Set([...(query.protocolId ? [query.protocolId] : []), ...disputes.map((d) => d.protocolId)]),
  ];
  const orderedEntries = protocols.all().filter((e) => protocolIds.includes(e.protocol.id));
  const stageReached: BoardReport['stageReached'] = [];
  for (const { protocol } of orderedEntries) {
    const counts = new Map<string, number>();
    for (const d of disputes.filter((x) => x.protocolId === protocol.id)) {
      const visited = eventsOf(d, 'StageOpened').map((e) => e.stageId);
      const furthest = visited.reduce<string | null>(
        (best, id) => (best === null || stageIndex(protocol, id) > stageIndex(protocol, best) ? id : best),
        null,
      );
      if (furthest) counts.set(furthest, (counts.get(furthest) ?? 0) + 1);
    }
    for (const s of protocol.stages)
      stageReached.push({
        protocolId: protocol.id,
        stageId: s.id,
        name: s.name,
        count: counts.get(s.id) ?? 0,
      });
  }

  // Resolved at an informal stage.
  let informal = 0;
  for (const d of disputes) {
    const resolved = eventsOf(d, 'Resolved')[0];
    const protocol = entryOf(d.protocolId)?.protocol;
    if (resolved && protocol && stageById(protocol, resolved.stageId)?.formal === false) informal++;
  }
  const resolvedTotal = count('resolved');

  // Response times: each opening of a stage, and its first response.
  const openings = new Map<string, { days: number[]; within: number }>();
  for (const d of disputes) {
    const entry = entryOf(d.protocolId);
    if (!entry) continue;
    let current: { stageId: string; openedOn: string; workingDays: number; answered: boolean } | null = null;
    for (const e of d.events) {
      if (e.type === 'StageOpened') {
        current = { stageId: e.stageId, openedOn: e.openedOn, workingDays: e.workingDays, answered: false };
        const key = `${d.protocolId}\u0000${e.stageId}`;
        if (!openings.has(key)) openings.set(key, { days: [], within: 0 });
      } else if (e.type === 'Responded' && current && !current.answered && e.stageId === current.stageId) {
        current.answered = true;
        const took = entry.calendar.workingDaysBetween(current.openedOn, entry.calendar.londonDateOf(e.at));
        const row = openings.get(`${d.protocolId}\u0000${e.stageId}`)!;
        row.days.push(took);
        if (took <= current.workingDays) row.within++;
      }
    }
  }
  const responseTimes: BoardReport['responseTimes'] = [];
  for (const { protocol } of orderedEntries)
    for (const s of protocol.stages) {
      const row = openings.get(`${protocol.id}\u0000${s.id}`);
      if (!row) continue;
      responseTimes.push({
        protocolId: protocol.id,
        stageId: s.id,
        name: s.name,
        protocolWorkingDays:
          s.responseTime.kind === 'fixed' ? s.responseTime.workingDays : s.responseTime.maxWorkingDays,
        responses: row.days.length,
        medianWorkingDays: median(row.days),
        withinTime: row.within,
        withinTimeShare: share(row.within, row.days.length),
      });
    }

  // Repeat concerns: a formal start by the recurrence rule, or a later dispute for the same child.
  const seenCases = new Set<string>();
  let repeats = 0;
  for (const d of [...disputes].sort((a, b) => Date.parse(a.raisedAt) - Date.parse(b.raisedAt))) {
    const key = d.caseNumber.trim().toUpperCase();
    const recurrence = (eventsOf(d, 'Raised')[0]?.recurrenceOf.length ?? 0) > 0;
    if (recurrence || seenCases.has(key)) repeats++;
    seenCases.add(key);
  }

  const missedIn = (d: ReportDispute) => eventsOf(d, 'DeadlineMissed').length;
  const teams = new Map<string, { team: string; raised: number; open: number; deadlinesMissed: number }>();
  for (const d of disputes) {
    const team = d.team ?? NO_TEAM;
    const row = teams.get(team) ?? { team, raised: 0, open: 0, deadlinesMissed: 0 };
    row.raised++;
    if (d.status === 'open') row.open++;
    row.deadlinesMissed += missedIn(d);
    teams.set(team, row);
  }

  return {
    range: {
      from: query.from,
      to: query.to,
      asAt: input.asAt,
      protocolId: query.protocolId ?? null,
      team: query.team ?? null,
    },
    totals: {
      raised: disputes.length,
      open: count('open'),
      resolved: resolvedTotal,
      withdrawn: count('withdrawn'),
    },
    raisedByTheme: [...themes.values()],
    stageReached,
    resolvedAtInformal: { count: informal, share: share(informal, resolvedTotal) },
    responseTimes,
    deadlinesMissed: disputes.reduce((n, d) => n + missedIn(d), 0),
    capBreaches: disputes.filter((d) => eventsOf(d, 'CapReached').length > 0).length,
    repeatConcerns: repeats,
    byTeam: [...teams.values()].sort((a, b) => a.team.localeCompare(b.team, 'en-GB')),
    definitions: reportDefinitions,
  };
}

function labelOfTheme(entry: ProtocolEntry | undefined, id: string): string {
  return (entry && themesOf(entry.protocol).find((t) => t.id === id)?.label) ?? id;
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------------
// CSV: one row per figure, long format (section, what it is about, metric, value), so it opens in
// a spreadsheet and pivots as the board likes.

export const CSV_COLUMNS = [
  'section',
  'protocol_id',
  'stage_id',
  'theme_id',
  'team',
  'label',
  'metric',
  'value',
] as const;
type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null>>;

export function boardReportCsv(report: BoardReport): string {
  const rows: CsvRow[] = [];
  const r = report.range;
  for (const [metric, value] of [
    ['from', r.from],
    ['to', r.to],
    ['as_at', r.asAt],
    ['protocol_id', r.protocolId],
    ['team', r.team],
  ] as const)
    rows.push({ section: 'range', metric, value });
  for (const [metric, value] of Object.entries(report.totals))
    rows.push({ section: 'totals', metric, value });
  for (const t of report.raisedByTheme)
    rows.push({
      section: 'raised_by_theme',
      theme_id: t.themeId,
      label: t.label,
      metric: 'count',
      value: t.count,
    });
  for (const s of report.stageReached)
    rows.push({
      section: 'stage_reached',
      protocol_id: s.protocolId,
      stage_id: s.stageId,
      label: s.name,
      metric: 'count',
      value: s.count,
    });
  rows.push({ section: 'resolved_at_informal', metric: 'count', value: report.resolvedAtInformal.count });
  rows.push({
    section: 'resolved_at_informal',
    metric: 'share_of_resolved',
    value: report.resolvedAtInformal.share,
  });
  for (const t of report.responseTimes) {
    const at = { section: 'response_times', protocol_id: t.protocolId, stage_id: t.stageId, label: t.name };
    rows.push({ ...at, metric: 'protocol_working_days', value: t.protocolWorkingDays });
    rows.push({ ...at, metric: 'responses', value: t.responses });
    rows.push({ ...at, metric: 'median_working_days', value: t.medianWorkingDays });
    rows.push({ ...at, metric: 'within_time', value: t.withinTime });
    rows.push({ ...at, metric: 'within_time_share', value: t.withinTimeShare });
  }
  rows.push({ section: 'deadlines_missed', metric: 'count', value: report.deadlinesMissed });
  rows.push({ section: 'cap_breaches', metric: 'count', value: report.capBreaches });
  rows.push({ section: 'repeat_concerns', metric: 'count', value: report.repeatConcerns });
  for (const t of report.byTeam) {
    rows.push({ section: 'by_team', team: t.team, metric: 'raised', value: t.raised });
    rows.push({ section: 'by_team', team: t.team, metric: 'open', value: t.open });
    rows.push({ section: 'by_team', team: t.team, metric: 'deadlines_missed', value: t.deadlinesMissed });
  }
  const lines = [
    CSV_COLUMNS.join(','),
    ...rows.map((row) => CSV_COLUMNS.map((c) => csvCell(row[c])).join(',')),
  ];
  // A byte-order mark so that Excel reads the file as UTF-8; CRLF as RFC 4180 has it.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** RFC 4180 quoting, and text that a spreadsheet would run as a formula is defused with a quote. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
