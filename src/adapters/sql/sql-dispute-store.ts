// The dispute store in plain SQL ($n parameters), identical on PGlite and PostgreSQL. Every method
// runs on the executor it is given, so the caller's transaction spans load → decide → append; the
// append and a dispute's snapshot are single statements (dispute-append.ts, dispute-snapshot.ts).
//
// Values: instants go in as ISO-8601 strings with an offset and come back as ISO-8601 UTC strings
// (both adapters parse timestamptz the same way); dates are 'YYYY-MM-DD'; events are JSONB and come
// back as the objects that were written.
import type { DisputeEvent } from '../../core/dispute/dispute-events.ts';
import type { DisputeStore, DisputeView, ReadEntry } from '../../app/ports/dispute-store.ts';
import type { SqlDatabase, SqlExecutor } from '../../app/ports/sql-database.ts';
import { appendDispute } from './dispute-append.ts';
import {
  DEADLINE_COLUMNS,
  OUTBOX_COLUMNS,
  PROJECTION_COLUMNS,
  outboxParams,
  toDeadline,
  toOutbox,
  toProjection,
  type DeadlineRecord,
  type OutboxRecord,
  type ProjectionRecord,
} from './dispute-rows.ts';
import { loadSnapshot } from './dispute-snapshot.ts';
import { migrate } from './migrations.ts';
import { caseNumberKey } from '../../core/dispute/case-number.ts';

/** The sweeper's read: due, unfired deadlines (a range scan on the partial index `deadlines_unfired_due`). */
export const DUE_DEADLINES_SQL = `select ${DEADLINE_COLUMNS} from deadlines
  where fired_at is null and due_at <= $1 order by due_at, dispute_id, key limit $2`;

/** The sweeper's claim: the next due row nobody else holds (the partial index `deadlines_unfired_due`). */
// Ordered by due_at alone, so the partial index hands over the first unlocked row without reading
// (and sorting) every due row for each claim.
export const CLAIM_NEXT_DEADLINE_SQL = `select ${DEADLINE_COLUMNS} from deadlines
  where fired_at is null and due_at <= $1 order by due_at limit 1 for update skip locked`;

/** The delivery worker's claim: pending rows oldest first (the partial index `outbox_pending_in_order`). */
export const CLAIM_OUTBOX_SQL = `select ${OUTBOX_COLUMNS} from outbox
  where status = 'pending' and next_attempt_at <= $1 order by id limit $2 for update skip locked`;

/**
 * Claim and lease in one statement (atomic without a transaction): the due pending rows nobody
 * else holds get their next attempt pushed to the lease's end, and come back to be delivered.
 */
export const LEASE_DUE_OUTBOX_SQL = `update outbox o set next_attempt_at = $2
  from (select id from outbox where status = 'pending' and next_attempt_at <= $1
        order by id limit $3 for update skip locked) due
  where o.id = due.id
  returning ${OUTBOX_COLUMNS.split(',')
    .map((c) => `o.${c.trim()}`)
    .join(', ')}`;

/** Orders a list of disputes soonest due first (no due date last), then oldest first. */
const SOONEST_DUE = 'order by due_at asc nulls last, raised_at asc, id asc';

/** Each view's condition on a person ($2); `all-open` does not depend on the person. */
const VIEW_FILTERS: Record<DisputeView, string | null> = {
  'raised-by-me': 'raiser_id = $2',
  // Waiting for this person: an answer they owe, or (issue 12 item 8) the decision a chair owes on her
  // own dispute after a missed deadline.
  'awaiting-me': `status = 'open' and (respondent_ids @> array[$2::text] or (raiser_id = $2 and awaiting_chair_decision))`,
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

    async snapshot(tx, disputeId, include) {
      return loadSnapshot(tx, disputeId, include);
    },

    async append(tx, input) {
      return appendDispute(tx, input);
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
        // Compared by caseNumberKey (src/core/dispute/case-number.ts): "gl 600" finds "GL-600".
        `select ${PROJECTION_COLUMNS} from disputes
         where tenant_id = $1 and regexp_replace(upper(case_number), '[^A-Z0-9]', '', 'g') = $2
         order by raised_at, id`,
        [tenantId, caseNumberKey(caseNumber)],
        { name: 'cpd_list_by_case_number' },
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

    async nextDeadlineDueAt(tx) {
      // The first entry of the partial index of unfired deadlines: what the sweeper wakes for.
      const { rows } = await tx.query<{ at: string | Date | null }>(
        'select min(due_at) as at from deadlines where fired_at is null',
        [],
        { name: 'cpd_next_deadline_due_at' },
      );
      const at = rows[0]?.at;
      return at ? new Date(at).toISOString() : null;
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

    async leaseDueOutbox(tx, now, until, limit) {
      const { rows } = await tx.query<OutboxRecord>(LEASE_DUE_OUTBOX_SQL, [now, until, limit], {
        name: 'cpd_lease_due_outbox',
      });
      return rows.map(toOutbox).sort((a, b) => a.id - b.id);
    },

    async leaseOutbox(tx, id, until) {
      await tx.query(`update outbox set next_attempt_at = $2 where id = $1 and status = 'pending'`, [
        id,
        until,
      ]);
    },

    async markDelivered(tx, ids, at) {
      if (ids.length === 0) return;
      await tx.query(
        `update outbox set status = 'delivered', delivered_at = $2, attempts = attempts + 1, last_error = null
         where id = any($1::bigint[])`,
        [ids, at],
        { name: 'cpd_mark_delivered' },
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
      await recordReads(tx, [entry]);
    },

    async recordReads(tx, entries) {
      await recordReads(tx, entries);
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

/**
 * One statement for any number of reads. A look at an id the council has no dispute by (none, or
 * another council's, which row-level security hides) is recorded in the reader's council; '' where
 * no council is set (a database used without one, as some storage tests do).
 */
async function recordReads(tx: SqlExecutor, entries: readonly ReadEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `insert into dispute_reads (dispute_id, person_id, at, what, allowed, tenant_id)
     select r.dispute_id, r.person_id, r.at, r.what, r.allowed,
       coalesce(d.tenant_id, current_setting('app.tenant_id', true), '')
     from jsonb_to_recordset($1::text::jsonb)
       as r(dispute_id text, person_id text, at timestamptz, what text, allowed boolean, ord int)
     left join disputes d on d.id = r.dispute_id
     order by r.ord`,
    [
      JSON.stringify(
        entries.map((e, ord) => ({
          dispute_id: e.disputeId,
          person_id: e.personId,
          at: e.at,
          what: e.what,
          allowed: e.allowed,
          ord,
        })),
      ),
    ],
    { name: 'cpd_record_reads' },
  );
}
