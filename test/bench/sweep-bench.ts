// 3b. The deadline sweep (issue 17): 100,000 open disputes of which 1,000 have a due stage
// deadline, seeded in bulk; the app's sweep beside a reference loop that claims the same rows with
// FOR UPDATE SKIP LOCKED and marks them fired, one transaction per row as the sweeper runs, and
// does nothing else (no dispute loaded, no decision, no events). The reference runs first and its
// marks are undone, so the app's sweep finds the very same rows due. With EXPLAIN (ANALYZE,
// BUFFERS) of the sweeper's due-row query.
import { performance } from 'node:perf_hooks';
import { CLAIM_NEXT_DEADLINE_SQL } from '../../src/adapters/sql/sql-dispute-store.ts';
import { sweepDeadlines } from '../../src/app/deadline-sweeper.ts';
import type { RunningApp } from '../../src/start-app.ts';
import type { Comparison } from './bench-format.ts';
import { captureQueries } from './pg-capture.ts';
import { analyze, cloneDispute, countRows, raiseTemplate } from './seed-disputes.ts';

export interface SweepResult {
  store: string;
  seedMs: number;
  disputes: number;
  deadlineRows: number;
  dueRows: number;
  referenceMs: number;
  referenceClaimed: number;
  sweepMs: number;
  /** Statements sent to PostgreSQL per deadline swept, by the app and by the reference (null on PGlite). */
  statementsPerDeadline: number | null;
  referenceStatementsPerDeadline: number | null;
  applied: number;
  stale: number;
  plan: string;
  indexScan: boolean;
  planRows: string;
  planExecMs: string;
}

const SWEEP_AT = '2026-11-26T12:00:00.000Z';
const REFERENCE_MARK = 'bench-reference';

/** The reference: claim the next due row nobody holds, mark it fired, commit; until none is left. */
async function referenceSweep(app: RunningApp, now: string): Promise<number> {
  let claimed = 0;
  for (;;) {
    const got = await app.services.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ dispute_id: string; key: string }>(
        `select dispute_id, key from deadlines where fired_at is null and due_at <= $1
         order by due_at limit 1 for update skip locked`,
        [now],
      );
      const row = rows[0];
      if (!row) return false;
      await tx.query('update deadlines set fired_at = $3, outcome = $4 where dispute_id = $1 and key = $2', [
        row.dispute_id,
        row.key,
        now,
        REFERENCE_MARK,
      ]);
      return true;
    });
    if (!got) return claimed;
    claimed++;
  }
}

export async function sweepBench(
  app: RunningApp,
  store: string,
  openDisputes: number,
  dueDisputes: number,
): Promise<SweepResult> {
  const { db } = app.services;
  // Due: raised Monday 23 November, informal stage due end of Wednesday 25th; its reminders went out.
  const dueTemplate = await raiseTemplate(app, '2026-11-23T10:00:00Z', 'TPL-DUE');
  // Not due: raised Monday 7 December, due Wednesday 9th.
  const futureTemplate = await raiseTemplate(app, '2026-12-07T10:00:00Z', 'TPL-FUTURE');
  const reminders = ['reminder-before-due', 'reminder-due-today'];
  await db.query(
    `update deadlines set fired_at = due_at, outcome = 'applied' where dispute_id = $1 and kind = any($2::text[])`,
    [dueTemplate, reminders],
  );
  const t0 = performance.now();
  await cloneDispute(app, dueTemplate, 'BD', 1, dueDisputes - 1, reminders);
  await cloneDispute(app, futureTemplate, 'BF', 1, openDisputes - dueDisputes - 1);
  await analyze(app);
  const seedMs = performance.now() - t0;

  const disputes = await countRows(app, `select count(*) n from disputes where status = 'open'`);
  const deadlineRows = await countRows(app, 'select count(*) n from deadlines');
  const dueRows = await countRows(
    app,
    'select count(*) n from deadlines where fired_at is null and due_at <= $1',
    [SWEEP_AT],
  );

  // The sweeper's due-row query, as the store runs it, with the value inlined.
  const explained = CLAIM_NEXT_DEADLINE_SQL.replace('$1', `'${SWEEP_AT}'::timestamptz`);
  const planRows = (
    await db.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${explained}`)
  ).rows.map((r) => r['QUERY PLAN']);
  const plan = planRows.join('\n');
  const scanLine = planRows.find((l) => /Scan/.test(l)) ?? '';

  const r0 = performance.now();
  let referenceClaimed = 0;
  const referenceStatements = await captureQueries(async () => {
    referenceClaimed = await referenceSweep(app, SWEEP_AT);
  });
  const referenceMs = performance.now() - r0;
  await db.query(`update deadlines set fired_at = null, outcome = null where outcome = $1`, [REFERENCE_MARK]);

  app.testClock!.set(SWEEP_AT);
  const t1 = performance.now();
  let result = { applied: 0, stale: 0 };
  // The statements it sends (PostgreSQL only: PGlite does not go through pg) are counted as it runs.
  const statements = await captureQueries(async () => {
    result = await sweepDeadlines(app.services);
  });
  const sweepMs = performance.now() - t1;
  const missed = await countRows(app, `select count(*) n from dispute_events where type = 'DeadlineMissed'`);
  if (missed !== dueDisputes || result.applied !== dueDisputes)
    throw new Error(
      `sweep on ${store}: ${JSON.stringify(result)}, ${missed} DeadlineMissed events (expected ${dueDisputes})`,
    );
  return {
    store,
    seedMs,
    disputes,
    deadlineRows,
    dueRows,
    referenceMs,
    referenceClaimed,
    sweepMs,
    statementsPerDeadline: statements.length
      ? statements.length / Math.max(1, result.applied + result.stale)
      : null,
    referenceStatementsPerDeadline: referenceStatements.length
      ? referenceStatements.length / Math.max(1, referenceClaimed)
      : null,
    ...result,
    plan,
    indexScan: /Index (Only )?Scan/.test(scanLine),
    planRows: /actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/.exec(scanLine)?.[1] ?? '?',
    planExecMs: /Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? '?',
  };
}

export function sweepComparison(s: SweepResult): Comparison {
  return {
    what: `sweep (${s.store}), ${s.dueRows} due among ${s.disputes} open`,
    unit: 'deadlines/s',
    reference: s.referenceClaimed / (s.referenceMs / 1000),
    app: (s.applied + s.stale) / (s.sweepMs / 1000),
    higherIsBetter: true,
    target: 0.5,
  };
}
