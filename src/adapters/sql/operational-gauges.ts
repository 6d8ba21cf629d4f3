// The numbers an operator watches, read from the database when metrics are collected (once per
// export interval, 60 s by default), so every instance reports the same shared truth. Counts over
// the council the connection names (readGaugesOfCouncils adds them up); small partial indexes serve
// the pending and unfired rows.
import type { OperationalGauges } from '../../app/ports/operational-gauges.ts';
import type { SqlExecutor } from '../../app/ports/sql-database.ts';

export async function readOperationalGauges(
  db: SqlExecutor,
  now: string,
  staleAfterSeconds: number,
): Promise<OperationalGauges> {
  const staleBefore = new Date(new Date(now).getTime() - staleAfterSeconds * 1000).toISOString();
  const { rows } = await db.query<{
    outbox_pending: number;
    outbox_dead: number;
    outbox_oldest_age_seconds: number;
    deadlines_due: number;
    deadlines_stale: number;
    sweep_lag_seconds: number;
  }>(
    `select
       (select count(*) from outbox where status = 'pending')::int as outbox_pending,
       (select count(*) from outbox where status = 'dead')::int as outbox_dead,
       (select coalesce(extract(epoch from ($1::timestamptz - min(created_at))), 0)
          from outbox where status = 'pending')::float8 as outbox_oldest_age_seconds,
       (select count(*) from deadlines where fired_at is null and due_at <= $1::timestamptz)::int as deadlines_due,
       (select count(*) from deadlines where fired_at is null and due_at <= $2::timestamptz)::int as deadlines_stale,
       (select coalesce(extract(epoch from ($1::timestamptz - min(due_at))), 0)
          from deadlines where fired_at is null and due_at <= $1::timestamptz)::float8 as sweep_lag_seconds`,
    [now, staleBefore],
    { name: 'cpd_operational_gauges' },
  );
  const r = rows[0]!;
  return {
    outboxPending: r.outbox_pending,
    outboxDead: r.outbox_dead,
    outboxOldestAgeSeconds: Math.max(0, r.outbox_oldest_age_seconds),
    deadlinesDue: r.deadlines_due,
    deadlinesStale: r.deadlines_stale,
    sweepLagSeconds: Math.max(0, r.sweep_lag_seconds),
  };
}

/**
 * The gauges over every council: each council's read in its own view (row-level security shows a
 * statement its council's rows only), counts added, ages and lags the largest.
 */
export async function readGaugesOfCouncils(
  councilDatabases: readonly SqlExecutor[],
  now: string,
  staleAfterSeconds: number,
): Promise<OperationalGauges> {
  const each = await Promise.all(
    councilDatabases.map((db) => readOperationalGauges(db, now, staleAfterSeconds)),
  );
  const sum = (k: keyof OperationalGauges) => each.reduce((n, g) => n + g[k], 0);
  const max = (k: keyof OperationalGauges) => each.reduce((n, g) => Math.max(n, g[k]), 0);
  return {
    outboxPending: sum('outboxPending'),
    outboxDead: sum('outboxDead'),
    outboxOldestAgeSeconds: max('outboxOldestAgeSeconds'),
    deadlinesDue: sum('deadlinesDue'),
    deadlinesStale: sum('deadlinesStale'),
    sweepLagSeconds: max('sweepLagSeconds'),
  };
}
