// Links that open: with TEAMS_APP_ID set, the "Open in CP Disputes" link on a card in Teams is a
// Teams entity deep link to the personal tab, whose context names the dispute (the tab reads it as
// context.page.subPageId and opens that dispute); its fallback webUrl is the dispute's web page.
// The shape is learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-application
// ("Navigate within your app"). A local server stands in for the Bot Connector.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appCardLink, disputeCardLink, disputeWebUrl, subEntityIdOf } from '../../bot/cards/dispute-links.ts';
import { deliverOutbox } from '../../src/app/outbox-worker.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import { cardLinks, cardText } from '../support/card-inspection.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../support/fake-bot-connector.ts';
import { teamsClient, teamsUser, type TeamsUser } from '../support/teams-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const TEAMS_APP_ID = '3f0c2d4e-8a1b-4c5d-9e6f-7a8b9c0d1e2f';
const BASE = 'https://cp.northmoor.example';
const CHILD = 'Zebedee Quartermaine';

let app: TestApp;
let connector: FakeBotConnector;
let client: ReturnType<typeof teamsClient>;
const users: Record<string, TeamsUser> = {};

async function user(id: string): Promise<TeamsUser> {
  const person = (await app.services.directory.byId(id)) as Person;
  return (users[id] ??= teamsUser(person));
}

/** The targets of the markdown links in a card's text. */
function linksIn(card: unknown): string[] {
  return cardLinks(card).map((l) => l.url);
}

beforeAll(async () => {
  connector = await startFakeBotConnector();
  app = await startTestApp('pglite', { APP_BASE_URL: BASE, TEAMS_APP_ID });
  client = teamsClient(app, connector.serviceUrl);
  app.testClock!.set('2026-11-23T09:00:00Z');
  for (const id of ['chair-amara', 'sw-ben', 'tm-carla']) {
    const r = await client.install(await user(id));
    expect(r.status).toBe(200);
  }
});
afterAll(async () => {
  await app?.close();
  await connector?.close();
});

describe('links on cards in Teams', () => {
  let disputeId = '';
  let reference = '';

  it("the social worker's card opens the dispute in the Teams app's tab, naming only its reference", async () => {
    const chair = await user('chair-amara');
    const r = await client.press(chair, 'raise', {
      protocolId: 'gloucestershire',
      childName: CHILD,
      childDateOfBirth: '2019-04-02',
      caseNumber: 'NB-104233',
      conferenceDate: '2026-11-16',
      socialWorkerId: 'sw-ben',
      theme: 'statutory-requirements',
      concern: 'Statutory visits have not taken place since the review conference.',
      actionsRequired: 'Visit within 2 working days and see the child alone.',
      immediateRisk: 'false',
    });
    expect(r.status).toBe(200);
    disputeId = String(
      (r.card!.refresh as { action: { data: { disputeId: string } } }).action.data.disputeId,
    );
    reference = /Raised as (CPD-[A-Z0-9-]+)/.exec(cardText(r.card))![1]!;
    await deliverOutbox(app.services, app.delivery);

    const sw = await user('sw-ben');
    const card = connector.cardsIn(sw.conversationId).at(-1)!;
    const link = linksIn(card).find((l) => l.startsWith('https://teams.microsoft.com/'));
    expect(link).toBeDefined();
    const url = new URL(link!);
    expect(url.pathname).toBe(`/l/entity/${TEAMS_APP_ID}/dashboard`);
    expect(JSON.parse(url.searchParams.get('context')!)).toEqual({ subEntityId: disputeId });
    expect(subEntityIdOf(link!)).toBe(disputeId);
    expect(url.searchParams.get('webUrl')).toBe(`${BASE}/tab/disputes/${disputeId}`);
    expect(url.searchParams.get('label')).toBe(reference);
    // The link travels further than the card (a copied URL): nothing about the child is in it.
    expect(decodeURIComponent(link!)).not.toMatch(/Zebedee|Quartermaine|NB-104233/);
  });

  it('the help card opens the app itself in Teams', async () => {
    const r = await client.say(await user('tm-carla'), 'help');
    expect(r.status).toBe(200);
    const card = connector.cardsIn(users['tm-carla']!.conversationId).at(-1)!;
    const link = linksIn(card).find((l) => l.startsWith('https://teams.microsoft.com/'));
    expect(link).toBeDefined();
    expect(new URL(link!).pathname).toBe(`/l/entity/${TEAMS_APP_ID}/dashboard`);
    expect(subEntityIdOf(link!)).toBeNull();
  });
});

describe('links outside Teams stay on the web', () => {
  const dispute = { id: 'd-1', reference: 'CPD-7K3QX2' };

  it('Outlook cards and cards without TEAMS_APP_ID carry the https page, where the tab signs in itself', () => {
    expect(disputeCardLink({ appBaseUrl: `${BASE}/`, teamsAppId: TEAMS_APP_ID }, dispute, 'outlook')).toBe(
      `${BASE}/tab/disputes/d-1`,
    );
    expect(disputeCardLink({ appBaseUrl: BASE, teamsAppId: null }, dispute, 'teams')).toBe(
      `${BASE}/tab/disputes/d-1`,
    );
    expect(appCardLink({ appBaseUrl: BASE, teamsAppId: null }, 'teams')).toBe(`${BASE}/tab`);
    expect(disputeWebUrl(BASE, 'a/b')).toBe(`${BASE}/tab/disputes/a%2Fb`);
  });
});
