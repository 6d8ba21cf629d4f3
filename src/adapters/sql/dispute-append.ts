// A dispute's append as ONE statement: the new events, the projection, the deadline schedule, the
// outbox rows and the read audit, in data-modifying CTEs. One statement is atomic on its own, so a
// person's action needs no BEGIN/COMMIT round trips, and it costs one round trip to the database
// instead of one per row (each round trip is a system call either side, the dominant cost under
// load). Optimistic concurrency is the projection's version: the write is guarded by
// `version = expected` (or, for a new dispute, by the id being free), and every other insert hangs
// off that row, so a stale append writes nothing but its reads. A concurrent writer blocks on the
// projection row and then finds the version moved: 0 rows, no error, the caller's transaction stays
// usable.
import {
  ReferenceTakenError,
  StaleVersionError,
  type AppendInput,
  type AppendResult,
} from '../../app/ports/dispute-event-store.ts';
import type { OutboxRow } from '../../app/ports/outbox.ts';
import type { SqlExecutor } from '../../app/ports/sql-database.ts';
import { OUTBOX_COLUMNS, PROJECTION_COLUMNS, toOutbox, type OutboxRecord } from './dispute-rows.ts';

const PROJECTION_VALUES = `$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::date, $13::date,
  $14::timestamptz, $15::date, $16::text[], $17::text[], $18::text[], $19, $20, $21, $27`;

// A new dispute: the insert wins only if the id is free (a racing creator waits, then does nothing).
const CREATE_PROJECTION = `insert into disputes (${PROJECTION_COLUMNS}) values (${PROJECTION_VALUES})
  on conflict (id) do nothing returning id`;

// An existing one: only at the version the caller decided on ($28, sent for updates only).
const UPDATE_PROJECTION = `update disputes set reference = $3, protocol_id = $4, version = $5, status = $6,
    raiser_id = $7, social_worker_id = $8, case_number = $9, theme = $10, stage_id = $11,
    stage_opened_on = $12::date, due_on = $13::date, due_at = $14::timestamptz, cap_on = $15::date,
    respondent_ids = $16::text[], copied_ids = $17::text[], participant_ids = $18::text[],
    awaiting_chair_decision = $19, raised_at = $20, closed_at = $21, stage_answered = $27
  where id = $1 and tenant_id = $2 and version = $28 returning id`;

// Every insert but the audit joins `written`: no projection row written, nothing else written.
// The final SELECT always returns one row (the outbox rows queued, or one row of nulls), carrying
// whether the projection was written.
function appendSql(projectionWrite: string): string {
  return `with written as (${projectionWrite}),
  appended as (
    insert into dispute_events (dispute_id, seq, type, at, actor_id, data, tenant_id)
    select w.id, e.seq, e.type, e.at, e.actor_id, e.data, $2
    from written w
    cross join jsonb_to_recordset($22::text::jsonb)
      as e(seq int, type text, at timestamptz, actor_id text, data jsonb)
  ),
  unscheduled as (
    -- dispute_id = $1 (not IN written): a prepared statement's generic plan must still see the
    -- primary key's index; the EXISTS makes the delete conditional on the write. "Not fired" is
    -- written as a coalesce, not as fired_at is null: that would match the partial index of unfired
    -- deadlines (the sweeper's), and a planner without statistics, guessing that few rows are
    -- unfired, ANDs that whole index with the primary key's, reading every unfired deadline of
    -- every dispute on each append.
    delete from deadlines
    where dispute_id = $1 and exists (select 1 from written)
      and coalesce(fired_at, 'infinity'::timestamptz) = 'infinity'::timestamptz
      and key <> all ($23::text[])
  ),
  scheduled as (
    -- A key already present stays as it is; a fired key is never scheduled again.
    insert into deadlines (dispute_id, key, kind, stage_id, due_at, tenant_id)
    select w.id, d.key, d.kind, d.stage_id, d.due_at, $2
    from written w
    cross join jsonb_to_recordset($24::text::jsonb)
      as d(key text, kind text, stage_id text, due_at timestamptz)
    on conflict (dispute_id, key) do nothing
  ),
  queued as (
    insert into outbox (dispute_id, event_seq, recipient_id, reason, stage_id, channel, idempotency_key,
      next_attempt_at, tenant_id)
    select w.id, o.event_seq, o.recipient_id, o.reason, o.stage_id, o.channel, o.idempotency_key,
      o.next_attempt_at, $2
    from written w
    cross join jsonb_to_recordset($25::text::jsonb)
      as o(event_seq int, recipient_id text, reason text, stage_id text, channel text,
        idempotency_key text, next_attempt_at timestamptz)
    on conflict (idempotency_key) do nothing
    returning ${OUTBOX_COLUMNS}
  ),
  audited as (
    insert into dispute_reads (dispute_id, person_id, at, what, allowed, tenant_id)
    select $1, r.person_id, r.at, r.what, true, $2
    from jsonb_to_recordset($26::text::jsonb) as r(person_id text, at timestamptz, what text)
  )
  select (select count(*) from written)::int as written, q.*
  from (select 1) one left join queued q on true
  order by q.id`;
}

