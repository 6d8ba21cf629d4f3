// Reads and claims on the dispute store's tables that only tests make: the app never loads a bare
// event stream, lists disputes by due date, or claims deadlines and outbox rows one at a time. Tests
// use them to look at what was written, and to prove the locks and indexes the app relies on.
import { migrate } from '../../src/adapters/sql/migrations.ts';
import {
  DEADLINE_COLUMNS,
  OUTBOX_COLUMNS,
  PROJECTION_COLUMNS,
  toDeadline,
  toOutbox,
  toProjection,
  type DeadlineRecord,
  type OutboxRecord,
  type ProjectionRecord,
} from '../../src/adapters/sql/dispute-rows.ts';
import { createSqlDisputeStore } from '../../src/adapters/sql/sql-dispute-store.ts';
import type { DeadlineRow } from '../../src/app/ports/deadline-queue.ts';
import type { DisputeProjection, StoredEvent } from '../../src/app/ports/dispute-event-store.ts';
import type { DisputeStore } from '../../src/app/ports/dispute-store.ts';
import type { OutboxRow } from '../../src/app/ports/outbox.ts';
import type { SqlDatabase, SqlExecutor } from '../../src/app/ports/sql-database.ts';
import type { DisputeEvent } from '../../src/core/dispute/dispute-events.ts';

/** Due, unfired deadlines (a range scan on the partial index `deadlines_unfired_due`). */
export const DUE_DEADLINES_SQL = `select ${DEADLINE_COLUMNS} from deadlines
  where fired_at is null and due_at <= $1 order by due_at, dispute_id, key limit $2`;

/** Pending outbox rows oldest first, locked (the partial index `outbox_pending_in_order`). */
export const CLAIM_OUTBOX_SQL = `select ${OUTBOX_COLUMNS} from outbox
  where status = 'pending' and next_attempt_at <= $1 order by id limit $2 for update skip locked`;

export async function loadEvents(tx: SqlExecutor, disputeId: string): Promise<StoredEvent[]> {
  const { rows } = await tx.query<{ seq: number; data: DisputeEvent }>(
    'select seq, data from dispute_events where dispute_id = $1 order by seq',
    [disputeId],
  );
  return rows.map((r) => ({ disputeId, seq: r.seq, event: r.data }));
}

/** Open disputes due on or before a date, soonest first. */
export async function listDueBy(
  tx: SqlExecutor,
  tenantId: string,
  dueOnOrBefore: string,
): Promise<DisputeProjection[]> {
  const { rows } = await tx.query<ProjectionRecord>(
    `select ${PROJECTION_COLUMNS} from disputes where tenant_id = $1 and status = 'open' and due_on <= $2::date
     order by due_at, raised_at, id`,
    [tenantId, dueOnOrBefore],
  );
  return rows.map(toProjection);
}

/** Unfired deadlines due at or before `now`, soonest first (no lock). */
export async function dueDeadlines(tx: SqlExecutor, now: string, limit: number): Promise<DeadlineRow[]> {
  const { rows } = await tx.query<DeadlineRecord>(DUE_DEADLINES_SQL, [now, limit]);
  return rows.map(toDeadline);
}

export async function pendingDeadlines(tx: SqlExecutor, disputeId: string): Promise<DeadlineRow[]> {
  const { rows } = await tx.query<DeadlineRecord>(
    `select ${DEADLINE_COLUMNS} from deadlines where dispute_id = $1 and fired_at is null order by due_at, key`,
    [disputeId],
  );
  return rows.map(toDeadline);
}

/** Claims up to `limit` pending outbox rows whose next attempt is due (FOR UPDATE SKIP LOCKED). */
export async function claimOutbox(tx: SqlExecutor, now: string, limit: number): Promise<OutboxRow[]> {
  const { rows } = await tx.query<OutboxRecord>(CLAIM_OUTBOX_SQL, [now, limit]);
  return rows.map(toOutbox);
}

/** Pushes a claimed row's next attempt to `until`, so no worker takes it before then. */
export async function leaseOutbox(tx: SqlExecutor, id: number, until: string): Promise<void> {
  await tx.query(`update outbox set next_attempt_at = $2 where id = $1 and status = 'pending'`, [id, until]);
}

/** A dispute's read audit, oldest first. */
export async function readsOf(
  tx: SqlExecutor,
  disputeId: string,
): Promise<{ personId: string; at: string; what: string; allowed: boolean }[]> {
  const { rows } = await tx.query<{ person_id: string; at: string; what: string; allowed: boolean }>(
    'select person_id, at, what, allowed from dispute_reads where dispute_id = $1 order by at, id',
    [disputeId],
  );
  return rows.map((r) => ({ personId: r.person_id, at: r.at, what: r.what, allowed: r.allowed }));
}

const probes = {
  loadEvents,
  listDueBy,
  dueDeadlines,
  pendingDeadlines,
  claimOutbox,
  leaseOutbox,
  readsOf,
};

/** The app's store with the probes beside it, and `migrate` for the database it is tested on. */
export type ProbedStore = DisputeStore & typeof probes & { migrate(): Promise<void> };

export function createProbedStore(db: SqlDatabase): ProbedStore {
  return {
    ...createSqlDisputeStore(),
    ...probes,
    async migrate() {
      await migrate(db);
    },
  };
}
