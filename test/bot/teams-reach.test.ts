// Issue 16 items 2 and 7, through the whole app with Microsoft Graph configured (the demo directory
// file kept with DIRECTORY_SOURCE=file): the Teams activity feed gets a notice, besides the card, when
// someone is asked to respond, the day before a response is due, when the chair must decide after a
// missed deadline and when the overall time limit is reached; a respondent who never installed the
// app gets it installed through Graph and then the card; one for whom the installation fails gets
// email. Entra ID and Graph are served by msw from the docs' examples (every request body checked
// against the JSON Schema generated from Graph's metadata, test/graph/schemas); a local server stands
// in for the Bot Connector (test/support/fake-bot-connector.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../src/app/ports/directory.ts';
import { feedWords } from '../../bot/feed-words.ts';
import { CLIENT, doc, SECRET, TENANT, TOKEN_URL } from '../graph/support.ts';
import { expectValidGraphBody, GRAPH, graphJson, schemaForRoute } from '../graph/schemas/graph-test-kit.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../support/fake-bot-connector.ts';
import { raiseBody } from '../support/raise-body.ts';
import { teamsClient, teamsUser } from '../support/teams-client.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';

const TEAMS_APP_ID = '8d2f4a3c-5b1e-4f7a-9c6d-2e8b0a1f3c5d';
const CATALOG_APP_ID = 'e1a7c3b5-0d2f-4e68-a9b1-7c3d5e2f4a60';
const APP_BASE_URL = 'https://cp-disputes.northmoor.example';
const SENDER = 'cp-disputes@northmoor.example';
const env = {
  GRAPH_TENANT_ID: TENANT,
  GRAPH_CLIENT_ID: CLIENT,
  GRAPH_CLIENT_SECRET: SECRET,
  MAIL_SENDER: SENDER,
  DIRECTORY_SOURCE: 'file',
  APP_BASE_URL,
  TEAMS_APP_ID,
  TEAMS_CATALOG_APP_ID: CATALOG_APP_ID,
  // Graph's own retries are not waited for here: what is left goes back to the outbox.
  GRAPH_MAX_RETRIES: '0',
};
/** What the card or the feed must never carry beyond the 1:1 chat: raiseBody's child and concern. */
const CHILD = /Amelia|O'Neill|NB-104233|A\.O|2019-04-02/;

// ---------------------------------------------------------------------------------------------
// Entra ID and Graph, served by msw; the fake Bot Connector on 127.0.0.1 is let through.

interface Sent {
  method: string;
  url: URL;
  text: string;
}
const server = setupServer();
const pending: Promise<Sent>[] = [];
server.events.on('request:start', ({ request }) => {
  if (new URL(request.url).hostname === '127.0.0.1') return;
  const copy = request.clone();
  pending.push(copy.text().then((text) => ({ method: request.method, url: new URL(request.url), text })));
});
beforeAll(() =>
  server.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  }),
);
afterEach(async () => {
  const requests = await Promise.all(pending);
  pending.length = 0;
  server.resetHandlers();
  for (const r of requests) {
    if (r.url.href.startsWith(TOKEN_URL)) continue;
    const schema = schemaForRoute(r.method, r.url.pathname);
    if (schema === null) throw new Error(`no schema for ${r.method} ${r.url.pathname}`);
    if (schema !== 'none') expectValidGraphBody(schema, JSON.parse(r.text));
  }
});
afterAll(() => server.close());

interface FeedNotice {
  userId: string;
  body: {
    topic: { source: string; value: string; webUrl: string };
    activityType: string;
    chainId: number;
    previewText: { content: string };
    templateParameters: { name: string; value: string }[];
  };
}
const feed: FeedNotice[] = [];
const installs: string[] = [];
const mails: { to: string[]; subject: string; html: string }[] = [];
/** Answers given instead of the next notices (throttled, refused). */
const feedFailures: (() => Response)[] = [];
/** Per user: how the installation is answered (201 by default). */
const installAnswers = new Map<string, () => Response>();

