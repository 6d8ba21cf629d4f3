// The write path every use case shares: fold, decide, then append events, the projection, the
// deadline rows and the outbox rows in the caller's transaction. Nothing else writes a dispute.
import type { DisputeCommand, Actor } from '../core/dispute/dispute-commands.ts';
import { decide, isStageAnswered } from '../core/dispute/decide.ts';
import { stageById } from '../core/protocol/stage-queries.ts';
import type { DisputeEvent } from '../core/dispute/dispute-events.ts';
import { foldEvents, initialState, type DisputeState } from '../core/dispute/dispute-state.ts';
import { scheduledDeadlines } from '../core/dispute/deadline-schedule.ts';
import { notificationsFor } from '../core/dispute/notifications.ts';
import { fromRefusal, AppError } from './app-error.ts';
import type { ProtocolEntry, ProtocolRegistry } from './protocol-registry.ts';
import type {
  AppendInput,
  DisputeEventStore,
  DisputeProjection,
  StoredEvent,
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
  const { events, outbox } = await store.append(tx, {
    disputeId: after.id,
    tenantId: input.tenantId,
    expectedVersion: before.version,
    events: newEvents,
    projection,
    ...(input.reads ? { reads: input.reads } : {}),
    deadlines: scheduledDeadlines(after, entry.protocol, entry.calendar).map((d) => ({
      disputeId: after.id,
      key: d.key,
      kind: d.kind,
      stageId: d.stageId,
      dueAt: d.dueAt,
    })),
    notifications: notificationsFor(before, newEvents, entry.protocol).map((n) => ({
      disputeId: after.id,
      eventIndex: n.eventIndex,
      recipientId: n.recipientId,
      reason: n.reason,
      stageId: n.stageId,
      channel: channelFor(n.recipientId),
      idempotencyKey: `${after.id}:${before.version + 1 + n.eventIndex}:${n.recipientId}:${n.reason}`,
    })),
  });
  return { state: after, projection, events, outbox };
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
