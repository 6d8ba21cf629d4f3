// The whole Gloucestershire scenario through the bot, over HTTP: a chair raises a dispute in chat,
// the social worker and the team manager answer on their cards, a missed deadline takes it to the
// head of service, and the chair resolves it. A local server stands in for the Bot Connector and
// records which card reached whom.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/app/outbox-worker.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import { cardText, executeActions, inputIdsOf } from '../support/card-inspection.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../support/fake-bot-connector.ts';
import { teamsClient, teamsUser, type TeamsUser } from '../support/teams-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let connector: FakeBotConnector;
let client: ReturnType<typeof teamsClient>;
const users: Record<string, TeamsUser> = {};
const CHILD = "Amelia-Rose O'Neill";
const DOB = '2019-04-02';

async function user(id: string): Promise<TeamsUser> {
  const person = (await app.services.directory.byId(id)) as Person;
  return (users[id] ??= teamsUser(person));
}
const at = (iso: string) => app.testClock!.set(iso);
const deliver = () => deliverOutbox(app.services, app.delivery);
/** The cards in a person's 1:1 chat, as they look now (updates applied). */
const cardsOf = (u: TeamsUser) => connector.cardsIn(u.conversationId);
const latestCardOf = (u: TeamsUser) => cardsOf(u).at(-1)!;
const dataOf = (card: Record<string, unknown>, verb: string) =>
  executeActions(card).find((a) => a.verb === verb)!.data;

beforeAll(async () => {
  connector = await startFakeBotConnector();
  app = await startTestApp('pglite', { APP_BASE_URL: 'https://cp.northmoor.example' });
  client = teamsClient(app, connector.serviceUrl);
  at('2026-11-23T09:00:00Z');
  // Everyone has the app installed: the bot keeps a conversation reference for each.
  for (const id of ['chair-amara', 'sw-ben', 'tm-carla', 'hos-nadia', 'tm-hana', 'hos-ruth']) {
    const r = await client.install(await user(id));
    expect(r.status).toBe(200);
  }
});
afterAll(async () => {
  await app?.close();
  await connector?.close();
});