const handlers = () => [
  http.post(TOKEN_URL, () => HttpResponse.json(doc('token-client-credentials'))),
  http.post(`${GRAPH}/users/:userId/teamwork/sendActivityNotification`, async ({ request, params }) => {
    const failure = feedFailures.shift();
    if (failure) return failure();
    feed.push({ userId: String(params.userId), body: (await request.json()) as FeedNotice['body'] });
    // "If successful, this action returns a 204 No Content response code."
    return new HttpResponse(null, { status: 204 });
  }),
  http.post(`${GRAPH}/users/:userId/teamwork/installedApps`, ({ params }) => {
    const userId = String(params.userId);
    installs.push(userId);
    const answer = installAnswers.get(userId);
    if (answer) return answer();
    // Teams adds the bot for them: the Bot Connector can now open the 1:1 chat.
    connector.notInstalledFor.delete(userId);
    // "If successful, this method returns a 201 Created response code. It does not return anything."
    return new HttpResponse(null, { status: 201 });
  }),
  http.post(`${GRAPH}/users/${SENDER}/sendMail`, async ({ request }) => {
    const { message } = (await request.json()) as {
      message: {
        subject: string;
        body: { content: string };
        toRecipients: { emailAddress: { address: string } }[];
      };
    };
    mails.push({
      to: message.toRecipients.map((r) => r.emailAddress.address),
      subject: message.subject,
      html: message.body.content,
    });
    return new HttpResponse(null, { status: 202 });
  }),
];

// ---------------------------------------------------------------------------------------------

let app: TestApp;
let connector: FakeBotConnector;
const people: Record<string, Person> = {};

beforeAll(async () => {
  connector = await startFakeBotConnector();
}, 30_000);
afterAll(async () => {
  await connector?.close();
});

/** A council's WORDING_FILE rewording the "asked to respond" notice's second line. */
const COUNCIL_PREVIEW = 'Northmoor asks for your answer: open the dispute to read it.';
function councilWordingFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cpd-wording-')), 'wording.yaml');
  writeFileSync(path, `feed.preview.asked-to-respond: "${COUNCIL_PREVIEW}"\n`);
  return path;
}

/** Starts the app; `installed` have the app in Teams (their 1:1 chat with the bot is stored). */
async function start(installed: string[], extraEnv: Record<string, string> = {}) {
  server.use(...handlers());
  app = await startTestApp('pglite', { ...env, ...extraEnv });
  for (const id of ['chair-amara', 'sw-ben', 'tm-carla', 'tm-hana'])
    people[id] = (await app.services.directory.byId(id)) as Person;
  const client = teamsClient(app, connector.serviceUrl);
  for (const id of installed) expect((await client.install(teamsUser(people[id]!))).status).toBe(200);
}

beforeEach(() => {
  feed.length = 0;
  installs.length = 0;
  mails.length = 0;
  feedFailures.length = 0;
  installAnswers.clear();
  connector.notInstalledFor.clear();
});
afterEach(async () => {
  await app?.close();
});

const chair = () => apiAs(app, 'chair-amara');
const setClock = async (now: string) =>
  expect((await chair().post('/api/dev/clock', { now })).status).toBe(200);
const feedTo = (id: string) => feed.filter((n) => n.userId === people[id]!.aadObjectId);
/** The dispute's cards in the person's 1:1 chat: the one they opened, or one the bot created. */
const cardsTo = (id: string, disputeId: string) =>
  [
    `a:1to1-${id}`,
    ...connector.conversations
      .filter((c) => JSON.stringify(c.parameters.members).includes(people[id]!.aadObjectId))
      .map((c) => c.id),
  ]
    .flatMap((c) => connector.cardsIn(c))
    .filter((card) => JSON.stringify(card).includes(disputeId));
const notificationsOf = async (disputeId: string) =>
  (await chair().get(`/api/disputes/${disputeId}`)).body.notifications as {
    recipientId: string;
    reason: string;
    channel: string;
    status: string;
    attempts: number;
    lastError: string | null;
  }[];

async function raise() {
  await setClock('2026-11-23T10:00:00Z');
  const raised = await chair().post('/api/disputes', raiseBody);
  expect(raised.status, JSON.stringify(raised.body)).toBe(201);
  // Raising delivers straight away (the dev clock's sweep delivers too).
  await setClock('2026-11-23T10:00:05Z');
  return raised.body as { id: string; reference: string; version: number };
}

