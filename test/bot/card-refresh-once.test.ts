// One card-refresh job per dispute version (issue 15 item 5): when an action tells several people,
// every card of the dispute already posted is updated once for the new version, however many
// deliveries that version has. A local server stands in for the Bot Connector and records each
// version of every card it was sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/app/outbox-worker.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../support/fake-bot-connector.ts';
import { teamsClient, teamsUser, type TeamsUser } from '../support/teams-client.ts';
import { raiseBody } from '../support/raise-body.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let connector: FakeBotConnector;
let client: ReturnType<typeof teamsClient>;
const users: Record<string, TeamsUser> = {};

beforeAll(async () => {
  connector = await startFakeBotConnector();
  app = await startTestApp('pglite');
  client = teamsClient(app, connector.serviceUrl);
  for (const id of ['chair-amara', 'sw-ben', 'tm-carla']) {
    users[id] = teamsUser((await app.services.directory.byId(id)) as Person);
    expect((await client.install(users[id])).status).toBe(200);
  }
}, 120_000);
afterAll(async () => {
  await app?.close();
  await connector?.close();
});

const deliver = () => deliverOutbox(app.services, app.delivery);
const cardsOf = (disputeId: string) =>
  connector.activities.filter((a) => JSON.stringify(a.activity).includes(disputeId));

describe('card refreshes', () => {
  it('each posted card of the dispute is updated exactly once for a version that tells several people', async () => {
    app.testClock!.set('2026-11-23T09:00:00Z');
    const chair = apiAs(app, 'chair-amara');
    const raised = await chair.post('/api/disputes', raiseBody);
    expect(raised.status).toBe(201);
    const id = raised.body.id as string;
    await deliver();
    // The chair opens it in chat too: a third posted card.
    await client.say(users['chair-amara']!, `open ${raised.body.reference}`);
    const posted = cardsOf(id);
    expect(posted.length).toBeGreaterThanOrEqual(3);
    const versionsBefore = new Map(posted.map((a) => [a.id, a.versions.length]));

    const resolved = await chair.post(`/api/disputes/${id}/resolve`, {
      version: raised.body.version,
      summary: 'Visits restarted.',
      keepMonitoring: false,
    });
    expect(resolved.status).toBe(200);
    const { rows } = await app.database.query<{ n: number }>(
      `select count(*)::int as n from outbox where dispute_id = $1 and event_seq > $2 and status = 'pending'`,
      [id, raised.body.version],
    );
    expect(rows[0]!.n).toBeGreaterThanOrEqual(2); // several deliveries of the version
    const r = await deliver();
    expect(r.delivered).toBeGreaterThanOrEqual(2);

    for (const a of posted)
      expect(a.versions.length - versionsBefore.get(a.id)!, `card ${a.id} updates`).toBe(1);
    // The cards the deliveries posted show the version already: none is updated again.
    for (const a of cardsOf(id).filter((x) => !versionsBefore.has(x.id)))
      expect(a.versions, `new card ${a.id}`).toHaveLength(1);
  }, 120_000);
});
