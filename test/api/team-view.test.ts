// The channel tab's team view: open disputes whose social worker is in a team, for that team's
// members and for oversight; each dispute listed is recorded as read, like every other list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readsOf } from '../support/store-probes.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';
import { raiseBody } from '../support/raise-body.ts';

let app: TestApp;
const north = 'North Child Protection Team';
const teamUrl = (team: string) => `/api/disputes?view=team&team=${encodeURIComponent(team)}`;
const ids = (body: { disputes: { id: string }[] }) => body.disputes.map((d) => d.id).sort();
let northOpen: string[];
let southOpen: string;
let northClosed: string;

beforeAll(async () => {
  app = await startTestApp('pglite');
  const chair = apiAs(app, 'chair-amara');
  await chair.post('/api/dev/clock', { now: '2026-11-23T10:00:00Z' });
  const raise = async (socialWorkerId: string, caseNumber: string) => {
    const r = await chair.post('/api/disputes', {
      ...raiseBody,
      socialWorkerId,
      child: { ...raiseBody.child, caseNumber },
    });
    expect(r.status).toBe(201);
    return r.body as { id: string; version: number };
  };
  const ben = await raise('sw-ben', 'NB-1');
  const dana = await raise('sw-dana', 'NB-2');
  const fern = await raise('sw-fern', 'NB-3');
  const closed = await raise('sw-ben', 'NB-4');
  await chair.post(`/api/disputes/${closed.id}/withdraw`, {
    version: closed.version,
    reason: 'Raised in error.',
  });
  northOpen = [ben.id, dana.id].sort();
  southOpen = fern.id;
  northClosed = closed.id;
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('the team view', () => {
  it("lists the team's open disputes to a member of the team", async () => {
    const r = await apiAs(app, 'tm-carla').get(teamUrl(north));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ view: 'team', team: north });
    expect(ids(r.body)).toEqual(northOpen);
    expect(ids(r.body)).not.toContain(northClosed);
    expect(ids(r.body)).not.toContain(southOpen);
    // Any member of the team, not only its managers.
    expect(ids((await apiAs(app, 'bso-pat').get(teamUrl(north))).body)).toEqual(northOpen);
  });

  it('is open to oversight for any team, and refused to people of other teams', async () => {
    expect(ids((await apiAs(app, 'hos-ruth').get(teamUrl(north))).body)).toEqual(northOpen);
    expect(ids((await apiAs(app, 'hos-ruth').get(teamUrl('South Child Protection Team'))).body)).toEqual([
      southOpen,
    ]);
    expect((await apiAs(app, 'sw-fern').get(teamUrl(north))).status).toBe(403);
    // The chair raised these disputes, but is not in the team: their own views are the way in.
    expect((await apiAs(app, 'chair-amara').get(teamUrl(north))).status).toBe(403);
    expect((await apiAs(app, 'hos-ruth').get(teamUrl('No Such Team'))).body.disputes).toEqual([]);
  });

  it('checks its query', async () => {
    expect((await apiAs(app, 'tm-carla').get('/api/disputes?view=team')).body).toMatchObject({
      error: 'bad-request',
      field: 'team',
    });
    expect(
      (await apiAs(app, 'tm-carla').get(`/api/disputes?view=awaiting-me&team=${encodeURIComponent(north)}`))
        .body,
    ).toMatchObject({
      error: 'bad-request',
      field: 'team',
    });
    // Other views answer as before.
    const mine = await apiAs(app, 'chair-amara').get('/api/disputes?view=raised-by-me');
    expect(mine.body.view).toBe('raised-by-me');
    expect(mine.body.team).toBeUndefined();
  });

  it('records each dispute listed as read, like the other lists', async () => {
    await apiAs(app, 'tm-carla').get(teamUrl(north));
    for (const id of northOpen) {
      const reads = await app.services.db.transaction((tx) => readsOf(tx, id));
      expect(reads).toContainEqual(
        expect.objectContaining({ personId: 'tm-carla', what: 'list:team', allowed: true }),
      );
    }
  });
});