describe('the Teams activity feed', () => {
  it("puts 'asked to respond' in the respondent's feed with only the reference, opening the tab's dispute, in the council's words", async () => {
    await start(['chair-amara', 'sw-ben', 'tm-carla'], { WORDING_FILE: councilWordingFile() });
    const d = await raise();

    const [notice, ...more] = feedTo('sw-ben');
    expect(more).toEqual([]);
    expect(notice!.body.activityType).toBe(feedWords['asked-to-respond'].activityType);
    expect(notice!.body.topic).toMatchObject({ source: 'text', value: d.reference });
    expect(notice!.body.templateParameters).toEqual([{ name: 'reference', value: d.reference }]);
    // The second line is the council's (WORDING_FILE); the first is the manifest's templateText.
    expect(notice!.body.previewText.content).toBe(COUNCIL_PREVIEW);
    // Nothing about the child or the concern.
    expect(JSON.stringify(notice!.body)).not.toMatch(CHILD);
    expect(JSON.stringify(notice!.body)).not.toContain(raiseBody.concern.slice(0, 20));

    // The link is a Teams deep link to the app's personal tab, at the dispute's page.
    const link = new URL(notice!.body.topic.webUrl);
    expect(`${link.origin}${link.pathname}`).toBe(
      `https://teams.microsoft.com/l/entity/${TEAMS_APP_ID}/dashboard`,
    );
    expect(link.searchParams.get('webUrl')).toBe(`${APP_BASE_URL}/tab/disputes/${d.id}`);
    expect(link.searchParams.get('label')).toBe(d.reference);
    expect(JSON.parse(link.searchParams.get('context')!)).toEqual({ subEntityId: d.id });
    // The page it opens is the dispute, which the social worker may read.
    const opened = await apiAs(app, 'sw-ben').get(
      new URL(link.searchParams.get('webUrl')!).pathname.replace('/tab', '/api'),
    );
    expect(opened.status).toBe(200);
    expect(opened.body.reference).toBe(d.reference);

    // The card went too, and the feed and card rows are both recorded as delivered.
    expect(cardsTo('sw-ben', d.id).length).toBeGreaterThan(0);
    expect(feedTo('tm-carla')).toHaveLength(1);
    const rows = (await notificationsOf(d.id)).filter((n) => n.recipientId === 'sw-ben');
    expect(rows.map((n) => `${n.reason}:${n.channel}:${n.status}`)).toEqual([
      'respond:teams:delivered',
      'respond:feed:delivered',
    ]);
    // Copies and "for your information" are cards only.
    expect(feedTo('chair-amara')).toEqual([]);
  }, 60_000);

  it('is off without TEAMS_APP_ID: cards only, and no feed rows on the dispute', async () => {
    server.use(...handlers());
    app = await startTestApp('pglite', { ...env, TEAMS_APP_ID: '', TEAMS_CATALOG_APP_ID: '' });
    for (const id of ['chair-amara', 'sw-ben', 'tm-carla'])
      people[id] = (await app.services.directory.byId(id)) as Person;
    const client = teamsClient(app, connector.serviceUrl);
    for (const id of ['chair-amara', 'sw-ben', 'tm-carla'])
      expect((await client.install(teamsUser(people[id]!))).status).toBe(200);
    const d = await raise();
    expect(feed).toEqual([]);
    expect(cardsTo('sw-ben', d.id).length).toBeGreaterThan(0);
    expect((await notificationsOf(d.id)).filter((n) => n.channel === 'feed')).toEqual([]);
  }, 60_000);

  it('reaches the respondents the day before the due date, the chair when a decision is needed, and at the overall cap', async () => {
    await start(['chair-amara', 'sw-ben', 'tm-carla', 'tm-hana']);
    const d = await raise();
    feed.length = 0;

    // Informal stage due Wed 25 Nov: the reminder at 09:00 on Tue 24 Nov is "deadline tomorrow".
    await setClock('2026-11-24T09:00:00Z');
    expect(feedTo('sw-ben').map((n) => n.body.activityType)).toEqual(['deadlineTomorrow']);
    expect(feedTo('tm-carla').map((n) => n.body.activityType)).toEqual(['deadlineTomorrow']);
    // The due-day reminder is a card only.
    await setClock('2026-11-25T09:00:00Z');
    expect(feedTo('sw-ben')).toHaveLength(1);

    // The social worker disagrees and the chair escalates to stage 1 (the team manager); nobody
    // answers, so at close of business on its due day the chair must decide.
    const answered = await apiAs(app, 'sw-ben').post(`/api/disputes/${d.id}/responses`, {
      version: (await chair().get(`/api/disputes/${d.id}`)).body.version,
      outcome: 'disagree',
      text: 'Visits were booked but the family cancelled twice.',
    });
    expect(answered.status).toBe(200);
    const escalated = await chair().post(`/api/disputes/${d.id}/escalate`, {
      version: answered.body.version,
      reason: 'Two weeks without a visit is not acceptable for this plan.',
    });
    expect(escalated.status).toBe(200);
    const capOn = escalated.body.capOn as string;
    feed.length = 0;
    await setClock(new Date(escalated.body.stage.dueAt as string).toISOString());
    expect(feedTo('chair-amara').map((n) => n.body.activityType)).toContain('decisionNeeded');
    expect(feedTo('chair-amara').every((n) => n.body.topic.value === d.reference)).toBe(true);
    // Without a WORDING_FILE, the shipped second line.
    expect(
      feedTo('chair-amara').find((n) => n.body.activityType === 'decisionNeeded')!.body.previewText,
    ).toEqual({
      content: 'A deadline has passed without a response. Decide what happens next.',
    });

    // The overall time limit.
    feed.length = 0;
    await setClock(`${capOn}T17:30:00Z`);
    await setClock(`${capOn}T23:00:00Z`);
    const capped = feed.filter((n) => n.body.activityType === 'capReached');
    expect(capped.length).toBeGreaterThan(0);
    const capRows = (await notificationsOf(d.id)).filter((n) => n.reason === 'cap-reached');
    const capRecipients = [...new Set(capRows.map((n) => n.recipientId))];
    expect(new Set(capped.map((n) => n.userId))).toEqual(
      new Set(capRecipients.map((id) => people[id]?.aadObjectId ?? id)),
    );
    for (const n of feed) expect(JSON.stringify(n.body)).not.toMatch(CHILD);
  }, 120_000);

  it('a throttled notice is tried again later and a refused one is recorded, without losing the card', async () => {
    await start(['chair-amara', 'sw-ben', 'tm-carla']);
    // The first notice (the social worker's) is throttled, the second (the team manager's) refused.
    feedFailures.push(
      () => graphJson(doc('error-throttled'), 429, { 'Retry-After': '30' }),
      () => graphJson(doc('teamwork-activity-forbidden'), 403),
    );
    const d = await raise();

    const rows = await notificationsOf(d.id);
    const row = (id: string, channel: string) =>
      rows.find((n) => n.recipientId === id && n.reason === 'respond' && n.channel === channel)!;
    // Both cards went.
    expect(row('sw-ben', 'teams').status).toBe('delivered');
    expect(row('tm-carla', 'teams').status).toBe('delivered');
    expect(cardsTo('sw-ben', d.id).length).toBeGreaterThan(0);
    expect(cardsTo('tm-carla', d.id).length).toBeGreaterThan(0);
    // The throttled notice waits for its retry; the refused one is given up with words for IT.
    expect(row('sw-ben', 'feed')).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row('sw-ben', 'feed').lastError).toMatch(/tried again/);
    expect(row('tm-carla', 'feed').status).toBe('dead');
    expect(row('tm-carla', 'feed').lastError).toMatch(/TeamsActivity\.Send/);
    // A lost feed notice does not tell the chair that someone could not be reached: the card went.
    expect(rows.filter((n) => n.reason === 'delivery-failed')).toEqual([]);

    // Later, the retry goes, once.
    await setClock('2026-11-23T10:10:00Z');
    expect(feedTo('sw-ben')).toHaveLength(1);
    expect(feedTo('tm-carla')).toHaveLength(0);
    const after = await notificationsOf(d.id);
    expect(
      after.find((n) => n.recipientId === 'sw-ben' && n.reason === 'respond' && n.channel === 'feed')!.status,
    ).toBe('delivered');
  }, 60_000);
});

