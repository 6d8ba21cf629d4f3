// Reads across disputes, from their projections (and, for reports, their events): a person's lists,
// a dispute by its reference, earlier disputes about the same child, and the reports' cohorts.
import type { DisputeProjection, StoredEvent } from './dispute-event-store.ts';
import type { SqlExecutor } from './sql-database.ts';

/**
 * The named lists of disputes a person can ask for. `team`: open disputes whose social worker is one
 * of `socialWorkerIds` (a team's members).
 */
export type DisputeListName = 'raised-by-me' | 'awaiting-me' | 'copied-to-me' | 'all-open' | 'team';

export interface DisputeQueries {
  getProjection(tx: SqlExecutor, disputeId: string): Promise<DisputeProjection | null>;
  findByReference(tx: SqlExecutor, reference: string): Promise<DisputeProjection | null>;
  list(
    tx: SqlExecutor,
    query: {
      view: DisputeListName;
      personId: string;
      tenantId: string;
      limit?: number;
      socialWorkerIds?: readonly string[];
    },
  ): Promise<DisputeProjection[]>;
  /** Earlier disputes about the same child (case number), for the recurrence rule. */
  listByCaseNumber(tx: SqlExecutor, tenantId: string, caseNumber: string): Promise<DisputeProjection[]>;
  /** Open disputes that have had a meeting booked: where attendee answers are polled. */
  openDisputesWithMeetings(tx: SqlExecutor): Promise<string[]>;
  /** Disputes raised from `from` to `to` (instants, inclusive), oldest first: the reports' cohort. */
  listRaisedBetween(
    tx: SqlExecutor,
    query: { tenantId: string; from: string; to: string; protocolId?: string | null },
  ): Promise<DisputeProjection[]>;
  /** The events of several disputes, by dispute then position. */
  eventsOf(tx: SqlExecutor, disputeIds: readonly string[]): Promise<StoredEvent[]>;
}
