// Delivers outbox rows through the delivery port. A row is leased in one statement (claimed with
// SKIP LOCKED, its next attempt pushed past the lease) and delivered outside any
// transaction, so a slow Teams or Graph call never holds the database; a crash during delivery
// lets the lease lapse and the row is tried again, under the same idempotency key.
//
// Rows are delivered one at a time, in order (two cards to one person arrive in the order of the
// events). Recording "delivered" does not hold up the next delivery: marks are group-committed, one
// statement for all the rows delivered while the previous statement ran. Under load this matters:
// with one UPDATE per row, each waiting behind people's requests for a pooled connection, the
// worker fell behind (measured: 500 of 12,600 notifications delivered during a 50-client run). A
// crash between a delivery and its mark can repeat only the rows of the statement in flight.
import type { AppServices } from './app-services.ts';
import { groupCommit } from './group-commit.ts';
import { DeliveryError, type Delivery } from './ports/delivery.ts';
import type { OutboxRow } from './ports/outbox.ts';

export interface OutboxPolicy {
  maxAttempts: number;
  /** First retry delay; doubled each attempt, capped at maxDelaySeconds. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  leaseSeconds: number;
}

export const defaultOutboxPolicy: OutboxPolicy = {
  maxAttempts: 8,
  baseDelaySeconds: 30,
  maxDelaySeconds: 3600,
  leaseSeconds: 120,
};

export interface OutboxResult {
  delivered: number;
  retried: number;
  dead: number;
}

const plusSeconds = (iso: string, s: number) => new Date(new Date(iso).getTime() + s * 1000).toISOString();

/** Exponential backoff that honours the server's Retry-After when it asks for longer. */
export function nextAttemptDelay(policy: OutboxPolicy, attempts: number, retryAfterSeconds?: number): number {
  const backoff = Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** Math.max(0, attempts - 1));
  return Math.max(backoff, retryAfterSeconds ?? 0);
}

export async function deliverOutbox(
  services: AppServices,
  delivery: Delivery,
  options: { batchSize?: number; policy?: OutboxPolicy } = {},
): Promise<OutboxResult> {
  const { db, store, clock } = services;
  const policy = options.policy ?? defaultOutboxPolicy;
  const now = clock.now();
  const leased: OutboxRow[] = await store.leaseDueOutbox(
    db,
    now,
    plusSeconds(now, policy.leaseSeconds),
    options.batchSize ?? 50,
  );
  const result: OutboxResult = { delivered: 0, retried: 0, dead: 0 };
  const markDelivered = groupCommit<number>((ids) => store.markDelivered(db, ids, clock.now()));
  const marks: Promise<void>[] = [];
  for (const row of leased) {
    try {
      await delivery.deliver(row);
      marks.push(markDelivered(row.id).then(() => void result.delivered++));
    } catch (e) {
      const attempts = row.attempts + 1;
      const err = e instanceof DeliveryError ? e : new DeliveryError(String((e as Error)?.message ?? e));
      const dead = Boolean(err.options.permanent) || attempts >= policy.maxAttempts;
      services.metrics?.deliveryFailed(row.channel);
      const next = plusSeconds(
        clock.now(),
        nextAttemptDelay(policy, attempts, err.options.retryAfterSeconds),
      );
      await db.transaction(async (tx) => {
        await store.markAttemptFailed(tx, row.id, err.message.slice(0, 500), next, dead);
        // The chair hears when someone could not be reached, so the dispute does not sit unseen: one
        // summary per dispute per London day (the key), however many rows failed. A notice that a
        // notice failed is never itself reported again, so a chair who cannot be reached starts no cascade.
        // A feed notice that could not go is not reported: the card it goes with is the message.
        if (dead && row.reason !== 'delivery-failed' && row.channel !== 'feed') {
          const projection = await store.getProjection(tx, row.disputeId);
          const calendar = projection && services.protocols.get(projection.protocolId)?.calendar;
          if (projection && calendar && projection.raiserId !== row.recipientId)
            await store.insertOutbox(tx, [
              {
                disputeId: row.disputeId,
                eventSeq: row.eventSeq,
                recipientId: projection.raiserId,
                reason: 'delivery-failed',
                stageId: row.stageId,
                channel: row.channel,
                idempotencyKey: `${row.disputeId}:delivery-failed:${calendar.londonDateOf(clock.now())}`,
              },
            ]);
        }
      });
      if (dead) result.dead++;
      else result.retried++;
    }
  }
  // A mark that failed leaves its rows leased: they are delivered again when the lease lapses.
  const failed = (await Promise.allSettled(marks)).find((m) => m.status === 'rejected');
  if (failed) throw failed.reason;
  return result;
}

/**
 * Batch after batch until no due row is left (or `stop` says so). One batch per timer tick would
 * drain a backlog at 50 rows per tick: the 4,550 notifications left by a bench run took minutes,
 * as would those of a morning sweep that escalates many disputes at once.
 */
export async function deliverAllDue(
  services: AppServices,
  delivery: Delivery,
  options: { batchSize?: number; policy?: OutboxPolicy; stop?: () => boolean } = {},
): Promise<OutboxResult> {
  const batchSize = options.batchSize ?? 50;
  const total: OutboxResult = { delivered: 0, retried: 0, dead: 0 };
  for (;;) {
    const r = await deliverOutbox(services, delivery, { ...options, batchSize });
    total.delivered += r.delivered;
    total.retried += r.retried;
    total.dead += r.dead;
    if (r.delivered + r.retried + r.dead < batchSize || options.stop?.()) return total;
  }
}