describe('a Gloucestershire dispute in Teams', () => {
  let disputeId = '';

  it('the chair types "raise" and gets the raise form, with the social worker picker searching the directory', async () => {
    const chair = await user('chair-amara');
    const r = await client.say(chair, 'raise');
    expect(r.status).toBe(200);
    const form = latestCardOf(chair);
    expect(inputIdsOf(form)).toEqual(
      expect.arrayContaining(['childName', 'caseNumber', 'socialWorkerId', 'concern', 'theme']),
    );
    expect(executeActions(form).map((a) => a.verb)).toEqual(
      expect.arrayContaining(['raise', 'preview-raise']),
    );
    const found = (await client.search(chair, 'harrow')).body as { value: { results: { value: string }[] } };
    expect(found.value.results.map((x) => x.value)).toContain('sw-ben');
  });

  it('a form with a missing field comes back with the message by the field and what was typed kept; nothing is raised', async () => {
    const chair = await user('chair-amara');
    const r = await client.press(chair, 'raise', {
      protocolId: 'gloucestershire',
      childName: CHILD,
      caseNumber: 'NB-104233',
    });
    expect(r.status).toBe(200);
    expect(cardText(r.card)).toMatch(/Please write the concern/);
    expect(JSON.stringify(r.card)).toContain('NB-104233');
    const mine = await app.services.db.query('select count(*)::int as n from disputes');
    expect((mine.rows[0] as { n: number }).n).toBe(0);
  });

  it('the chair raises it on the card; the social worker and the team manager may answer the alert (seed 002: "the Social Worker / Team Manager has two working days to respond")', async () => {
    const chair = await user('chair-amara');
    const r = await client.press(chair, 'raise', {
      protocolId: 'gloucestershire',
      childName: CHILD,
      childDateOfBirth: DOB,
      caseNumber: 'NB-104233',
      conferenceDate: '2026-11-16',
      socialWorkerId: 'sw-ben',
      theme: 'statutory-requirements',
      concern: 'Statutory visits have not taken place since the review conference.',
      actionsRequired: 'Visit within 2 working days and see the child alone.',
      immediateRisk: 'false',
    });
    expect(r.status).toBe(200);
    expect(cardText(r.card)).toMatch(/Raised as CPD-/);
    disputeId = String(
      (r.card!.refresh as { action: { data: { disputeId: string } } }).action.data.disputeId,
    );
    expect(disputeId).toMatch(/^[0-9a-f-]{36}$/);

    await deliver();
    const sw = await user('sw-ben');
    const swCard = latestCardOf(sw);
    expect(inputIdsOf(swCard)).toContain('responseText');
    expect(cardText(swCard)).toMatch(/Informal/);
    expect(cardText(swCard)).toMatch(/25 Nov|2026-11-25/);
    const tm = await user('tm-carla');
    expect(inputIdsOf(latestCardOf(tm))).toContain('responseText');
  });

  it('no card to anyone carries the child’s full name or date of birth', () => {
    for (const a of connector.activities) {
      const json = JSON.stringify(a.activity);
      if (a.conversationId === users['chair-amara']!.conversationId && json.includes('childName')) continue; // the chair's own form
      expect(json).not.toContain("O'Neill");
      expect(json).not.toContain(DOB);
    }
  });

  it('the social worker disagrees on the card; the chair escalates to stage 1 and the team manager answers on the card', async () => {
    const sw = await user('sw-ben');
    const card = latestCardOf(sw);
    const r = await client.press(sw, 'respond', {
      ...dataOf(card, 'respond'),
      outcome: 'disagree',
      responseText: 'Visits were booked; the family cancelled twice.',
    });
    expect(cardText(r.card)).toMatch(/response is recorded/);
    await deliver();

    const chair = await user('chair-amara');
    const chairCard = latestCardOf(chair);
    expect(executeActions(chairCard).map((a) => a.verb)).toEqual(
      expect.arrayContaining(['escalate', 'resolve']),
    );
    const esc = await client.press(chair, 'escalate', {
      ...dataOf(chairCard, 'escalate'),
      escalateReason: 'Two weeks without a visit.',
    });
    expect(cardText(esc.card)).toMatch(/Escalated/);
    await deliver();

    const tm = await user('tm-carla');
    const tmCard = latestCardOf(tm);
    expect(cardText(tmCard)).toMatch(/Stage 1/);
    const answered = await client.press(tm, 'respond', {
      ...dataOf(tmCard, 'respond'),
      outcome: 'disagree',
      responseText: 'We are short of staff this month.',
    });
    expect(cardText(answered.card)).toMatch(/response is recorded/);

    // Pressing the same button again records nothing new: the card is out of date.
    const again = await client.press(tm, 'respond', {
      ...dataOf(tmCard, 'respond'),
      outcome: 'disagree',
      responseText: 'Again',
    });
    expect(cardText(again.card)).toMatch(/out of date/);
    expect(cardText(again.card)).toMatch(/Carla Brightwater responded/);
    const responses = await app.services.db.query(
      `select count(*)::int as n from dispute_events where dispute_id = $1 and type = 'Responded'`,
      [disputeId],
    );
    expect((responses.rows[0] as { n: number }).n).toBe(2);
  });

  it('at stage 2 nobody holds the meeting; after the missed deadline and no decision it reaches the head of service', async () => {
    const chair = await user('chair-amara');
    await deliver();
    const esc = await client.press(chair, 'escalate', {
      ...dataOf(latestCardOf(chair), 'escalate'),
      escalateReason: 'The team manager does not accept the concern.',
    });
    expect(cardText(esc.card)).toMatch(/Resolutions Meeting/);
    await deliver();
    // Stage 2 opened Mon 23 Nov, due Fri 27 Nov. The sweep on Mon 30 Nov asks the chair ...
    await app.server.inject({
      method: 'POST',
      url: '/api/dev/clock',
      headers: { 'x-dev-user': 'chair-amara', 'content-type': 'application/json' },
      payload: JSON.stringify({ now: '2026-11-30T08:00:00Z' }),
    });
    await deliver();
    const decision = latestCardOf(chair);
    expect(executeActions(decision).map((a) => a.verb)).toEqual(
      expect.arrayContaining(['escalate', 'extend', 'resolve']),
    );
    expect(cardText(decision)).toMatch(/decision/i);
    // ... who consults their line manager and the head of service for safeguarding (seed 004).
    expect(cardsOf(await user('tm-hana')).length).toBeGreaterThan(0);
    expect(cardsOf(await user('hos-ruth')).length).toBeGreaterThan(0);
    // No decision by the end of Wed 2 Dec: stage 3 opens by itself.
    await app.server.inject({
      method: 'POST',
      url: '/api/dev/clock',
      headers: { 'x-dev-user': 'chair-amara', 'content-type': 'application/json' },
      payload: JSON.stringify({ now: '2026-12-03T08:00:00Z' }),
    });
    await deliver();
    const hos = await user('hos-nadia');
    const hosCard = latestCardOf(hos);
    expect(cardText(hosCard)).toMatch(/Head of Service/);
    expect(inputIdsOf(hosCard)).toContain('responseText');
  });

  it('the head of service answers; the chair resolves; every copy of the card shows it resolved', async () => {
    const hos = await user('hos-nadia');
    await client.press(hos, 'respond', {
      ...dataOf(latestCardOf(hos), 'respond'),
      outcome: 'actions-agreed',
      responseText: 'Weekly visits from Monday; I will check each one.',
    });
    await deliver();
    const chair = await user('chair-amara');
    const r = await client.press(chair, 'resolve', {
      ...dataOf(latestCardOf(chair), 'resolve'),
      summary: 'Visits restarted.',
      keepMonitoring: 'true',
    });
    expect(cardText(r.card)).toMatch(/Resolved/);
    await deliver();
    for (const id of ['sw-ben', 'tm-carla', 'hos-nadia']) {
      const cards = cardsOf(await user(id));
      expect(cards.length).toBeGreaterThan(0);
      // Every copy in their chat was updated in place to the resolved view: nothing left to press.
      for (const c of cards.filter((c) => JSON.stringify(c).includes(disputeId)))
        expect(
          executeActions(c)
            .map((a) => a.verb)
            .filter((v) => v !== 'refresh' && v !== 'open'),
        ).toEqual([]);
    }
    expect(connector.activities.some((a) => a.versions.length > 1)).toBe(true);
  });
});

