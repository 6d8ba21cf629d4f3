// Readiness asks the database for a real, committed write, because a database that answers
// `select 1` can still refuse every write: a read-only PostgreSQL (a failover to a replica, or
// `default_transaction_read_only`), a full disk, a quota. The probe rewrites the bookkeeping row of
// the newest migration this code knows, with the same values: one row, no personal data, nothing
// to clean up, and the same statement tells whether that migration has been applied.
import type { SqlDatabase } from '../../app/ports/sql-database.ts';
import type { WriteProbeResult } from '../../app/readiness.ts';
import { migrations } from './migrations.ts';

const newestVersion = Math.max(...migrations.map((m) => m.version));

export async function probeWrite(db: SqlDatabase): Promise<WriteProbeResult> {
  try {
    const result = await db.query(
      'update schema_migrations set applied_at = applied_at where version = $1',
      [newestVersion],
      { name: 'cpd_write_probe' },
    );
    if (result.rowCount !== 1)
      return { ok: false, reason: `migration ${newestVersion} is not applied to this database` };
    return { ok: true };
  } catch (e) {
    // The SQLSTATE (25006 read-only transaction, 53100 disk full ...) says why, without any data.
    const code = (e as { code?: unknown }).code;
    return {
      ok: false,
      reason: `the database refused a write${typeof code === 'string' ? ` (SQLSTATE ${code})` : ''}: ${(e as Error).message}`,
    };
  }
}
