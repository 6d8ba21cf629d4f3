// Outbox delivery against the real store: retries with backoff that honour Retry-After, the same
// idempotency key on every attempt, a dead letter that shows on the dispute and reaches the chair.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deliverAllDue,
  deliverOutbox,
  nextAttemptDelay,
  type OutboxPolicy,
} from '../../src/app/outbox-worker.ts';
import { DeliveryError, type Delivery } from '../../src/app/ports/delivery.ts';
import type { OutboxRow } from '../../src/app/ports/outbox.ts';
import { claimOutbox, leaseOutbox } from '../support/store-probes.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';
import { raiseBody } from '../support/raise-body.ts';

const policy: OutboxPolicy = { maxAttempts: 3, baseDelaySeconds: 30, maxDelaySeconds: 600, leaseSeconds: 60 };

/** A delivery adapter that fails as scripted per recipient, and records every attempt. */
function scriptedDelivery(failures: Record<string, DeliveryError[]>): Delivery & { attempts: OutboxRow[] } {
  const attempts: OutboxRow[] = [];
  return {
    kind: 'scripted',
    attempts,
    async deliver(row) {
      attempts.push(row);
      const next = failures[row.recipientId]?.shift();
      if (next) throw next;
    },
  };
}

let app: TestApp;
let disputeId: string;
const at = (iso: string) => app.testClock!.set(iso);

beforeEach(async () => {
  app = await startTestApp('pglite');
  at('2026-11-23T10:00:00Z');
  const raised = await apiAs(app, 'chair-amara').post('/api/disputes', raiseBody);
  disputeId = raised.body.id;
});
afterEach(async () => {
  await app.close();
});

const rows = () => app.services.db.transaction((tx) => app.services.store.outboxFor(tx, disputeId));
const rowFor = async (recipientId: string, reason: string) =>
  (await rows()).find((r) => r.recipientId === recipientId && r.reason === reason)!;

