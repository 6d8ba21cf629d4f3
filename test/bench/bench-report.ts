// The bench's printed report: each section's tables as soon as it has run (so a run stopped at its
// time limit still shows what it measured), and where a ratio misses its target, what the time
// goes to. Every "reference, app" pair is printed reference first, in the order measured.
import {
  comparisonLine,
  comparisonTable,
  fmt,
  percentile,
  table,
  thousands,
  verdict,
  type Comparison,
} from './bench-format.ts';
import { cardComparisons, type CardPathResult } from './card-path.ts';
import { LATENESS_TARGET_MS, type LatenessResult } from './deadline-lateness.ts';
import type { RoundTrips } from './round-trips.ts';
import type { ExplainedQuery, SizeStep } from './scale.ts';
import { sweepComparison, type SweepResult } from './sweep-bench.ts';
import {
  FIRST_VIEW_BUDGET_KB,
  median,
  type FirstViewScripts,
  type FirstViewTiming,
} from './tab-first-view.ts';
import { merged, writeComparisons, type WritePathResult } from './write-path.ts';
import type { HttpResult } from './http-load.ts';

/** Figures that are not a ratio (a check, a budget, a lateness), for the summary at the end. */
export const summaryNotes: string[] = [];

const ms = (x: number | null) => (x === null ? 'n/a' : fmt(x, 2));
const opRow = (who: string, round: string, h: HttpResult, op: 'raise' | 'respond') => [
  who,
  round,
  op,
  h[op].length,
  fmt(h[op].length / (h.wallMs / 1000)),
  fmt(percentile(h[op], 50)),
  fmt(percentile(h[op], 99)),
  fmt(h[op][h[op].length - 1] ?? NaN),
  h.errors,
];

export function printWrite(r: WritePathResult, trips: RoundTrips | null): Comparison[] {
  console.log(
    `\n## 1. Write path, ${r.store}: reference (fastify + 3 INSERTs + commit) and app (REST raise, respond), ` +
      `${r.rounds[0]?.app.clients ?? '?'} closed-loop clients, interleaved`,
  );
  const headers = [
    'service',
    'round',
    'operation',
    'requests',
    'req/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'errors',
  ];
  const rows = [
    ...(['raise', 'respond'] as const).flatMap((op) => [
      opRow('reference', '1 client', r.alone.reference, op),
      opRow('app', '1 client', r.alone.app, op),
    ]),
    ...r.rounds.flatMap((x, i) =>
      (['raise', 'respond'] as const).flatMap((op) => [
        opRow('reference', String(i + 1), x.reference, op),
        opRow('app', String(i + 1), x.app, op),
      ]),
    ),
  ];
  console.log(table(headers, rows));
  const comparisons = writeComparisons(r);
  console.log(comparisonTable(comparisons));
  if (comparisons.some((c) => verdict(c) === 'NOT met')) {
    const ref1 = merged([r.alone.reference]);
    const app1 = merged([r.alone.app]);
    console.log(
      `Where the time goes (${r.store}): one client alone (no queueing), p50 raise ${fmt(percentile(ref1.raise, 50), 2)} ms ` +
        `reference vs ${fmt(percentile(app1.raise, 50), 2)} ms app, respond ${fmt(percentile(ref1.respond, 50), 2)} vs ` +
        `${fmt(percentile(app1.respond, 50), 2)} ms; CPU per request under load: server process ${ms(r.cpu.reference.server)} ms ` +
        `reference vs ${ms(r.cpu.app.server)} ms app` +
        (r.store === 'PostgreSQL'
          ? `, PostgreSQL ${ms(r.cpu.reference.postgres)} vs ${ms(r.cpu.app.postgres)} ms`
          : ' (PGlite runs inside the server process)') +
        `; statements to the database per request: reference 5 (begin, 3 INSERTs, commit), app ` +
        (trips
          ? `raise ${trips.raise.total} (${trips.raise.reads} reads, ${trips.raise.writes} writes, ${trips.raise.other} other), ` +
            `respond ${trips.respond.total} (${trips.respond.reads} reads, ${trips.respond.writes} writes, ${trips.respond.other} other)`
          : 'n/a (the scale section counts them)') +
        '. With 2 cores shared by the load generator, the server and PostgreSQL, throughput is CPU per request: ' +
        'the app/reference CPU ratio is the ceiling on the throughput ratio.',
    );
  }
  console.log(
    `\n${r.store}: app, ${r.rounds[0]?.app.clients ?? '?'} paced clients (open loop, latency from when each request was due)`,
  );
  console.log(
    table(
      ['offered req/s', 'requests', 'errors', 'p50 ms', 'p99 ms', 'max ms'],
      r.paced.map((p) => [
        p.offeredPerSecond,
        p.requests,
        p.errors,
        fmt(percentile(p.latencies, 50)),
        fmt(percentile(p.latencies, 99)),
        fmt(p.latencies[p.latencies.length - 1] ?? NaN),
      ]),
    ),
  );
  if (r.outbox)
    console.log(
      `Notifications: ${thousands(r.outbox.pendingAtEnd)} not yet delivered when the last round ended; ` +
        (r.outbox.drainedMs === null
          ? 'some still pending after 60 s'
          : `all delivered ${fmt(r.outbox.drainedMs / 1000, 1)} s later`),
    );
  return comparisons;
}

