// The write path every use case shares: load, decide, then append the events, the projection, the
// deadline rows and the outbox rows against the version decided on. Nothing else writes a dispute.
// The append's version check is the only guard (no row lock is taken to decide): a writer that
// finds the dispute moved on loads it again and decides again (retryOnConflict), so nothing that
// is slow (the directory, a calendar) ever runs while this app holds a lock.
import type { DisputeCommand, Actor } from '../core/dispute/dispute-commands.ts';
import { decide, isStageAnswered } from '../core/dispute/decide.ts';
import { stageById } from '../core/protocol/stage-queries.ts';
import type { DisputeEvent } from '../core/dispute/dispute-events.ts';
import { foldEvents, initialState, type DisputeState } from '../core/dispute/dispute-state.ts';
import { scheduledDeadlines } from '../core/dispute/deadline-schedule.ts';
import { notificationsFor } from '../core/dispute/notifications.ts';
import { feedMomentOf } from '../core/dispute/feed-moments.ts';
import { fromRefusal, AppError } from './app-error.ts';
import type { AppServices } from './app-services.ts';
import type { ProtocolEntry, ProtocolRegistry } from './protocol-registry.ts';
import {
  StaleVersionError,
  type AppendInput,
  type DisputeEventStore,
  type DisputeProjection,
  type StoredEvent,
} from './ports/dispute-event-store.ts';
import type { OutboxRow } from './ports/outbox.ts';
import type { SqlExecutor } from './ports/sql-database.ts';

export interface LoadedDispute {
  state: DisputeState;
  events: StoredEvent[];
  entry: ProtocolEntry;
  projection: DisputeProjection;
}

export async function loadDispute(
  store: DisputeEventStore,
  protocols: ProtocolRegistry,
  tx: SqlExecutor,
  disputeId: string,
): Promise<LoadedDispute | null> {
  const snapshot = await store.snapshot(tx, disputeId);
  return snapshot ? loadedFrom(protocols, snapshot) : null;
}

/** Folds a snapshot's events into the state the core decides on. */
export function loadedFrom(
  protocols: ProtocolRegistry,
  snapshot: { projection: DisputeProjection; events: StoredEvent[] },
): LoadedDispute {
  const { projection, events } = snapshot;
  const state = foldEvents(events.map((e) => e.event));
  const entry = protocols.get(state.protocolId);
  if (!entry)
    throw new Error(`dispute ${projection.id} runs under protocol ${state.protocolId}, which is not loaded`);
  return { state, events, entry, projection };
}

export interface DecideAndAppend {
  store: DisputeEventStore;
  tx: SqlExecutor;
  tenantId: string;
  reference: string;
  before: DisputeState;
  command: DisputeCommand;
  actor: Actor;
  now: string;
  entry: ProtocolEntry;
  /** Where deliveries go for a person: decided by the delivery adapters, recorded per row. */
  channelFor?: (recipientId: string) => 'teams' | 'email' | 'log';
  /** Whether the Teams activity feed is on: then its moments get a `feed` row besides the card. */
  activityFeed?: boolean;
  /** Allowed reads to audit in the same statement (the action, the view returned). */
  reads?: AppendInput['reads'];
}

export interface Appended {
  state: DisputeState;
  projection: DisputeProjection;
  /** The new events, as stored. */
  events: StoredEvent[];
  /** The outbox rows queued by them. */
  outbox: OutboxRow[];
  /** The soonest deadline of the new schedule still ahead of `now`: when the sweeper should wake. */
  soonestDeadline: string | null;
}

export async function decideAndAppend(input: DecideAndAppend): Promise<Appended> {
  const { entry, before, now } = input;
  const decision = decide(before, input.command, input.actor, now, entry.protocol, entry.calendar);
  if (!decision.ok) throw fromRefusal(decision.refusal);
  return append({ ...input, newEvents: decision.events });
}

async function append(input: DecideAndAppend & { newEvents: DisputeEvent[] }): Promise<Appended> {
  const { store, tx, entry, before, newEvents } = input;
  const after = foldEvents(newEvents, before);
  const channelFor = input.channelFor ?? (() => 'teams' as const);
  const stage = after.stage ? stageById(entry.protocol, after.stage.id) : undefined;
  const projection = projectionOf(
    after,
    input.tenantId,
    input.reference,
    stage ? isStageAnswered(after, stage) : false,
  );
  const deadlines = scheduledDeadlines(after, entry.protocol, entry.calendar);
  const ahead = deadlines.map((d) => d.dueAt).filter((at) => Date.parse(at) > Date.parse(input.now));
  const soonestDeadline = ahead.reduce<string | null>(
    (a, b) => (a === null || Date.parse(b) < Date.parse(a) ? b : a),
    null,
  );
  const { events, outbox } = await store.append(tx, {
    disputeId: after.id,
    tenantId: input.tenantId,
    expectedVersion: before.version,
    events: newEvents,
    projection,
    ...(input.reads ? { reads: input.reads } : {}),
    deadlines: deadlines.map((d) => ({
      disputeId: after.id,
      key: d.key,
      kind: d.kind,
      stageId: d.stageId,
      dueAt: d.dueAt,
    })),
    notifications: notificationsFor(before, newEvents, entry.protocol).flatMap((n) => {
      const row = {
        disputeId: after.id,
        eventIndex: n.eventIndex,
        recipientId: n.recipientId,
        reason: n.reason,
        stageId: n.stageId,
        channel: channelFor(n.recipientId),
        idempotencyKey: `${after.id}:${before.version + 1 + n.eventIndex}:${n.recipientId}:${n.reason}`,
      };
      // The activity feed is a row of its own, after the card's: retried (or given up) on its own,
      // so a refused or throttled feed never holds back or repeats the card.
      return input.activityFeed && feedMomentOf(n, newEvents[n.eventIndex])
        ? [row, { ...row, channel: 'feed' as const, idempotencyKey: `${row.idempotencyKey}:feed` }]
        : [row];
    }),
  });
  return { state: after, projection, events, outbox, soonestDeadline };
}

