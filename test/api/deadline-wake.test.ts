// Deadlines on time (issue 17 item 3) and the sweeper's notifications sent at once (issue 15
// item 5), in real time: the app runs its background work with the periodic sweep and the outbox
// poll both set to an hour, so only the deadline alarm can fire the deadline, and only the sweep's
// kick can deliver what it queued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { apiAs } from '../support/test-app.ts';
import { raiseBody } from '../support/raise-body.ts';

let app: RunningApp;
beforeAll(async () => {
  const env = {
    NODE_ENV: 'test',
    DATA_DIR: 'memory://',
    TEST_CLOCK: 'on',
    DELIVERY: 'log',
    SWEEP_INTERVAL_SECONDS: '3600',
    OUTBOX_INTERVAL_SECONDS: '3600',
  };
  app = await startApp(loadConfig(env), pino({ level: 'silent' }), { listen: false, env });
}, 120_000);
afterAll(async () => {
  await app?.stop();
});

const poll = async <T>(read: () => Promise<T | null>, withinMs: number): Promise<T | null> => {
  const until = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (value !== null || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('the deadline alarm', () => {
  it('acts on a deadline within 2 s of its due instant, and its notifications go out without the outbox poll', async () => {
    app.testClock!.set('2026-11-23T09:00:00Z');
    const raised = await apiAs(app, 'chair-amara').post('/api/disputes', raiseBody);
    expect(raised.status).toBe(201);
    const id = raised.body.id as string;
    const { rows: schedule } = await app.database.query<{ key: string; due_at: string }>(
      'select key, due_at from deadlines where dispute_id = $1 and fired_at is null order by due_at limit 1',
      [id],
    );
    const first = schedule[0]!;
    const dueMs = Date.parse(first.due_at);

    // 1.5 s before the first deadline: the app's clock runs on in real time from here.
    app.testClock!.set(new Date(dueMs - 1500).toISOString());
    const started = Date.now();
    const fired = await poll(async () => {
      const { rows } = await app.database.query<{ fired_at: string | null; outcome: string | null }>(
        'select fired_at, outcome from deadlines where dispute_id = $1 and key = $2',
        [id, first.key],
      );
      return rows[0]?.fired_at ? rows[0] : null;
    }, 6000);
    expect(fired, 'the deadline fired').not.toBeNull();
    const lateMs = Date.parse(fired!.fired_at!) - dueMs;
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(2000);
    expect(Date.now() - started).toBeLessThan(1500 + 2000 + 1000);
    expect(fired!.outcome).toBe('applied');

    // What the deadline's events queued is delivered by the sweep's kick (the poll is an hour away).
    const queued = await app.database.query<{ id: number }>(
      'select id from outbox where dispute_id = $1 and event_seq > $2',
      [id, raised.body.version],
    );
    expect(queued.rows.length).toBeGreaterThan(0);
    const delivered = await poll(async () => {
      const { rows } = await app.database.query<{ pending: number }>(
        `select count(*)::int as pending from outbox where dispute_id = $1 and event_seq > $2 and status <> 'delivered'`,
        [id, raised.body.version],
      );
      return rows[0]!.pending === 0 ? true : null;
    }, 2000);
    expect(delivered, 'the deadline’s notifications were delivered').toBe(true);
  }, 60_000);
});