export function printCard(r: CardPathResult): Comparison[] {
  console.log(
    `\n## 2. Card path (${r.store}): bare botbuilder bot (static card) and app (invoke -> event stored -> refreshed card), interleaved`,
  );
  console.log(
    table(
      ['service', 'round', 'presses', 'presses/s', 'p50 ms', 'p99 ms', 'max ms', 'errors'],
      r.rounds.flatMap((x, i) =>
        (['reference', 'app'] as const).map((k) => [
          k,
          String(i + 1),
          x[k].latencies.length,
          fmt(x[k].latencies.length / (x[k].wallMs / 1000)),
          fmt(percentile(x[k].latencies, 50)),
          fmt(percentile(x[k].latencies, 99)),
          fmt(x[k].latencies[x[k].latencies.length - 1] ?? NaN),
          x[k].errors,
        ]),
      ),
    ),
  );
  const comparisons = cardComparisons(r);
  console.log(comparisonTable(comparisons));
  if (comparisons.some((c) => verdict(c) === 'NOT met'))
    console.log(
      `Where the time goes: CPU per press, server process: reference ${ms(r.cpuPerPress.reference)} ms, app ${ms(r.cpuPerPress.app)} ms ` +
        '(the app also loads the dispute, decides, stores the event and its notifications, and renders the refreshed card).',
    );
  if (r.twice)
    summaryNotes.push(
      `same card pressed twice: ${r.twice.first} event, then ${r.twice.second} (one event: ${r.twice.first === 1 && r.twice.second === 0 ? 'met' : 'NOT met'})`,
    );
  if (r.twice)
    console.log(
      `Same card pressed twice: events stored by the first press ${r.twice.first}, by the second ${r.twice.second} ` +
        `(answers ${r.twice.statuses.join(', ')}): ${r.twice.first === 1 && r.twice.second === 0 ? 'one event: met' : 'NOT one event'}`,
    );
  return comparisons;
}

export function printLateness(l: LatenessResult | null, why: string | null): void {
  console.log('\n## 3a. Deadlines on time: real time from a deadline falling due to the app acting on it');
  if (!l) return void console.log(`skipped: ${why}`);
  const late = l.latenessMs;
  summaryNotes.push(
    `deadline a few seconds ahead: acted on ${late === null ? `not within ${l.waitedSeconds} s` : `${fmt(late / 1000, 2)} s`} ` +
      `after falling due (target <= ${LATENESS_TARGET_MS / 1000} s: ${late !== null && late <= LATENESS_TARGET_MS ? 'met' : 'NOT met'})`,
  );
  console.log(
    `First deadline of a new dispute (${l.kind}, due ${l.dueAt}), the clock set ${5} s before it: ` +
      (late === null
        ? `NOT acted on within ${l.waitedSeconds} s of falling due`
        : `acted on ${fmt(late / 1000, 2)} s after its due instant (seen by the bench after ${fmt((l.observedMs ?? NaN) / 1000, 2)} s)`) +
      ` — target <= ${LATENESS_TARGET_MS / 1000} s: ${late !== null && late <= LATENESS_TARGET_MS ? 'met' : 'NOT met'}`,
  );
  if (late === null || late > LATENESS_TARGET_MS)
    console.log(
      'Where the time goes: the app acts on deadlines in its periodic sweep (SWEEP_INTERVAL_SECONDS, 60 s by default) ' +
        'unless it wakes for the next due row; a deadline falls due at a uniformly random point of that interval.',
    );
}