describe('the bot refuses bad input without changing anything', () => {
  it('a malformed activity: 400', async () => {
    const r = await app.server.inject({
      method: 'POST',
      url: '/api/messages',
      headers: { 'content-type': 'application/json' },
      payload: '"hello"',
    });
    expect(r.statusCode).toBe(400);
  });

  it('another channel or tenant: refused', async () => {
    const chair = await user('chair-amara');
    const wrongTenant = teamsUser({ ...chair.person, tenantId: '11111111-1111-4111-8111-111111111111' });
    const r = await client.press(wrongTenant, 'refresh', {
      disputeId: '00000000-0000-4000-8000-000000000000',
      version: 1,
    });
    expect(r.body?.statusCode).toBe(403);
  });

  it('a person with no aadObjectId, or not in the directory, gets a card saying so', async () => {
    const stranger = teamsUser({
      id: 'x',
      name: 'Stranger',
      aadObjectId: '99999999-0000-4000-8000-000000000000',
      tenantId: '00000000-0000-4000-8000-00000000a11c',
    });
    const r = await client.press(stranger, 'resolve', {
      disputeId: '00000000-0000-4000-8000-000000000000',
      version: 1,
      summary: 'x',
    });
    expect(cardText(r.card)).toMatch(/not in the directory/);
  });

  it('an unknown verb, and a payload naming a dispute the person is not part of', async () => {
    const gus = await user('sw-gus');
    const rows = await app.services.db.query<{ id: string; version: number }>(
      'select id, version from disputes limit 1',
    );
    const d = rows.rows[0]!;
    const r = await client.press(gus, 'resolve', {
      disputeId: d.id,
      version: d.version,
      summary: 'Closing it myself.',
    });
    expect(cardText(r.card)).toMatch(/not available to you/);
    const after = await app.services.db.query<{ version: number }>(
      'select version from disputes where id = $1',
      [d.id],
    );
    expect(after.rows[0]!.version).toBe(d.version);
    const chair = await user('chair-amara');
    const u = await client.press(chair, 'frobnicate', { disputeId: d.id, version: d.version });
    expect(cardText(u.card)).toMatch(/not recognised/);
  });

  it('a text over the limit is refused on the card, nothing changes', async () => {
    const chair = await user('chair-amara');
    const rows = await app.services.db.query<{ id: string; version: number }>(
      'select id, version from disputes limit 1',
    );
    const d = rows.rows[0]!;
    const r = await client.press(chair, 'withdraw', {
      disputeId: d.id,
      version: d.version,
      withdrawReason: 'x'.repeat(5000),
    });
    expect(cardText(r.card)).toMatch(/too long/);
  });
});
