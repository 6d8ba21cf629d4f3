// Rows as the database returns them and the store's shapes they map to, shared by the store's
// statements. Column lists live here so that every statement reads the same columns.
import type { DeadlineKind } from '../../core/dispute/deadline-schedule.ts';
import type { DeadlineRow } from '../../app/ports/deadline-queue.ts';
import type { DisputeProjection } from '../../app/ports/dispute-event-store.ts';
import type { OutboxReason, OutboxInsert, OutboxRow, OutboxStatus } from '../../app/ports/outbox.ts';

export const PROJECTION_COLUMNS = `id, tenant_id, reference, protocol_id, version, status, raiser_id, social_worker_id,
  case_number, theme, stage_id, stage_opened_on, due_on, due_at, cap_on, respondent_ids, copied_ids,
  participant_ids, awaiting_chair_decision, raised_at, closed_at, stage_answered`;

export const DEADLINE_COLUMNS = 'dispute_id, key, kind, stage_id, due_at';

export const OUTBOX_COLUMNS = `id, dispute_id, event_seq, recipient_id, reason, stage_id, channel, idempotency_key, status,
  attempts, next_attempt_at, last_error, delivered_at, created_at`;

export interface ProjectionRecord {
  id: string;
  tenant_id: string;
  reference: string;
  protocol_id: string;
  version: number;
  status: DisputeProjection['status'];
  raiser_id: string;
  social_worker_id: string;
  case_number: string;
  theme: string;
  stage_id: string | null;
  stage_opened_on: string | null;
  due_on: string | null;
  due_at: string | null;
  cap_on: string | null;
  respondent_ids: string[];
  copied_ids: string[];
  participant_ids: string[];
  awaiting_chair_decision: boolean;
  raised_at: string;
  closed_at: string | null;
  stage_answered: boolean;
}

export function toProjection(r: ProjectionRecord): DisputeProjection {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    reference: r.reference,
    protocolId: r.protocol_id,
    version: r.version,
    status: r.status,
    raiserId: r.raiser_id,
    socialWorkerId: r.social_worker_id,
    caseNumber: r.case_number,
    theme: r.theme,
    stageId: r.stage_id,
    stageOpenedOn: r.stage_opened_on,
    dueOn: r.due_on,
    dueAt: r.due_at,
    capOn: r.cap_on,
    respondentIds: r.respondent_ids,
    copiedIds: r.copied_ids,
    participantIds: r.participant_ids,
    awaitingChairDecision: r.awaiting_chair_decision,
    raisedAt: r.raised_at,
    closedAt: r.closed_at,
    stageAnswered: r.stage_answered,
  };
}

export interface DeadlineRecord {
  dispute_id: string;
  key: string;
  kind: DeadlineKind;
  stage_id: string;
  due_at: string;
}

export function toDeadline(r: DeadlineRecord): DeadlineRow {
  return { disputeId: r.dispute_id, key: r.key, kind: r.kind, stageId: r.stage_id, dueAt: r.due_at };
}

export interface OutboxRecord {
  id: number;
  dispute_id: string;
  event_seq: number;
  recipient_id: string;
  reason: OutboxReason;
  stage_id: string | null;
  channel: OutboxInsert['channel'];
  idempotency_key: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}

export function toOutbox(r: OutboxRecord): OutboxRow {
  return {
    id: Number(r.id),
    disputeId: r.dispute_id,
    eventSeq: r.event_seq,
    recipientId: r.recipient_id,
    reason: r.reason,
    stageId: r.stage_id,
    channel: r.channel,
    idempotencyKey: r.idempotency_key,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    deliveredAt: r.delivered_at,
    createdAt: r.created_at,
  };
}

export function outboxParams(row: OutboxInsert): unknown[] {
  return [
    row.disputeId,
    row.eventSeq,
    row.recipientId,
    row.reason,
    row.stageId,
    row.channel,
    row.idempotencyKey,
  ];
}

/**
 * A timestamptz inside JSON built by a statement, as the ISO-8601 UTC text both adapters give for
 * a plain column (`2026-11-23T10:00:00.000Z`): JSON would otherwise carry the session's offset form.
 */
export function isoUtcSql(expression: string): string {
  return `to_char((${expression}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** An outbox row as a JSON object with the column names of OutboxRecord (for json_agg). */
export function outboxJsonSql(alias: string): string {
  const a = alias;
  return `json_build_object('id', ${a}.id, 'dispute_id', ${a}.dispute_id, 'event_seq', ${a}.event_seq,
    'recipient_id', ${a}.recipient_id, 'reason', ${a}.reason, 'stage_id', ${a}.stage_id, 'channel', ${a}.channel,
    'idempotency_key', ${a}.idempotency_key, 'status', ${a}.status, 'attempts', ${a}.attempts,
    'next_attempt_at', ${isoUtcSql(`${a}.next_attempt_at`)}, 'last_error', ${a}.last_error,
    'delivered_at', ${isoUtcSql(`${a}.delivered_at`)}, 'created_at', ${isoUtcSql(`${a}.created_at`)})`;
}