export function printSweeps(sweeps: SweepResult[]): Comparison[] {
  if (!sweeps.length) return [];
  console.log(
    '\n## 3b. Deadline sweep: reference loop (claim with SKIP LOCKED + mark, nothing else) and the app',
  );
  for (const s of sweeps) {
    console.log(`EXPLAIN (ANALYZE, BUFFERS) of the sweeper's due-row query on ${s.store}:\n${s.plan}`);
  }
  console.log(
    table(
      [
        'store',
        'seed s',
        'open',
        'deadline rows',
        'due',
        'reference ms',
        'app ms',
        'applied',
        'stale',
        'statements/deadline (ref, app)',
        'index scan',
        'plan ms',
      ],
      sweeps.map((s) => [
        s.store,
        fmt(s.seedMs / 1000),
        thousands(s.disputes),
        thousands(s.deadlineRows),
        thousands(s.dueRows),
        fmt(s.referenceMs, 0),
        fmt(s.sweepMs, 0),
        s.applied,
        s.stale,
        s.statementsPerDeadline === null
          ? 'n/a'
          : `${fmt(s.referenceStatementsPerDeadline ?? NaN, 1)}, ${fmt(s.statementsPerDeadline, 1)}`,
        s.indexScan ? 'yes' : 'NO',
        s.planExecMs,
      ]),
    ),
  );
  const comparisons = sweeps.map(sweepComparison);
  console.log(comparisonTable(comparisons));
  for (const [i, c] of comparisons.entries())
    if (verdict(c) === 'NOT met') {
      const s = sweeps[i]!;
      console.log(
        `Where the time goes (${s.store}): statements to the database per deadline: reference ` +
          `${s.referenceStatementsPerDeadline === null ? 'n/a (PGlite)' : fmt(s.referenceStatementsPerDeadline, 1)} (begin, claim, mark, commit), ` +
          `app ${s.statementsPerDeadline === null ? 'n/a (PGlite)' : fmt(s.statementsPerDeadline, 1)}: it also locks ` +
          'the dispute, loads its events, resolves the roster, decides, and appends the events, the new schedule and the notifications. ' +
          'Claimers in parallel (SKIP LOCKED lets several run) would close it on PostgreSQL.',
      );
    }
  return comparisons;
}

