// Storage of disputes: an append-only event stream per dispute, with a projection for queries,
// deadline rows for the sweeper and outbox rows for delivery, all written in one transaction.
import type { DisputeEvent } from '../../core/dispute/dispute-events.ts';
import type { DeadlineKind } from '../../core/dispute/deadline-schedule.ts';
import type { NotificationReason as CoreNotificationReason } from '../../core/dispute/notifications.ts';
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

/** What queries need of a dispute, kept in step with its events (child data stays in the events). */
export interface DisputeProjection {
  id: string;
  tenantId: string;
  reference: string;
  protocolId: string;
  version: number;
  status: 'open' | 'resolved' | 'withdrawn';
  raiserId: string;
  socialWorkerId: string;
  caseNumber: string;
  theme: string;
  stageId: string | null;
  stageOpenedOn: string | null;
  dueOn: string | null;
  dueAt: string | null;
  capOn: string | null;
  respondentIds: string[];
  copiedIds: string[];
  participantIds: string[];
  awaitingChairDecision: boolean;
  raisedAt: string;
  closedAt: string | null;
  /** The open stage got the answer it asks for (a list never marks it overdue). */
  stageAnswered: boolean;
}

export interface DeadlineRow {
  disputeId: string;
  key: string;
  kind: DeadlineKind;
  stageId: string;
  dueAt: string;
}

/** Why someone is told; `delivery-failed` tells the chair that someone could not be reached. */
export type NotificationReason = CoreNotificationReason | 'delivery-failed';

export type OutboxStatus = 'pending' | 'delivered' | 'dead';

export interface OutboxInsert {
  disputeId: string;
  /** The event that caused it. */
  eventSeq: number;
  recipientId: string;
  reason: NotificationReason;
  stageId: string | null;
  channel: 'teams' | 'email' | 'log';
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

/** `team`: open disputes whose social worker is one of `socialWorkerIds` (a team's members). */
export type DisputeView = 'raised-by-me' | 'awaiting-me' | 'copied-to-me' | 'all-open' | 'team';

export interface ReportRead {
  tenantId: string;
  personId: string;
  at: string;
  /** Which report, e.g. `board-report` or `board-report.csv`. */
  report: string;
  parameters: Record<string, unknown>;
  allowed: boolean;
}

/** One person's look at (or attempt to look at) a dispute: the read audit. */
export interface ReadEntry {
  disputeId: string;
  personId: string;
  at: string;
  /** How it was seen: `view`, `api:respond`, `card:refresh`, `list:awaiting-me` … */
  what: string;
  allowed: boolean;
}

/** The first allowed read by each person, oldest first: who has seen the dispute. */
export type FirstRead = Omit<ReadEntry, 'disputeId'>;

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
export interface DisputeStore {
  migrate(): Promise<void>;
  /** Locks the dispute's projection row until the transaction ends (serialises writers). */
  lockDispute(tx: SqlExecutor, disputeId: string): Promise<void>;
  loadEvents(tx: SqlExecutor, disputeId: string): Promise<StoredEvent[]>;
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
  getProjection(tx: SqlExecutor, disputeId: string): Promise<DisputeProjection | null>;
  findByReference(tx: SqlExecutor, reference: string): Promise<DisputeProjection | null>;
  list(
    tx: SqlExecutor,
    query: {
      view: DisputeView;
      personId: string;
      tenantId: string;
      limit?: number;
      socialWorkerIds?: readonly string[];
    },
  ): Promise<DisputeProjection[]>;
  /** Earlier disputes about the same child (case number), for the recurrence rule. */
  listByCaseNumber(tx: SqlExecutor, tenantId: string, caseNumber: string): Promise<DisputeProjection[]>;
  /** Open disputes due on or before a date, soonest first. */
  listDueBy(tx: SqlExecutor, tenantId: string, dueOnOrBefore: string): Promise<DisputeProjection[]>;

  /** Open disputes that have had a meeting booked: where attendee answers are polled. */
  openDisputesWithMeetings(tx: SqlExecutor): Promise<string[]>;

  /** Ids of unfired deadlines due at or before `now`, soonest first (no lock). */
  dueDeadlines(tx: SqlExecutor, now: string, limit: number): Promise<DeadlineRow[]>;
  /** Locks the next unfired due deadline nobody else holds (FOR UPDATE SKIP LOCKED); null if none. */
  claimNextDueDeadline(tx: SqlExecutor, now: string): Promise<DeadlineRow | null>;
  /** The soonest due instant of any unfired deadline (due already or not); null if none. */
  nextDeadlineDueAt(tx: SqlExecutor): Promise<string | null>;
  /** Locks one unfired due deadline with FOR UPDATE SKIP LOCKED; null if gone or taken. */
  claimDeadline(tx: SqlExecutor, disputeId: string, key: string, now: string): Promise<DeadlineRow | null>;
  markDeadlineFired(
    tx: SqlExecutor,
    disputeId: string,
    key: string,
    firedAt: string,
    outcome: string,
  ): Promise<void>;
  pendingDeadlines(tx: SqlExecutor, disputeId: string): Promise<DeadlineRow[]>;

  /** Claims up to `limit` pending outbox rows whose next attempt is due (FOR UPDATE SKIP LOCKED). */
  claimOutbox(tx: SqlExecutor, now: string, limit: number): Promise<OutboxRow[]>;
  /** Pushes a claimed row's next attempt to `until`, so no other worker takes it while it is sent. */
  leaseOutbox(tx: SqlExecutor, id: number, until: string): Promise<void>;
  /** claimOutbox and leaseOutbox in one statement, oldest first: needs no transaction. */
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
  outboxFor(tx: SqlExecutor, disputeId: string): Promise<OutboxRow[]>;
  insertOutbox(tx: SqlExecutor, rows: readonly OutboxInsert[]): Promise<void>;

  recordRead(tx: SqlExecutor, entry: ReadEntry): Promise<void>;
  /** Several reads in one statement (a list of disputes). */
  recordReads(tx: SqlExecutor, entries: readonly ReadEntry[]): Promise<void>;

  /** Disputes raised from `from` to `to` (instants, inclusive), oldest first: the reports' cohort. */
  listRaisedBetween(
    tx: SqlExecutor,
    query: { tenantId: string; from: string; to: string; protocolId?: string | null },
  ): Promise<DisputeProjection[]>;
  /** The events of several disputes, by dispute then position. */
  eventsOf(tx: SqlExecutor, disputeIds: readonly string[]): Promise<StoredEvent[]>;
  /** Outbox rows that will not be tried again, newest first. */
  deadOutbox(tx: SqlExecutor, tenantId: string, limit: number): Promise<OutboxRow[]>;
  /** The audit of an aggregate read (a report): who ran which report with which parameters. */
  recordReportRead(tx: SqlExecutor, entry: ReportRead): Promise<void>;
  readsOf(
    tx: SqlExecutor,
    disputeId: string,
  ): Promise<{ personId: string; at: string; what: string; allowed: boolean }[]>;
}