/** Tries of one write when other writers keep moving the dispute first. */
export const WRITE_ATTEMPTS = 5;

/**
 * Runs a write (load, decide, append) again from its load when its append finds the dispute no
 * longer at the version it decided on, up to `attempts` times; the last conflict is thrown.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, attempts = WRITE_ATTEMPTS): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof StaleVersionError) || n >= attempts) throw e;
    }
  }
}

/** After a write has committed: its notifications go out, and the sweeper wakes for its deadlines. */
export function announceCommitted(services: AppServices, disputeId: string, appended: Appended): void {
  services.onDisputeChanged?.(disputeId);
  if (appended.soonestDeadline) services.onDeadlineScheduled?.(appended.soonestDeadline);
}

/** A write the system makes (the deadline sweeper, the meeting jobs), in the steps of writeAsSystem. */
export interface SystemWrite {
  /** The instant the command is decided at (the clock's now by default). */
  now?: string;
  /**
   * The command for the dispute as loaded, or null when there is nothing to do. It may call the
   * directory or a calendar: no transaction is open.
   */
  command(loaded: LoadedDispute, now: string): Promise<DisputeCommand | null>;
  /** First in the write's short transaction: false abandons the write (say, another sweeper fired the deadline). */
  claim?(tx: SqlExecutor): Promise<boolean>;
  /** In the same transaction, when the core refuses the command at the version still current. */
  refused?(tx: SqlExecutor, error: AppError): Promise<void>;
}

export type SystemWriteOutcome =
  | { kind: 'applied'; appended: Appended }
  | { kind: 'refused'; error: AppError }
  | { kind: 'nothing-to-do' | 'claimed-elsewhere' | 'not-found' };

/**
 * The system's write: load (one statement, no lock), work out the command outside any transaction,
 * then in one short transaction with no network call in it: claim, decide and append against the
 * version loaded. Another writer in between makes the append stale: the whole write runs again.
 */
export async function writeAsSystem(
  services: AppServices,
  disputeId: string,
  write: SystemWrite,
): Promise<SystemWriteOutcome> {
  const { db, store, protocols, clock, tenantId } = services;
  const outcome = await retryOnConflict(async (): Promise<SystemWriteOutcome> => {
    const loaded = await loadDispute(store, protocols, db, disputeId);
    if (!loaded) return { kind: 'not-found' };
    const now = write.now ?? clock.now();
    const command = await write.command(loaded, now);
    if (!command) return { kind: 'nothing-to-do' };
    return db.transaction(async (tx): Promise<SystemWriteOutcome> => {
      if (write.claim && !(await write.claim(tx))) return { kind: 'claimed-elsewhere' };
      try {
        const appended = await decideAndAppend({
          store,
          tx,
          tenantId,
          reference: loaded.projection.reference,
          before: loaded.state,
          command,
          actor: { kind: 'system' },
          now,
          entry: loaded.entry,
          channelFor: services.channelFor,
          activityFeed: Boolean(services.activityFeed),
        });
        return { kind: 'applied', appended };
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        // Refused at the version loaded: final only if that is still the version. The row lock is
        // taken here, after every network call, and held for two short statements.
        await store.lockDispute(tx, disputeId);
        const current = await store.getProjection(tx, disputeId);
        if (current?.version !== loaded.state.version)
          throw new StaleVersionError(disputeId, loaded.state.version);
        await write.refused?.(tx, e);
        return { kind: 'refused', error: e };
      }
    });
  });
  if (outcome.kind === 'applied') announceCommitted(services, disputeId, outcome.appended);
  return outcome;
}

export function projectionOf(
  state: DisputeState,
  tenantId: string,
  reference: string,
  stageAnswered = false,
): DisputeProjection {
  if (state.status === 'none' || !state.child)
    throw new AppError('conflict', 'A dispute must be raised first.');
  return {
    id: state.id,
    tenantId,
    reference,
    protocolId: state.protocolId,
    version: state.version,
    status: state.status,
    raiserId: state.raiserId,
    socialWorkerId: state.socialWorkerId,
    caseNumber: state.child.caseNumber,
    theme: state.theme,
    stageId: state.stage?.id ?? null,
    stageOpenedOn: state.stage?.openedOn ?? null,
    dueOn: state.stage?.dueOn ?? null,
    dueAt: state.stage?.dueAt ?? null,
    capOn: state.capOn,
    respondentIds: state.stage?.respondentIds ?? [],
    copiedIds: state.stage?.copiedIds ?? [],
    participantIds: state.participantIds,
    awaitingChairDecision: Boolean(state.stage?.awaitingChairDecision),
    raisedAt: state.raisedAt,
    closedAt: state.closedAt,
    stageAnswered,
  };
}

export { initialState };
