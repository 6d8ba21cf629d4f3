// The dispute store in plain SQL ($n parameters), identical on PGlite and PostgreSQL. Every method
// runs on the executor it is given, so the caller's transaction spans load → decide → append.
//
// Values: instants go in as ISO-8601 strings with an offset and come back as ISO-8601 UTC strings
// (both adapters parse timestamptz the same way); dates are 'YYYY-MM-DD'; events are JSONB and come
// back as the objects that were written.
import type { DisputeEvent } from '../../core/dispute/dispute-events.ts';
import type { DeadlineKind } from '../../core/dispute/deadline-schedule.ts';
import {
  StaleVersionError,
  type AppendInput,
  type DeadlineRow,
  type DisputeProjection,
  type DisputeStore,
  type DisputeView,
  type NotificationReason,
  type OutboxInsert,
  type OutboxRow,
  type OutboxStatus,
  type StoredEvent,
} from '../../app/ports/dispute-store.ts';
import type { SqlDatabase, SqlExecutor } from '../../app/ports/sql-database.ts';
import { migrate } from './migrations.ts';

const PROJECTION_COLUMNS = `id, tenant_id, reference, protocol_id, version, status, raiser_id, social_worker_id,
  case_number, theme, stage_id, stage_opened_on, due_on, due_at, cap_on, respondent_ids, copied_ids,
  participant_ids, awaiting_chair_decision, raised_at, closed_at`;

const DEADLINE_COLUMNS = 'dispute_id, key, kind, stage_id, due_at';

const OUTBOX_COLUMNS = `id, dispute_id, event_seq, recipient_id, reason, stage_id, channel, idempotency_key, status,
  attempts, next_attempt_at, last_error, delivered_at, created_at`;

/** The sweeper's read: due, unfired deadlines (a range scan on the partial index `deadlines_unfired_due`). */
export const DUE_DEADLINES_SQL = `select ${DEADLINE_COLUMNS} from deadlines
  where fired_at is null and due_at <= $1 order by due_at, dispute_id, key limit $2`;

/** The sweeper's claim: the next due row nobody else holds (the partial index `deadlines_unfired_due`). */
// Ordered by due_at alone, so the partial index hands over the first unlocked row without reading
// (and sorting) every due row for each claim.
export const CLAIM_NEXT_DEADLINE_SQL = `select ${DEADLINE_COLUMNS} from deadlines
  where fired_at is null and due_at <= $1 order by due_at limit 1 for update skip locked`;

/** The delivery worker's claim (the partial index `outbox_pending_next_attempt`). */
export const CLAIM_OUTBOX_SQL = `select ${OUTBOX_COLUMNS} from outbox
  where status = 'pending' and next_attempt_at <= $1 order by id limit $2 for update skip locked`;

/** Orders a list of disputes soonest due first (no due date last), then oldest first. */
const SOONEST_DUE = 'order by due_at asc nulls last, raised_at asc, id asc';

/** Each view's condition on a person ($2); `all-open` does not depend on the person. */
const VIEW_FILTERS: Record<DisputeView, string | null> = {
  'raised-by-me': 'raiser_id = $2',
  'awaiting-me': `status = 'open' and respondent_ids @> array[$2::text]`,
  'copied-to-me': `status = 'open' and copied_ids @> array[$2::text]`,
  'all-open': null,
  // $2 is the team's members here, not the person.
  team: `status = 'open' and social_worker_id = any($2::text[])`,
};

