// Lists come a page at a time (issue 17): a chair with many disputes gets the soonest due first and
// "Show more" for the rest, and only the disputes she is shown are recorded as read by her.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readsOf } from '../support/store-probes.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';
import { raiseBody } from '../support/raise-body.ts';

let app: TestApp;
const raised: string[] = [];

interface ListBody {
  disputes: { id: string; reference: string }[];
  nextCursor: string | null;
}

beforeAll(async () => {
  app = await startTestApp('pglite');
  const chair = apiAs(app, 'chair-amara');
  await chair.post('/api/dev/clock', { now: '2026-11-23T10:00:00Z' });
  for (let i = 0; i < 5; i++) {
    const r = await chair.post('/api/disputes', {
      ...raiseBody,
      child: { ...raiseBody.child, caseNumber: `NB-20${i}` },
    });
    expect(r.status).toBe(201);
    raised.push((r.body as { id: string }).id);
  }
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('a list, a page at a time', () => {
  it('gives every dispute once across the pages, in the same order as one long page', async () => {
    const chair = apiAs(app, 'chair-amara');
    const whole = (await chair.get('/api/disputes?view=raised-by-me&limit=200')).body as ListBody;
    expect(whole.disputes.map((d) => d.id).sort()).toEqual([...raised].sort());
    expect(whole.nextCursor).toBeNull();

    const seen: string[] = [];
    let url = '/api/disputes?view=raised-by-me&limit=2';
    const sizes: number[] = [];
    for (;;) {
      const r = await chair.get(url);
      expect(r.status).toBe(200);
      const page = r.body as ListBody;
      sizes.push(page.disputes.length);
      seen.push(...page.disputes.map((d) => d.id));
      if (!page.nextCursor) break;
      url = `/api/disputes?view=raised-by-me&limit=2&after=${page.nextCursor}`;
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(whole.disputes.map((d) => d.id));
  });

  it('records as read only the disputes on the page the person was shown', async () => {
    const sw = apiAs(app, 'sw-ben');
    const page = (await sw.get('/api/disputes?view=awaiting-me&limit=1')).body as ListBody;
    expect(page.disputes).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    const shown = page.disputes[0]!.id;
    const listReads = async (id: string) =>
      (await readsOf(app.database, id)).filter(
        (r) => r.personId === 'sw-ben' && r.what === 'list:awaiting-me',
      );
    expect(await listReads(shown)).toHaveLength(1);
    for (const other of raised.filter((id) => id !== shown)) expect(await listReads(other)).toHaveLength(0);
  });

  it('refuses a cursor it did not give, and a page size out of range, naming the field', async () => {
    const chair = apiAs(app, 'chair-amara');
    const tampered = Buffer.from(JSON.stringify({ d: null, r: 'yesterday', i: 'x' })).toString('base64url');
    for (const [query, field] of [
      [`after=${tampered}`, 'after'],
      ['after=not*a*cursor', 'after'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
    ] as const) {
      const r = await chair.get(`/api/disputes?view=raised-by-me&${query}`);
      expect(r.status, query).toBe(400);
      expect((r.body as { field?: string }).field, query).toBe(field);
    }
  });
});
