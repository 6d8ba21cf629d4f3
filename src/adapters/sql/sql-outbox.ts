// The outbox in SQL. Instants go in as ISO-8601 strings with an offset and come back in UTC.
import type { Outbox } from '../../app/ports/outbox.ts';
import { OUTBOX_COLUMNS, outboxParams, toOutbox, type OutboxRecord } from './dispute-rows.ts';

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

export const sqlOutbox: Outbox = {
  async leaseDueOutbox(tx, now, until, limit) {
    const { rows } = await tx.query<OutboxRecord>(LEASE_DUE_OUTBOX_SQL, [now, until, limit], {
      name: 'cpd_lease_due_outbox',
    });
    return rows.map(toOutbox).sort((a, b) => a.id - b.id);
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

  async outboxFor(tx, disputeId) {
    const { rows } = await tx.query<OutboxRecord>(
      `select ${OUTBOX_COLUMNS} from outbox where dispute_id = $1 order by id`,
      [disputeId],
    );
    return rows.map(toOutbox);
  },

  async deadOutbox(tx, tenantId, limit) {
    const { rows } = await tx.query<OutboxRecord>(
      `select ${OUTBOX_COLUMNS} from outbox where tenant_id = $1 and status = 'dead' order by id desc limit $2`,
      [tenantId, limit],
    );
    return rows.map(toOutbox);
  },
};
