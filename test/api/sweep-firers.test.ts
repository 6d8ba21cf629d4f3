// The sweep fires several deadlines side by side (issue 17): every due deadline of every dispute is
// acted on once, none twice, whatever the firers' timing (a dispute's own rows never side by side).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines, SWEEP_FIRERS } from '../../src/app/deadline-sweeper.ts';
import { loadDispute } from '../../src/app/dispute-writer.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';
import { raiseBody } from '../support/raise-body.ts';

let app: TestApp;
const ids: string[] = [];

beforeAll(async () => {
  app = await startTestApp('pglite');
  const chair = apiAs(app, 'chair-amara');
  await chair.post('/api/dev/clock', { now: '2026-11-23T10:00:00Z' });
  for (let i = 0; i < 3 * SWEEP_FIRERS; i++) {
    const r = await chair.post('/api/disputes', {
      ...raiseBody,
      child: { ...raiseBody.child, caseNumber: `NB-3${i}` },
    });
    expect(r.status).toBe(201);
    ids.push((r.body as { id: string }).id);
  }
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('a sweep with several firers', () => {
  it('acts on every due deadline once, and the chair of each dispute is asked to decide', async () => {
    // Past the informal stage's due date (2 working days from Mon 23 Nov): its reminders and the
    // deadline itself are all due in one sweep.
    app.testClock!.set('2026-11-30T08:00:00Z');
    const swept = await sweepDeadlines(app.services);
    expect(swept.applied).toBeGreaterThanOrEqual(ids.length);

    for (const id of ids) {
      const loaded = await loadDispute(app.services.store, app.services.protocols, app.services.db, id);
      const types = loaded!.events.map((e) => e.event.type);
      expect(
        types.filter((t) => t === 'DeadlineMissed'),
        `${id}: ${types.join(', ')}`,
      ).toHaveLength(1);
      expect(loaded!.projection.awaitingChairDecision).toBe(true);
    }
    // The late reminders were marked (not sent: their day has passed), every row once.
    const unfired = await app.services.db.query<{ n: number }>(
      `select count(*)::int as n from deadlines where fired_at is null and due_at <= '2026-11-30T08:00:00Z'`,
    );
    expect(unfired.rows[0]!.n).toBe(0);

    // Nothing is left due, and a second sweep finds nothing to do.
    expect(await sweepDeadlines(app.services)).toEqual({ applied: 0, stale: 0 });
  });
});