describe('people who have not installed the app', () => {
  it('installs it for a respondent the bot cannot reach, then sends the card and the feed notice', async () => {
    // The chair has the app; the social worker and team manager have never opened it.
    await start(['chair-amara']);
    connector.notInstalledFor.add(people['sw-ben']!.aadObjectId);
    connector.notInstalledFor.add(people['tm-carla']!.aadObjectId);
    const d = await raise();

    // Teams answered 403 to the first chat, the app was installed through Graph for each, and the
    // chat was opened again: the card arrived in Teams, and no email was needed.
    expect(installs).toEqual(
      expect.arrayContaining([people['sw-ben']!.aadObjectId, people['tm-carla']!.aadObjectId]),
    );
    expect(cardsTo('sw-ben', d.id).length).toBeGreaterThan(0);
    expect(cardsTo('tm-carla', d.id).length).toBeGreaterThan(0);
    expect(mails).toEqual([]);
    expect(
      connector.requests.filter((r) => r.method === 'POST' && r.path === '/v3/conversations').length,
    ).toBeGreaterThanOrEqual(4);
    // The installation body named the app in the council's catalog and consented to the
    // resource-specific permissions its manifest asks for (without, Graph refuses to install it).
    const install = (await Promise.all(pending)).find((r) =>
      r.url.pathname.endsWith('/teamwork/installedApps'),
    )!;
    expect(JSON.parse(install.text)).toEqual({
      'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${CATALOG_APP_ID}`,
      consentedPermissionSet: {
        resourceSpecificPermissions: [
          { permissionValue: 'TeamsActivity.Send.User', permissionType: 'application' },
          { permissionValue: 'MailboxItem.Read.User', permissionType: 'delegated' },
        ],
      },
    });
    expect(feedTo('sw-ben').map((n) => n.body.activityType)).toEqual(['askedToRespond']);
    const rows = (await notificationsOf(d.id)).filter((n) => n.recipientId === 'sw-ben');
    expect(rows.every((n) => n.status === 'delivered')).toBe(true);

    // The next time, the stored chat is used: no second installation.
    installs.length = 0;
    await setClock('2026-11-24T09:00:00Z');
    expect(installs).toEqual([]);
  }, 60_000);

  it('tries the chat again later when Teams has not yet added the bot after the installation', async () => {
    await start(['chair-amara', 'sw-ben']);
    const carla = people['tm-carla']!;
    connector.notInstalledFor.add(carla.aadObjectId);
    // Installed (201), but the Bot Connector still answers 403 for a while.
    installAnswers.set(carla.aadObjectId, () => new HttpResponse(null, { status: 201 }));
    const d = await raise();
    const cardRow = async () =>
      (await notificationsOf(d.id)).find(
        (n) => n.recipientId === 'tm-carla' && n.reason === 'respond' && n.channel === 'teams',
      )!;
    expect(await cardRow()).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await cardRow()).lastError).toMatch(/installed .* tried again/);
    expect(mails).toEqual([]);

    // Teams has added the bot by the retry: the card arrives, with no second installation.
    connector.notInstalledFor.delete(carla.aadObjectId);
    installs.length = 0;
    await setClock('2026-11-23T10:05:00Z');
    expect(cardsTo('tm-carla', d.id).length).toBeGreaterThan(0);
    expect(installs).toEqual([]);
    expect((await cardRow()).status).toBe('delivered');
  }, 60_000);

  it('emails a respondent for whom the installation fails', async () => {
    await start(['chair-amara', 'sw-ben']);
    const carla = people['tm-carla']!;
    connector.notInstalledFor.add(carla.aadObjectId);
    installAnswers.set(carla.aadObjectId, () => graphJson(doc('teamwork-install-not-found'), 404));
    const d = await raise();

    expect(installs).toEqual([carla.aadObjectId]);
    expect(cardsTo('tm-carla', d.id)).toEqual([]);
    const toCarla = mails.filter((m) => m.to.includes(carla.email!));
    expect(toCarla).toHaveLength(1);
    expect(toCarla[0]!.subject).toContain(d.reference);
    expect(toCarla[0]!.html).toContain(`${APP_BASE_URL}/tab/disputes/${d.id}`);
    const card = (await notificationsOf(d.id)).find(
      (n) => n.recipientId === 'tm-carla' && n.reason === 'respond' && n.channel === 'teams',
    )!;
    expect(card.status).toBe('delivered');
  }, 60_000);
});
