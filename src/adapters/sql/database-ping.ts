// /healthz's question, "does the database answer?", as SQL: kept here so that SQL text lives only
// under src/adapters/sql (readiness asks the stronger question, a committed write: write-probe.ts).
import type { SqlDatabase } from '../../app/ports/sql-database.ts';

export async function pingDatabase(db: SqlDatabase): Promise<void> {
  await db.query('select 1', [], { name: 'cpd_ping' });
}
