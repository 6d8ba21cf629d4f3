// Reads across disputes, from their projections (and, for reports, their events): a person's lists,
// a dispute by its reference, earlier disputes about the same child, and the reports' cohorts.
import type { DisputeProjection, StoredEvent } from './dispute-event-store.ts';
import type { SqlExecutor } from './sql-database.ts';

/**
 * The named lists of disputes a person can ask for. `team`: open disputes whose social worker is one
 * of `socialWorkerIds` (a team's members).
 */
export type DisputeListName = 'raised-by-me' | 'awaiting-me' | 'copied-to-me' | 'all-open' | 'team';

/**
 * Where a page of a list ends: the last row's place in the lists' order (soonest due first, no due
 * date last, then oldest raised, then id). The next page starts after it, so a page reads only its
 * own rows from the index, however long the list.
 */
export interface ListPosition {
  dueAt: string | null;
  raisedAt: string;
  id: string;
}

export interface DisputeQueries {
  getProjection(tx: SqlExecutor, disputeId: string): Promise<DisputeProjection | null>;
  findByReference(tx: SqlExecutor, reference: string): Promise<DisputeProjection | null>;
  list(
    tx: SqlExecutor,
    query: {
      view: DisputeListName;
      personId: string;
      tenantId: string;
      /** Rows at most; every list the API serves is paged. */
      limit: number;
      /** Start after this row (the previous page's last). */
      after?: ListPosition | null;
      socialWorkerIds?: readonly string[];
    },
  ): Promise<DisputeProjection[]>;
  /**
   * The staff combinations of open disputes (protocol, chair, social worker) and the stages they are
   * at: whose roles the admin overview checks the directory can fill, one roster per combination.
   */
  openRosterGroups(
    tx: SqlExecutor,
    tenantId: string,
  ): Promise<{ protocolId: string; raiserId: string; socialWorkerId: string; stageIds: string[] }[]>;
  /** Open disputes of one staff combination at one of `stageIds` (those the overview names). */
  openInRosterGroup(
    tx: SqlExecutor,
    query: {
      tenantId: string;
      protocolId: string;
      raiserId: string;
      socialWorkerId: string;
      stageIds: string[];
    },
  ): Promise<DisputeProjection[]>;
  /** Open disputes with an automatic step refused at some time (the overview folds their events to see whether it still stands). */
  openWithRefusedSteps(tx: SqlExecutor, tenantId: string): Promise<DisputeProjection[]>;
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