export function printTab(
  size: FirstViewScripts | null,
  timing: FirstViewTiming | null,
  why: string | null,
): Comparison[] {
  console.log('\n## 4. The tab');
  if (!size) return (console.log(`skipped: ${why}`), []);
  console.log(
    table(
      ['first-view script', 'raw KB', 'gzip KB'],
      size.files.map((f) => [f.file, fmt(f.rawBytes / 1024), fmt(f.gzipBytes / 1024)]),
    ),
  );
  const kb = size.gzipBytes / 1024;
  summaryNotes.push(
    `tab first-view JavaScript, gzipped: ${fmt(kb)} KB (budget ${FIRST_VIEW_BUDGET_KB} KB: ${kb <= FIRST_VIEW_BUDGET_KB ? 'met' : 'NOT met'})`,
  );
  console.log(
    `JavaScript a first view loads, gzipped: ${fmt(kb)} KB, budget ${FIRST_VIEW_BUDGET_KB} KB: ` +
      `${kb <= FIRST_VIEW_BUDGET_KB ? 'met' : 'NOT met'}; teams-js in the first view's static graph: ${size.teamsChunkInGraph ? 'YES (NOT met)' : 'no'}`,
  );
  if (!timing) return (console.log(`Browser timing skipped: ${why ?? 'no chromium or no tab/dist'}`), []);
  console.log(
    `Scripts fetched by the first view outside a host: ${timing.scriptsFetched.join(', ')}; ` +
      `teams-js among them: ${timing.teamsJsFetched ? 'YES (NOT met)' : 'no (met: loaded only inside a host)'}`,
  );
  summaryNotes.push(
    `teams-js outside a host: ${timing.teamsJsFetched || size.teamsChunkInGraph ? 'LOADED (NOT met)' : 'not loaded (met)'}`,
    `time to the first dispute list in chromium: static page ${fmt(median(timing.staticPage), 0)} ms, ` +
      `tab ${fmt(median(timing.tab), 0)} ms (${fmt(median(timing.tab) / median(timing.staticPage), 1)}x, medians)`,
  );
  const c: Comparison = {
    what: `time to the first dispute list (${timing.rows} rows), median of ${timing.tab.length}`,
    unit: 'ms',
    reference: median(timing.staticPage),
    app: median(timing.tab),
    higherIsBetter: false,
    target: Infinity,
  };
  console.log(
    table(
      ['page', 'loads', 'min ms', 'median ms', 'max ms'],
      [
        [
          'static HTML, same rows, same server',
          timing.staticPage.length,
          fmt(timing.staticPage[0]!),
          fmt(median(timing.staticPage)),
          fmt(timing.staticPage.at(-1)!),
        ],
        [
          'the tab (/tab/, awaiting me)',
          timing.tab.length,
          fmt(timing.tab[0]!),
          fmt(median(timing.tab)),
          fmt(timing.tab.at(-1)!),
        ],
      ],
    ),
  );
  console.log(
    `Tab / static page: ${fmt(c.app / c.reference, 1)}x (reported beside the reference; no ratio target set)`,
  );
  return [];
}

export function printScale(steps: SizeStep[], explained: ExplainedQuery[], trips: RoundTrips | null): void {
  console.log(
    '\n## 5. Scale with size (PostgreSQL; one client; ms; KB: the size of the answer, which grows when a list reads every row)',
  );
  const names = steps[0]?.lists.map((l) => l.name) ?? [];
  console.log(
    table(
      [
        'open disputes',
        'seed s',
        'raise p50',
        'raise p99',
        ...names.flatMap((n) => [`${n} p50`, `${n} p99`, `${n} KB`]),
      ],
      steps.map((s) => [
        thousands(s.disputes),
        fmt(s.seedMs / 1000),
        fmt(percentile(s.raise, 50)),
        fmt(percentile(s.raise, 99)),
        ...s.lists.flatMap((l) =>
          l.status === 200
            ? [fmt(percentile(l.latencies, 50)), fmt(percentile(l.latencies, 99)), fmt(l.bytes / 1024, 0)]
            : l.status === -1
              ? ['not asked (> 3 s before)', '-', '-']
              : [l.status === 0 ? 'timed out (120 s)' : `HTTP ${l.status}`, '-', '-'],
        ),
      ]),
    ),
  );
  if (trips)
    console.log(
      `Statements to PostgreSQL: raise ${trips.raise.total} (${trips.raise.reads} reads, ${trips.raise.writes} writes, ` +
        `${trips.raise.other} transaction/settings), respond ${trips.respond.total} (${trips.respond.reads} reads, ` +
        `${trips.respond.writes} writes, ${trips.respond.other} transaction/settings)`,
    );
  const largest = steps.at(-1)?.disputes ?? 0;
  console.log(
    `\nEXPLAIN (ANALYZE, BUFFERS) of the dashboards' statements at ${thousands(largest)} open disputes:`,
  );
  if (largest < 100_000)
    console.log(
      '(at this size the planner rightly prefers sequential scans: the flag means something from 100,000 up)',
    );
  for (const e of explained) {
    console.log(`\n### ${e.dashboard}: ${e.sql.slice(0, 200)}${e.sql.length > 200 ? ' …' : ''}\n${e.plan}`);
  }
  console.log(
    table(
      ['dashboard', 'statement', 'execution ms', 'sequential scan of a big table'],
      explained.map((e) => [
        e.dashboard,
        e.sql.slice(0, 60),
        e.executionMs,
        e.seqScans.length ? `YES: ${e.seqScans.join(', ')}` : 'no',
      ]),
    ),
  );
}

export function summaryLines(comparisons: Comparison[]): string[] {
  return comparisons.map((c) => `- ${comparisonLine(c)}`);
}
