// The dispute store in plain SQL ($n parameters), identical on PGlite and PostgreSQL: one
// implementation of each narrow port (sql-event-store, sql-deadline-queue, sql-outbox,
// sql-read-audit, sql-dispute-queries), put together as the app's services carry them. Every method
// runs on the executor it is given, so the caller's transaction spans load → decide → append.
import type { DisputeStore } from '../../app/ports/dispute-store.ts';
import { sqlDeadlineQueue } from './sql-deadline-queue.ts';
import { sqlDisputeQueries } from './sql-dispute-queries.ts';
import { sqlEventStore } from './sql-event-store.ts';
import { sqlOutbox } from './sql-outbox.ts';
import { sqlReadAudit } from './sql-read-audit.ts';

// The benchmark (test/bench/bench.ts) explains the sweeper's claim from here.
export { CLAIM_NEXT_DEADLINE_SQL } from './sql-deadline-queue.ts';

export function createSqlDisputeStore(): DisputeStore {
  return { ...sqlEventStore, ...sqlDeadlineQueue, ...sqlOutbox, ...sqlReadAudit, ...sqlDisputeQueries };
}