export function createSqlDisputeStore(db: SqlDatabase): DisputeStore {
  return {
    async migrate() {
      await migrate(db);
    },

    async lockDispute(tx, disputeId) {
      await tx.query('select 1 from disputes where id = $1 for update', [disputeId]);
    },

    async loadEvents(tx, disputeId) {
      const { rows } = await tx.query<{ seq: number; data: DisputeEvent }>(
        'select seq, data from dispute_events where dispute_id = $1 order by seq',
        [disputeId],
      );
      return rows.map((r) => ({ disputeId, seq: r.seq, event: r.data }));
    },

    async append(tx, input) {
      checkAppendInput(input);
      // The caller owns the transaction; handed the database itself, make one so the write is atomic.
      if (isDatabase(tx)) return tx.transaction((inner) => appendIn(inner, input));
      return appendIn(tx, input);
    },

    async getProjection(tx, disputeId) {
      const { rows } = await tx.query<ProjectionRecord>(
        `select ${PROJECTION_COLUMNS} from disputes where id = $1`,
        [disputeId],
      );
      return rows[0] ? toProjection(rows[0]) : null;
    },

    async findByReference(tx, reference) {
      const { rows } = await tx.query<ProjectionRecord>(
        `select ${PROJECTION_COLUMNS} from disputes where reference = $1`,
        [reference],
      );
      return rows[0] ? toProjection(rows[0]) : null;
    },

    async list(tx, { view, personId, tenantId, limit, socialWorkerIds }) {
      const byPerson = VIEW_FILTERS[view];
      const { rows } = byPerson
        ? await tx.query<ProjectionRecord>(
            `select ${PROJECTION_COLUMNS} from disputes where tenant_id = $1 and ${byPerson} ${SOONEST_DUE} limit $3`,
            [tenantId, view === 'team' ? [...(socialWorkerIds ?? [])] : personId, limit ?? null],
          )
        : await tx.query<ProjectionRecord>(
            `select ${PROJECTION_COLUMNS} from disputes where tenant_id = $1 and status = 'open' ${SOONEST_DUE} limit $2`,
            [tenantId, limit ?? null],
          );
      return rows.map(toProjection);
    },

    async listByCaseNumber(tx, tenantId, caseNumber) {
      const { rows } = await tx.query<ProjectionRecord>(
        `select ${PROJECTION_COLUMNS} from disputes where tenant_id = $1 and case_number = $2
         order by raised_at, id`,
        [tenantId, caseNumber],
      );
      return rows.map(toProjection);
    },

    async listDueBy(tx, tenantId, dueOnOrBefore) {
      const { rows } = await tx.query<ProjectionRecord>(
        `select ${PROJECTION_COLUMNS} from disputes where tenant_id = $1 and status = 'open' and due_on <= $2::date
         ${SOONEST_DUE}`,
        [tenantId, dueOnOrBefore],
      );
      return rows.map(toProjection);
    },

    async openDisputesWithMeetings(tx) {
      const { rows } = await tx.query<{ id: string }>(
        `select d.id from disputes d
          where d.status = 'open'
            and exists (select 1 from dispute_events e where e.dispute_id = d.id and e.type = 'MeetingBooked')`,
      );
      return rows.map((r) => r.id);
    },

    async dueDeadlines(tx, now, limit) {
      const { rows } = await tx.query<DeadlineRecord>(DUE_DEADLINES_SQL, [now, limit]);
      return rows.map(toDeadline);
    },

    async claimNextDueDeadline(tx, now) {
      // Each instance takes the next due row nobody else holds: no two sweepers wait on, or skip
      // past, the same rows (SKIP LOCKED on the partial index of unfired deadlines).
      const { rows } = await tx.query<DeadlineRecord>(CLAIM_NEXT_DEADLINE_SQL, [now]);
      return rows[0] ? toDeadline(rows[0]) : null;
    },

    async claimDeadline(tx, disputeId, key, now) {
      const { rows } = await tx.query<DeadlineRecord>(
        `select ${DEADLINE_COLUMNS} from deadlines
         where dispute_id = $1 and key = $2 and fired_at is null and due_at <= $3
         for update skip locked`,
        [disputeId, key, now],
      );
      return rows[0] ? toDeadline(rows[0]) : null;
    },

    async markDeadlineFired(tx, disputeId, key, firedAt, outcome) {
      await tx.query('update deadlines set fired_at = $3, outcome = $4 where dispute_id = $1 and key = $2', [
        disputeId,
        key,
        firedAt,
        outcome,
      ]);
    },

    async pendingDeadlines(tx, disputeId) {
      const { rows } = await tx.query<DeadlineRecord>(
        `select ${DEADLINE_COLUMNS} from deadlines where dispute_id = $1 and fired_at is null order by due_at, key`,
        [disputeId],
      );
      return rows.map(toDeadline);
    },

    async claimOutbox(tx, now, limit) {
      const { rows } = await tx.query<OutboxRecord>(CLAIM_OUTBOX_SQL, [now, limit]);
      return rows.map(toOutbox);
    },

    async leaseOutbox(tx, id, until) {
      await tx.query(`update outbox set next_attempt_at = $2 where id = $1 and status = 'pending'`, [
        id,
        until,
      ]);
    },

    async markDelivered(tx, id, at) {
      await tx.query(
        `update outbox set status = 'delivered', delivered_at = $2, attempts = attempts + 1, last_error = null
         where id = $1`,
        [id, at],
      );
    },

    async markAttemptFailed(tx, id, error, nextAttemptAt, dead) {
      await tx.query(
        `update outbox set attempts = attempts + 1, last_error = $2, next_attempt_at = $3,
           status = case when $4::boolean then 'dead' else 'pending' end
         where id = $1`,
        [id, error, nextAttemptAt, dead],
      );
    },

    async outboxFor(tx, disputeId) {
      const { rows } = await tx.query<OutboxRecord>(
        `select ${OUTBOX_COLUMNS} from outbox where dispute_id = $1 order by id`,
        [disputeId],
      );
      return rows.map(toOutbox);
    },

    async insertOutbox(tx, rows) {
      // The tenant is the dispute's; the first attempt is due when the causing event happened (the
      // app's clock, not the database's), or now if that event is not stored.
      for (const row of rows)
        await tx.query(
          `insert into outbox (dispute_id, event_seq, recipient_id, reason, stage_id, channel, idempotency_key,
             next_attempt_at, tenant_id)
           values ($1, $2, $3, $4, $5, $6, $7,
             coalesce((select at from dispute_events where dispute_id = $1 and seq = $2), now()),
             (select tenant_id from disputes where id = $1))
           on conflict (idempotency_key) do nothing`,
          outboxParams(row),
        );
    },

    async recordRead(tx, entry) {
      // A refused look at an id that does not exist has no tenant: recorded with tenant ''.
      await tx.query(
        `insert into dispute_reads (dispute_id, person_id, at, what, allowed, tenant_id)
         values ($1, $2, $3, $4, $5, coalesce((select tenant_id from disputes where id = $1), ''))`,
        [entry.disputeId, entry.personId, entry.at, entry.what, entry.allowed],
      );
    },

    async listRaisedBetween(tx, { tenantId, from, to, protocolId }) {
      const { rows } = await tx.query<ProjectionRecord>(
        `select ${PROJECTION_COLUMNS} from disputes
         where tenant_id = $1 and raised_at >= $2::timestamptz and raised_at <= $3::timestamptz
           and ($4::text is null or protocol_id = $4)
         order by raised_at, id`,
        [tenantId, from, to, protocolId ?? null],
      );
      return rows.map(toProjection);
    },

    async eventsOf(tx, disputeIds) {
      if (disputeIds.length === 0) return [];
      const { rows } = await tx.query<{ dispute_id: string; seq: number; data: DisputeEvent }>(
        'select dispute_id, seq, data from dispute_events where dispute_id = any($1::text[]) order by dispute_id, seq',
        [[...disputeIds]],
      );
      return rows.map((r) => ({ disputeId: r.dispute_id, seq: r.seq, event: r.data }));
    },

    async deadOutbox(tx, tenantId, limit) {
      const { rows } = await tx.query<OutboxRecord>(
        `select ${OUTBOX_COLUMNS} from outbox where tenant_id = $1 and status = 'dead' order by id desc limit $2`,
        [tenantId, limit],
      );
      return rows.map(toOutbox);
    },

    async recordReportRead(tx, entry) {
      await tx.query(
        `insert into report_reads (tenant_id, person_id, at, report, parameters, allowed)
         values ($1, $2, $3, $4, $5::text::jsonb, $6)`,
        [
          entry.tenantId,
          entry.personId,
          entry.at,
          entry.report,
          JSON.stringify(entry.parameters),
          entry.allowed,
        ],
      );
    },

    async readsOf(tx, disputeId) {
      const { rows } = await tx.query<{ person_id: string; at: string; what: string; allowed: boolean }>(
        'select person_id, at, what, allowed from dispute_reads where dispute_id = $1 order by at, id',
        [disputeId],
      );
      return rows.map((r) => ({ personId: r.person_id, at: r.at, what: r.what, allowed: r.allowed }));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// append

function checkAppendInput(input: AppendInput): void {
  const { disputeId, tenantId, expectedVersion, events, projection } = input;
  const problems: string[] = [];
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0)
    problems.push(`expectedVersion ${expectedVersion}`);
  if (projection.id !== disputeId) problems.push(`projection.id ${projection.id}`);
  if (projection.tenantId !== tenantId) problems.push(`projection.tenantId ${projection.tenantId}`);
  if (projection.version !== expectedVersion + events.length)
    problems.push(`projection.version ${projection.version} (expected ${expectedVersion + events.length})`);
  for (const d of input.deadlines)
    if (d.disputeId !== disputeId) problems.push(`deadline ${d.key} of ${d.disputeId}`);
  for (const n of input.notifications)
    if (!Number.isInteger(n.eventIndex) || n.eventIndex < 0 || n.eventIndex >= events.length)
      problems.push(`notification ${n.idempotencyKey} eventIndex ${n.eventIndex}`);
  if (problems.length)
    throw new Error(`append to dispute ${disputeId}: inconsistent input: ${problems.join('; ')}`);
}

async function appendIn(tx: SqlExecutor, input: AppendInput): Promise<StoredEvent[]> {
  const { disputeId, expectedVersion } = input;
  const current = await tx.query<{ version: number }>(
    'select coalesce(max(seq), 0)::int as version from dispute_events where dispute_id = $1',
    [disputeId],
  );
  if (current.rows[0]?.version !== expectedVersion) throw new StaleVersionError(disputeId, expectedVersion);

  // A savepoint, so that a write refused half-way (a racing writer got there first) leaves nothing
  // behind and the caller's transaction still usable.
  await tx.query('savepoint cpd_append');
  try {
    const stored = await writeAppend(tx, input);
    await tx.query('release savepoint cpd_append');
    return stored;
  } catch (error) {
    await tx.query('rollback to savepoint cpd_append').catch(() => {});
    if (isRaceLost(error)) throw new StaleVersionError(disputeId, expectedVersion);
    throw error;
  }
}

async function writeAppend(tx: SqlExecutor, input: AppendInput): Promise<StoredEvent[]> {
  const { disputeId, tenantId, expectedVersion, events } = input;
  const stored = events.map((event, i) => ({ disputeId, seq: expectedVersion + 1 + i, event }));
  for (const { seq, event } of stored)
    await tx.query(
      `insert into dispute_events (dispute_id, seq, type, at, actor_id, data, tenant_id)
       values ($1, $2, $3, $4, $5, $6::text::jsonb, $7)`,
      [disputeId, seq, event.type, event.at, event.actorId, JSON.stringify(event), tenantId],
    );

  await writeProjection(tx, input);

  const keys = input.deadlines.map((d) => d.key);
  await tx.query(
    'delete from deadlines where dispute_id = $1 and fired_at is null and key <> all ($2::text[])',
    [disputeId, keys],
  );
  // A key already present stays as it is; a fired key is never scheduled again.
  for (const d of input.deadlines)
    await tx.query(
      `insert into deadlines (dispute_id, key, kind, stage_id, due_at, tenant_id) values ($1, $2, $3, $4, $5, $6)
       on conflict (dispute_id, key) do nothing`,
      [disputeId, d.key, d.kind, d.stageId, d.dueAt, tenantId],
    );

  for (const n of input.notifications) {
    const eventSeq = expectedVersion + 1 + n.eventIndex;
    const causedAt = events[n.eventIndex]?.at;
    await tx.query(
      `insert into outbox (dispute_id, event_seq, recipient_id, reason, stage_id, channel, idempotency_key,
         next_attempt_at, tenant_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict (idempotency_key) do nothing`,
      [...outboxParams({ ...n, disputeId, eventSeq }), causedAt, tenantId],
    );
  }
  return stored;
}

async function writeProjection(tx: SqlExecutor, input: AppendInput): Promise<void> {
  const p = input.projection;
  const values = [
    p.id,
    p.tenantId,
    p.reference,
    p.protocolId,
    p.version,
    p.status,
    p.raiserId,
    p.socialWorkerId,
    p.caseNumber,
    p.theme,
    p.stageId,
    p.stageOpenedOn,
    p.dueOn,
    p.dueAt,
    p.capOn,
    [...p.respondentIds],
    [...p.copiedIds],
    [...p.participantIds],
    p.awaitingChairDecision,
    p.raisedAt,
    p.closedAt,
  ];
  if (input.expectedVersion === 0) {
    await tx.query(
      `insert into disputes (${PROJECTION_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
         $12::date, $13::date, $14::timestamptz, $15::date, $16::text[], $17::text[], $18::text[], $19, $20, $21)`,
      values,
    );
    return;
  }
  const updated = await tx.query(
    `update disputes set reference = $3, protocol_id = $4, version = $5, status = $6, raiser_id = $7,
       social_worker_id = $8, case_number = $9, theme = $10, stage_id = $11, stage_opened_on = $12::date,
       due_on = $13::date, due_at = $14::timestamptz, cap_on = $15::date, respondent_ids = $16::text[],
       copied_ids = $17::text[], participant_ids = $18::text[], awaiting_chair_decision = $19, raised_at = $20,
       closed_at = $21
     where id = $1 and tenant_id = $2 and version = $22`,
    [...values, input.expectedVersion],
  );
  if (updated.rowCount !== 1) throw new StaleVersionError(input.disputeId, input.expectedVersion);
}

/** A unique violation on a stream position or a new dispute's id: another writer got there first. */
function isRaceLost(error: unknown): boolean {
  if (error instanceof StaleVersionError) return true;
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && (e.constraint === 'dispute_events_pkey' || e.constraint === 'disputes_pkey');
}

function isDatabase(tx: SqlExecutor): tx is SqlDatabase {
  return typeof (tx as Partial<SqlDatabase>).transaction === 'function';
}

// ---------------------------------------------------------------------------------------------
// rows

interface ProjectionRecord {
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
}

function toProjection(r: ProjectionRecord): DisputeProjection {
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
  };
}

interface DeadlineRecord {
  dispute_id: string;
  key: string;
  kind: DeadlineKind;
  stage_id: string;
  due_at: string;
}

function toDeadline(r: DeadlineRecord): DeadlineRow {
  return { disputeId: r.dispute_id, key: r.key, kind: r.kind, stageId: r.stage_id, dueAt: r.due_at };
}

interface OutboxRecord {
  id: number;
  dispute_id: string;
  event_seq: number;
  recipient_id: string;
  reason: NotificationReason;
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

function toOutbox(r: OutboxRecord): OutboxRow {
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

function outboxParams(row: OutboxInsert): unknown[] {
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
