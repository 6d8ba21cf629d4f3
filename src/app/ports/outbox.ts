// The notifications waiting to be delivered: appends queue rows (DisputeEventStore.append), the
// delivery worker leases the due ones, records each attempt, and queues a `delivery-failed` notice
// for the chair when someone cannot be reached.
import type { NotificationReason } from '../../core/dispute/notifications.ts';
import type { SqlExecutor } from './sql-database.ts';

/** Why someone is told; `delivery-failed` tells the chair that someone could not be reached. */
export type OutboxReason = NotificationReason | 'delivery-failed';

export type OutboxStatus = 'pending' | 'delivered' | 'dead';

export interface OutboxInsert {
  disputeId: string;
  /** The event that caused it. */
  eventSeq: number;
  recipientId: string;
  reason: OutboxReason;
  stageId: string | null;
  /** `feed`: the Teams activity feed notice that goes with a card (src/core/dispute/feed-moments.ts). */
  channel: 'teams' | 'email' | 'log' | 'feed';
  /** Unique: a retry or a replay never creates a second row. */
  idempotencyKey: string;
}

export interface OutboxRow extends OutboxInsert {
  id: number;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface Outbox {
  /**
   * Claims the due pending rows nobody else holds and pushes their next attempt to `until`, in one
   * statement (no transaction needed), oldest first: no other worker takes them while they are sent.
   */
  leaseDueOutbox(tx: SqlExecutor, now: string, until: string, limit: number): Promise<OutboxRow[]>;
  /** Several rows in one statement: the worker records deliveries in groups (see outbox-worker). */
  markDelivered(tx: SqlExecutor, ids: readonly number[], at: string): Promise<void>;
  markAttemptFailed(
    tx: SqlExecutor,
    id: number,
    error: string,
    nextAttemptAt: string,
    dead: boolean,
  ): Promise<void>;
  insertOutbox(tx: SqlExecutor, rows: readonly OutboxInsert[]): Promise<void>;
  /** A dispute's rows, oldest first. */
  outboxFor(tx: SqlExecutor, disputeId: string): Promise<OutboxRow[]>;
  /** Rows that will not be tried again, newest first. */
  deadOutbox(tx: SqlExecutor, tenantId: string, limit: number): Promise<OutboxRow[]>;
}
