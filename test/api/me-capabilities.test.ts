// GET /api/me says what the signed-in person may do in the product, as the core decides it, so the
// tab's navigation and raise form show only what the server would allow (issue 15: the tab
// re-derives no rule).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';
import { raiseBody } from '../support/raise-body.ts';

let app: TestApp;
interface Me {
  id: string;
  may: { overseeAll: boolean; manageRecords: boolean; raiseUnder: string[] };
}
interface ProtocolSummary {
  id: string;
}

beforeAll(async () => {
  app = await startTestApp('pglite');
}, 60_000);
afterAll(() => app?.close());

describe('GET /api/me', () => {
  it('tells a chair, a social worker, oversight and information governance apart', async () => {
    const me = async (id: string) => (await apiAs(app, id).get('/api/me')).body as Me;
    const all = ((await apiAs(app, 'chair-amara').get('/api/protocols')).body as ProtocolSummary[]).map(
      (p) => p.id,
    );
    const chair = await me('chair-amara');
    expect(chair.may).toEqual({ overseeAll: false, manageRecords: false, raiseUnder: all });
    const sw = await me('sw-ben');
    expect(sw.may.overseeAll).toBe(false);
    expect(sw.may.raiseUnder).not.toContain(raiseBody.protocolId);
    expect((await me('hos-ruth')).may).toMatchObject({ overseeAll: true, manageRecords: true });
    expect((await me('ig-nadia')).may).toMatchObject({ overseeAll: false, manageRecords: true });
  });

  it('offers a raise only where the server accepts it', async () => {
    const sw = apiAs(app, 'sw-ben');
    const offered = ((await sw.get('/api/me')).body as Me).may.raiseUnder;
    const refused = await sw.post('/api/disputes', { ...raiseBody, socialWorkerId: 'sw-ben' });
    expect(offered).not.toContain(raiseBody.protocolId);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('not-allowed');
  });
});
