// A dispute's event stream: the only way a dispute changes is by appending events to it, against
// the version its writer decided on. The projection (what queries read), the pending deadlines and
// the outbox rows are written with the events, in the same statement.
import type { DisputeEvent } from '../../core/dispute/dispute-events.ts';
import type { DeadlineRow } from './deadline-queue.ts';
import type { DisputeProjection } from './dispute-projection.ts';
import type { OutboxInsert, OutboxRow } from './outbox.ts';
import type { FirstRead, ReadEntry } from './read-audit.ts';
import type { SqlExecutor } from './sql-database.ts';

/** A stale write: the stream moved on since the caller read it. Maps to HTTP 409. */
export class StaleVersionError extends Error {
  override name = 'StaleVersionError';
  constructor(
    readonly disputeId: string,
    readonly expectedVersion: number,
  ) {
    super(`dispute ${disputeId} is no longer at version ${expectedVersion}`);
  }
}

/** A new dispute's reference is already used by another dispute: nothing was written. */
export class ReferenceTakenError extends Error {
  override name = 'ReferenceTakenError';
  constructor(readonly reference: string) {
    super(`the reference ${reference} is already used by another dispute`);
  }
}

export interface StoredEvent {
  disputeId: string;
  /** 1-based position in the stream; the version after this event. */
  seq: number;
  event: DisputeEvent;
}

export type { DisputeProjection };

/** Everything a dispute's view is built from, read in one statement. */
export interface DisputeSnapshot {
  projection: DisputeProjection;
  events: StoredEvent[];
  /** Only when asked for (`include.outbox`); otherwise empty. */
  outbox: OutboxRow[];
  /** Only when asked for (`include.firstReads`); otherwise empty. */
  firstReads: FirstRead[];
}

export interface AppendResult {
  events: StoredEvent[];
  /** The outbox rows this append queued (a row whose idempotency key already existed is not repeated). */
  outbox: OutboxRow[];
}

export interface AppendInput {
  disputeId: string;
  tenantId: string;
  /** The version the caller decided on; 0 for a new dispute. */
  expectedVersion: number;
  events: readonly DisputeEvent[];
  /** The projection after the events. */
  projection: DisputeProjection;
  /** The complete set of deadlines now pending; unfired rows not in it are removed. */
  deadlines: readonly DeadlineRow[];
  /** Outbox rows; `eventSeq` is filled from the events' positions. */
  notifications: readonly (Omit<OutboxInsert, 'eventSeq'> & { eventIndex: number })[];
  /**
   * Allowed reads to audit with the write (the action itself, the view returned): recorded even when
   * the append turns out stale, because the person did see the dispute.
   */
  reads?: readonly Omit<ReadEntry, 'disputeId' | 'allowed'>[];
}

/**
 * Functions over an executor, so one transaction can span loading, deciding and appending.
 * Every method runs on the executor it is given.
 */
export interface DisputeEventStore {
  /** Locks the dispute's projection row until the transaction ends (serialises writers). */
  lockDispute(tx: SqlExecutor, disputeId: string): Promise<void>;
  /** The projection and events (and, if asked, outbox rows and first reads) in one round trip. */
  snapshot(
    tx: SqlExecutor,
    disputeId: string,
    include?: { outbox?: boolean; firstReads?: boolean },
  ): Promise<DisputeSnapshot | null>;
  /**
   * One statement, so atomic on its own (no transaction needed) and cheap inside one. Throws
   * StaleVersionError, having written nothing but `reads`, if the stream is not at expectedVersion.
   */
  append(tx: SqlExecutor, input: AppendInput): Promise<AppendResult>;
}