describe('outbox delivery', () => {
  it('backs off exponentially, but never sooner than the Retry-After the server asked for', () => {
    expect(nextAttemptDelay(policy, 1)).toBe(30);
    expect(nextAttemptDelay(policy, 2)).toBe(60);
    expect(nextAttemptDelay(policy, 3)).toBe(120);
    expect(nextAttemptDelay(policy, 10)).toBe(600);
    expect(nextAttemptDelay(policy, 1, 300)).toBe(300);
  });

  it('retries a throttled delivery after Retry-After, with the same idempotency key, then delivers', async () => {
    const delivery = scriptedDelivery({
      'sw-ben': [new DeliveryError('429 Too Many Requests', { retryAfterSeconds: 120 })],
    });
    const first = await deliverOutbox(app.services, delivery, { policy });
    expect(first.retried).toBe(1);
    const waiting = await rowFor('sw-ben', 'respond');
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: '429 Too Many Requests' });
    // 120 s asked for beats the first backoff step of 30 s (the clock ticks on a little in between).
    const next = Date.parse(waiting.nextAttemptAt);
    expect(next).toBeGreaterThanOrEqual(Date.parse('2026-11-23T10:02:00Z'));
    expect(next).toBeLessThan(Date.parse('2026-11-23T10:02:05Z'));

    // Not before Retry-After ...
    at('2026-11-23T10:01:00Z');
    expect((await deliverOutbox(app.services, delivery, { policy })).delivered).toBe(0);
    // ... and then once.
    at('2026-11-23T10:02:30Z');
    expect((await deliverOutbox(app.services, delivery, { policy })).delivered).toBe(1);
    expect(await rowFor('sw-ben', 'respond')).toMatchObject({ status: 'delivered' });
    const keys = delivery.attempts.filter((r) => r.recipientId === 'sw-ben').map((r) => r.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
  });

  it('gives up after the set number of attempts: dead on the dispute, and the chair is told', async () => {
    const fail = () => new DeliveryError('503 Service Unavailable');
    const delivery = scriptedDelivery({ 'sw-ben': [fail(), fail(), fail()] });
    let t = new Date('2026-11-23T10:00:00Z').getTime();
    for (let i = 0; i < 3; i++) {
      await deliverOutbox(app.services, delivery, { policy });
      t += 3600_000;
      at(new Date(t).toISOString());
    }
    expect(await rowFor('sw-ben', 'respond')).toMatchObject({ status: 'dead', attempts: 3 });
    const view = await apiAs(app, 'chair-amara').get(`/api/disputes/${disputeId}`);
    expect(view.body.notifications).toContainEqual(
      expect.objectContaining({ recipientId: 'sw-ben', reason: 'respond', status: 'dead' }),
    );
    expect(view.body.notifications).toContainEqual(
      expect.objectContaining({ recipientId: 'chair-amara', reason: 'delivery-failed' }),
    );
  });

  it('a permanent failure is dead at once', async () => {
    const delivery = scriptedDelivery({
      'sw-ben': [new DeliveryError('404: no such user', { permanent: true })],
    });
    const r = await deliverOutbox(app.services, delivery, { policy });
    expect(r.dead).toBe(1);
    expect(await rowFor('sw-ben', 'respond')).toMatchObject({ status: 'dead', attempts: 1 });
  });

  it('a worker that crashed after taking a row: the lease lapses and the row is delivered once', async () => {
    // Take the rows as a worker would, then "crash" before delivering.
    await app.services.db.transaction(async (tx) => {
      const taken = await claimOutbox(tx, app.services.clock.now(), 50);
      for (const row of taken) await leaseOutbox(tx, row.id, '2026-11-23T10:01:00Z');
    });
    const delivery = scriptedDelivery({});
    expect((await deliverOutbox(app.services, delivery, { policy })).delivered).toBe(0);
    at('2026-11-23T10:01:30Z');
    const pending = (await rows()).filter((r) => r.status === 'pending').length;
    expect((await deliverOutbox(app.services, delivery, { policy })).delivered).toBe(pending);
    expect((await rows()).every((r) => r.status === 'delivered')).toBe(true);
  });

  it('a backlog is delivered in order in one run, its deliveries recorded in a few statements, not one each', async () => {
    for (let i = 0; i < 15; i++)
      await apiAs(app, 'chair-amara').post('/api/disputes', {
        ...raiseBody,
        child: { ...raiseBody.child, caseNumber: `BACKLOG-${i}` },
      });
    const db = app.services.db;
    let markStatements = 0;
    const counted: typeof db = {
      ...db,
      kind: db.kind,
      close: () => db.close(),
      transaction: (work) => db.transaction(work),
      query: (sql, params, options) => {
        if (/update outbox set status = 'delivered'/.test(sql)) markStatements++;
        return db.query(sql, params, options);
      },
    };
    const delivery = scriptedDelivery({});
    const result = await deliverOutbox({ ...app.services, db: counted }, delivery, {
      policy,
      batchSize: 100,
    });

    const all = await app.services.db.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from outbox group by status`,
    );
    expect(all.rows).toEqual([{ status: 'delivered', n: result.delivered }]);
    expect(result.delivered).toBeGreaterThanOrEqual(16 * 2); // each raise tells at least two people
    expect(delivery.attempts.map((r) => r.id)).toEqual(
      [...delivery.attempts.map((r) => r.id)].sort((a, b) => a - b),
    );
    // The first delivery is recorded at once; the rest while it is written: two statements here.
    expect(markStatements).toBeGreaterThan(0);
    expect(markStatements).toBeLessThanOrEqual(3);
  });

  it('a backlog larger than a batch is delivered in one run, batch after batch; failures wait for their retry', async () => {
    for (let i = 0; i < 12; i++)
      await apiAs(app, 'chair-amara').post('/api/disputes', {
        ...raiseBody,
        child: { ...raiseBody.child, caseNumber: `DRAIN-${i}` },
      });
    const pending = async () =>
      (
        await app.services.db.query<{ n: number }>(
          `select count(*)::int as n from outbox where status = 'pending' and next_attempt_at <= $1`,
          [app.services.clock.now()],
        )
      ).rows[0]!.n;
    const waiting = await pending();
    expect(waiting).toBeGreaterThan(2 * 10); // three batches of 10 at least
    // sw-ben's first attempt is throttled: retried later, not again and again in this run.
    const delivery = scriptedDelivery({ 'sw-ben': [new DeliveryError('429', { retryAfterSeconds: 60 })] });
    const result = await deliverAllDue(app.services, delivery, { policy, batchSize: 10 });
    expect(result).toEqual({ delivered: waiting - 1, retried: 1, dead: 0 });
    expect(await pending()).toBe(0);
    expect(delivery.attempts).toHaveLength(waiting);
  });

  it('with DELIVERY=log every notification is delivered to the log, not to Teams', async () => {
    const logged = await startTestApp('pglite', { DELIVERY: 'log' });
    try {
      logged.testClock!.set('2026-11-23T10:00:00Z');
      const raised = await apiAs(logged, 'chair-amara').post('/api/disputes', raiseBody);
      expect(logged.delivery.kind).toMatch(/^log\+meetings/);
      const result = await deliverOutbox(logged.services, logged.delivery, { policy });
      const outbox = await logged.services.store.outboxFor(logged.services.db, raised.body.id);
      expect(outbox.length).toBeGreaterThan(0);
      expect(result).toEqual({ delivered: outbox.length, retried: 0, dead: 0 });
      expect(outbox.every((r) => r.status === 'delivered')).toBe(true);
    } finally {
      await logged.close();
    }
    // The default sends to Teams: here nobody has a Teams chat with the bot, so the same rows fail.
    expect(app.delivery.kind).toMatch(/^teams/);
  });
});
