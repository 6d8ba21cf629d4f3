// The query planner's statistics for our tables. PostgreSQL's autovacuum keeps them: it runs
// ANALYZE on a table once `autovacuum_analyze_threshold` rows plus `autovacuum_analyze_scale_factor`
// of the table have changed since the last one. PGlite has no autovacuum (one process, no
// background workers), and a PostgreSQL server may run with it off (the one on the CI machine
// does). Without statistics the planner guesses, and a prepared statement keeps the plan it made
// while the tables were nearly empty: measured on PostgreSQL, with 3,000 disputes, each response's
// update found its dispute through the raised-at index (reading every row of the tenant) and each
// append's deadline delete read every unfired deadline, so every request cost more as the tables
// grew. So where nothing else analyzes, the app does, on autovacuum's own threshold. ANALYZE also
// invalidates the cached plans that use the table, so the next execution plans afresh.
import type { SqlDatabase } from '../../app/ports/sql-database.ts';

interface Settings {
  version: number;
  autovacuum: string;
  trackCounts: string;
}

const STALE_TABLES_SQL = `select s.relname as name
  from pg_stat_user_tables s join pg_class c on c.oid = s.relid
  where s.schemaname = current_schema()
    and s.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8
      + current_setting('autovacuum_analyze_scale_factor')::float8 * greatest(c.reltuples, 0)
  order by s.relname`;

const keeps = (db: SqlDatabase, settings: Settings) =>
  (db.kind === 'pglite' || settings.autovacuum === 'off') && settings.trackCounts === 'on';

/** Whether this app must keep the statistics itself: PGlite always, PostgreSQL with autovacuum off. */
export async function appKeepsStatistics(db: SqlDatabase): Promise<boolean> {
  return keeps(db, await readSettings(db));
}

/**
 * Analyzes the tables of the current schema whose changes since their last ANALYZE passed
 * autovacuum's threshold, where the app keeps the statistics (see above). Returns the tables
 * analyzed, none where autovacuum does it. Several instances may call this at once: one analyzes,
 * the others find the advisory lock taken and return.
 */
export async function analyzeStaleTables(db: SqlDatabase): Promise<string[]> {
  const settings = await readSettings(db);
  if (!keeps(db, settings)) return [];
  return db.transaction(async (tx) => {
    const { rows: lock } = await tx.query<{ got: boolean }>(
      `select pg_try_advisory_xact_lock(hashtext('cp-disputes:analyze')) as got`,
    );
    if (!lock[0]?.got) return [];
    // This connection's own changes reach the shared counters at its next statement (PostgreSQL 15
    // and later); other connections flush theirs within a second or so of going idle.
    if (settings.version >= 150000) await tx.query('select pg_stat_force_next_flush()');
    const { rows } = await tx.query<{ name: string }>(STALE_TABLES_SQL);
    for (const { name } of rows) await tx.query(`analyze "${name.replaceAll('"', '""')}"`);
    return rows.map((r) => r.name);
  });
}

async function readSettings(db: SqlDatabase): Promise<Settings> {
  const { rows } = await db.query<Settings>(
    `select current_setting('server_version_num')::int as version,
            current_setting('autovacuum') as autovacuum,
            current_setting('track_counts') as "trackCounts"`,
  );
  return rows[0]!;
}
