// The sweeper's deadlines in SQL, on the partial index of unfired deadlines (`deadlines_unfired_due`).
import type { DeadlineQueue } from '../../app/ports/deadline-queue.ts';
import { DEADLINE_COLUMNS, toDeadline, type DeadlineRecord } from './dispute-rows.ts';

/** The sweeper's claim: the next due row nobody else holds (the partial index `deadlines_unfired_due`). */
// Ordered by due_at alone, so the partial index hands over the first unlocked row without reading
// (and sorting) every due row for each claim.
export const CLAIM_NEXT_DEADLINE_SQL = `select ${DEADLINE_COLUMNS} from deadlines
  where fired_at is null and due_at <= $1 order by due_at limit 1 for update skip locked`;

/**
 * The same claim, past the rows this sweep already tried. The claim's lock ends with its statement
 * (the roster is looked up with no lock held), so a row another instance is firing can come back:
 * skipping it, rather than stopping there, lets two instances sweeping together share the rest.
 */
export const CLAIM_NEXT_UNTRIED_DEADLINE_SQL = `select ${DEADLINE_COLUMNS} from deadlines
  where fired_at is null and due_at <= $1
    and (dispute_id, key) not in (select * from unnest($2::text[], $3::text[]))
  order by due_at limit 1 for update skip locked`;

export const sqlDeadlineQueue: DeadlineQueue = {
  async claimNextDueDeadline(tx, now, tried = []) {
    // Each instance takes the next due row nobody else holds: no two sweepers wait on, or skip
    // past, the same rows (SKIP LOCKED on the partial index of unfired deadlines).
    const { rows } =
      tried.length === 0
        ? await tx.query<DeadlineRecord>(CLAIM_NEXT_DEADLINE_SQL, [now])
        : await tx.query<DeadlineRecord>(CLAIM_NEXT_UNTRIED_DEADLINE_SQL, [
            now,
            tried.map((t) => t.disputeId),
            tried.map((t) => t.key),
          ]);
    return rows[0] ? toDeadline(rows[0]) : null;
  },

  async claimDeadline(tx, disputeId, key, now) {
    // The sweeper's re-check in its short write transaction: still unfired, still due, and not
    // being acted on by another instance.
    const { rows } = await tx.query<DeadlineRecord>(
      `select ${DEADLINE_COLUMNS} from deadlines
       where dispute_id = $1 and key = $2 and fired_at is null and due_at <= $3
       for update skip locked`,
      [disputeId, key, now],
    );
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

  async markDeadlineFired(tx, disputeId, key, firedAt, outcome) {
    await tx.query('update deadlines set fired_at = $3, outcome = $4 where dispute_id = $1 and key = $2', [
      disputeId,
      key,
      firedAt,
      outcome,
    ]);
  },
};