const CREATE_SQL = appendSql(CREATE_PROJECTION);
const UPDATE_SQL = appendSql(UPDATE_PROJECTION);

type AppendRecord = { written: number } & { [K in keyof OutboxRecord]: OutboxRecord[K] | null };

/** The one statement an append sends: its text, parameters and prepared-statement name. */
export function appendStatement(input: AppendInput): { sql: string; params: unknown[]; name: string } {
  const { expectedVersion, events, projection: p } = input;
  const stored = storedEvents(input);
  const params: unknown[] = [
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
    JSON.stringify(
      stored.map(({ seq, event }) => ({
        seq,
        type: event.type,
        at: event.at,
        actor_id: event.actorId,
        data: event,
      })),
    ),
    input.deadlines.map((d) => d.key),
    JSON.stringify(
      input.deadlines.map((d) => ({ key: d.key, kind: d.kind, stage_id: d.stageId, due_at: d.dueAt })),
    ),
    JSON.stringify(
      input.notifications.map((n) => ({
        event_seq: expectedVersion + 1 + n.eventIndex,
        recipient_id: n.recipientId,
        reason: n.reason,
        stage_id: n.stageId,
        channel: n.channel,
        idempotency_key: n.idempotencyKey,
        // The first attempt is due when the causing event happened (the app's clock, not the database's).
        next_attempt_at: events[n.eventIndex]?.at,
      })),
    ),
    JSON.stringify((input.reads ?? []).map((r) => ({ person_id: r.personId, at: r.at, what: r.what }))),
    p.stageAnswered,
  ];
  return expectedVersion === 0
    ? { sql: CREATE_SQL, params, name: 'cpd_append_create' }
    : { sql: UPDATE_SQL, params: [...params, expectedVersion], name: 'cpd_append_update' };
}

const storedEvents = ({ disputeId, expectedVersion, events }: AppendInput) =>
  events.map((event, i) => ({ disputeId, seq: expectedVersion + 1 + i, event }));

export async function appendDispute(tx: SqlExecutor, input: AppendInput): Promise<AppendResult> {
  checkAppendInput(input);
  const { sql, params, name } = appendStatement(input);
  const { rows } = await tx.query<AppendRecord>(sql, params, { name }).catch((e: unknown) => {
    // References are random (short enough to read out on the phone), so two disputes can draw the
    // same one; the caller draws again. Any other error is not ours to interpret.
    const db = e as { code?: string; constraint?: string };
    if (db.code === '23505' && db.constraint === 'disputes_reference_key')
      throw new ReferenceTakenError(input.projection.reference);
    throw e;
  });
  if (rows[0]?.written !== 1) throw new StaleVersionError(input.disputeId, input.expectedVersion);
  const outbox: OutboxRow[] = rows
    .filter((r): r is AppendRecord & OutboxRecord => r.id !== null)
    .map(toOutbox);
  return { events: storedEvents(input), outbox };
}

/** A caller bug, not a race: refused before anything is sent. */
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
