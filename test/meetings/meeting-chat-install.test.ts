// Booking a resolution meeting in Teams puts CP Disputes in the meeting (issue 16 item 5): the whole
// app with Microsoft Graph configured and TEAMS_CATALOG_APP_ID set, Entra ID and Graph served by msw
// from the docs' examples. The outbox books the Gloucestershire stage 2 meeting; the app then finds
// the meeting's chat from its join link ("Get onlineMeeting" by JoinWebUrl), adds itself to that
// chat ("Add app to chat") and pins the dispute's meeting tab ("Add tab to chat"). Every body sent
// is checked against the JSON Schema generated from Graph's metadata (chat-installedApp,
// chat-tab: test/graph/schemas), and a request without a handler fails the test. A refusal from
// Teams never undoes or fails the booking: it is a warning on it, for the chair.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { doc, CLIENT, SECRET, TENANT, TOKEN_URL } from '../graph/support.ts';
import {
  expectValidGraphBody,
  FakeOutlook,
  graphBodyValidator,
  fixture,
  GRAPH,
  graphJson,
  schemaForRoute,
} from '../graph/schemas/graph-test-kit.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';
import { deliverUntilQuiet, outboxOf, people, raiseAtStage2 } from './meeting-test-kit.ts';

const ORGANIZER = 'cp-meetings@northmoor.example';
const ORGANIZER_ID = 'bc55b173-cff6-457d-b7a1-64bda7d7581a';
const CATALOG_APP_ID = '06805b9e-77e3-4b93-ac81-525eb87513b8';
const APP_BASE_URL = 'https://cp-disputes.northmoor.example';
const env = {
  GRAPH_TENANT_ID: TENANT,
  GRAPH_CLIENT_ID: CLIENT,
  GRAPH_CLIENT_SECRET: SECRET,
  MEETINGS_ORGANIZER: ORGANIZER,
  DIRECTORY_SOURCE: 'file',
  APP_BASE_URL,
  TEAMS_CATALOG_APP_ID: CATALOG_APP_ID,
};

const meeting = fixture<{ value: { joinWebUrl: string; chatInfo: { threadId: string } }[] }>(
  'onlinemeeting-by-joinweburl',
).value[0]!;
const JOIN_URL = fixture<{ onlineMeeting: { joinUrl: string } }>('calendar-event-created').onlineMeeting
  .joinUrl;
const CHAT_ID = meeting.chatInfo.threadId;
const APP_BIND = `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${CATALOG_APP_ID}`;

interface Sent {
  method: string;
  url: URL;
  text: string;
}
const server = setupServer();
const pending: Promise<Sent>[] = [];
const unhandled: string[] = [];
server.events.on('request:start', ({ request }) => {
  const copy = request.clone();
  pending.push(copy.text().then((text) => ({ method: request.method, url: new URL(request.url), text })));
});
server.events.on(
  'request:unhandled',
  ({ request }) => void unhandled.push(`${request.method} ${request.url}`),
);
const toGraph = async () =>
  (await Promise.all(pending)).filter((r) => r.url.origin === new URL(GRAPH).origin);
const json = (r: Sent) => JSON.parse(r.text) as Record<string, unknown>;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  const requests = await toGraph();
  pending.length = 0;
  server.resetHandlers();
  expect(unhandled.splice(0), 'requests nobody answered').toEqual([]);
  for (const r of requests) {
    const schema = schemaForRoute(r.method, r.url.pathname);
    if (schema === null) throw new Error(`no schema for ${r.method} ${r.url.pathname}`);
    if (schema === 'none') expect(r.text, `${r.method} ${r.url.pathname} sends no body`).toBe('');
    else expectValidGraphBody(schema, json(r));
  }
});
afterAll(() => server.close());

/** Everyone free: getSchedule as the docs' empty example, for each address asked about. */
const freeSchedule = () =>
  http.post(`${GRAPH}/users/${ORGANIZER}/calendar/getSchedule`, async ({ request }) => {
    const template = fixture<{ value: Record<string, unknown>[] }>('calendar-getschedule-empty').value[0]!;
    const body = (await request.json()) as { schedules: string[] };
    return graphJson({
      value: body.schedules.map((address) => ({
        ...template,
        scheduleId: address,
        workingHours: { ...(template.workingHours as object), startTime: '09:00:00.0000000' },
      })),
    });
  });

/** The organiser's directory entry: its object id, which the onlineMeetings path needs. */
const organizerUser = () =>
  http.get(`${GRAPH}/users/${ORGANIZER}`, () =>
    graphJson({
      ...doc<Record<string, unknown>>('user-get'),
      id: ORGANIZER_ID,
      userPrincipalName: ORGANIZER,
    }),
  );

/** The organiser's online meetings: the one with the booked join link, found by JoinWebUrl. */
const onlineMeetings = () =>
  http.get(`${GRAPH}/users/${ORGANIZER_ID}/onlineMeetings`, ({ request }) => {
    const filter = new URL(request.url).searchParams.get('$filter') ?? '';
    const m = /^JoinWebUrl eq '((?:[^']|'')*)'$/.exec(filter);
    if (!m) return graphJson(doc('error-unsupported-query'), 400);
    const asked = m[1]!.replace(/''/g, "'");
    return graphJson({
      '@odata.context': `${GRAPH}/$metadata#users('${ORGANIZER_ID}')/onlineMeetings`,
      value: asked === meeting.joinWebUrl ? [{ ...meeting }] : [],
    });
  });

/** The meeting chat's apps and tabs, as Teams keeps them. */
class FakeMeetingChat {
  installs = 0;
  readonly tabs: Record<string, unknown>[] = [];
  /** The answer to the next install instead of installing (a refusal). */
  refuseInstall: (() => Response) | null = null;
  handlers() {
    const base = `${GRAPH}/chats/${encodeURIComponent(CHAT_ID).replace(/%40/g, '@')}`;
    return [
      http.post(`${base}/installedApps`, () => {
        if (this.refuseInstall) return this.refuseInstall();
        if (this.installs++ > 0) return graphJson(fixture('chat-installedapp-conflict'), 409);
        return new HttpResponse(null, { status: 201 });
      }),
      http.get(`${base}/tabs`, () =>
        graphJson({
          value: this.tabs.map((t) => ({
            ...t,
            teamsApp: { id: CATALOG_APP_ID, displayName: 'CP Disputes' },
          })),
        }),
      ),
      http.post(`${base}/tabs`, async ({ request }) => {
        if (this.installs === 0) return graphJson(doc('error-not-found'), 404);
        const body = (await request.json()) as Record<string, unknown>;
        const tab = {
          ...fixture('chat-tab-created'),
          displayName: body.displayName,
          configuration: body.configuration,
        };
        this.tabs.push(tab);
        return graphJson(tab, 201);
      }),
    ];
  }
}

let app: TestApp;
let chat: FakeMeetingChat;
let outlook: FakeOutlook;
beforeEach(async () => {
  chat = new FakeMeetingChat();
  outlook = new FakeOutlook(ORGANIZER);
  server.use(
    http.post(TOKEN_URL, () => HttpResponse.json(doc('token-client-credentials'))),
    freeSchedule(),
    organizerUser(),
    onlineMeetings(),
    ...outlook.handlers(),
    ...chat.handlers(),
  );
  app = await startTestApp('pglite', env);
  // Monday 19 October 2026, 08:00 in London (BST).
  app.testClock!.set('2026-10-19T07:00:00Z');
}, 30_000);
afterEach(async () => {
  await app?.close();
});

const bookedEventOf = async (disputeId: string) => {
  const view = (await apiAs(app, people.chair.id).get(`/api/disputes/${disputeId}`)).body;
  return {
    view,
    booked: view.events.find((e: { type: string }) => e.type === 'MeetingBooked') as
      { joinUrl: string | null; warnings: string[]; eventId: string } | undefined,
  };
};

describe('a booked Teams meeting gets CP Disputes in its chat', () => {
  it('finds the chat by the join link, adds the app from the catalog and pins the dispute’s meeting tab', async () => {
    const dispute = await raiseAtStage2(app);
    await deliverUntilQuiet(app);

    const graph = await toGraph();
    // The meeting's chat, from the booked join link, on the organiser's account (by object id).
    const lookups = graph.filter((r) => r.url.pathname === `/v1.0/users/${ORGANIZER_ID}/onlineMeetings`);
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.url.searchParams.get('$filter')).toBe(`JoinWebUrl eq '${JOIN_URL}'`);

    // The app, by its catalog id, into that chat, consenting to the resource-specific permissions
    // its manifest asks for: the docs' example 2 ("Install app in a chat and consent to the
    // resource-specific permissions required by the app").
    const installs = graph.filter((r) => r.method === 'POST' && r.url.pathname.endsWith('/installedApps'));
    expect(installs).toHaveLength(1);
    expect(decodeURIComponent(installs[0]!.url.pathname)).toBe(`/v1.0/chats/${CHAT_ID}/installedApps`);
    expect(json(installs[0]!)).toEqual({
      'teamsApp@odata.bind': APP_BIND,
      consentedPermissionSet: {
        resourceSpecificPermissions: [
          { permissionValue: 'TeamsActivity.Send.User', permissionType: 'application' },
          { permissionValue: 'MailboxItem.Read.User', permissionType: 'delegated' },
        ],
      },
    });

    // The dispute's meeting tab, named by the reference only.
    const tabs = graph.filter((r) => r.method === 'POST' && r.url.pathname.endsWith('/tabs'));
    expect(tabs).toHaveLength(1);
    const contentUrl = `${APP_BASE_URL}/tab/meeting/${dispute.id}`;
    expect(json(tabs[0]!)).toEqual({
      displayName: `CP Disputes ${dispute.reference}`,
      'teamsApp@odata.bind': APP_BIND,
      configuration: { entityId: `cp-disputes-meeting-${dispute.id}`, contentUrl, websiteUrl: contentUrl },
    });
    // Everyone in the meeting chat sees the tab: nothing about the child in what was sent to Teams.
    expect(
      JSON.stringify(graph.filter((r) => r.url.pathname.includes('/chats/')).map((r) => r.text)),
    ).not.toMatch(/Amelia|O'Neill|2019-04-02|NB-104233/);

    // The booking stands with its Teams link and no warning.
    const { booked } = await bookedEventOf(dispute.id);
    expect(booked).toMatchObject({ joinUrl: JOIN_URL, warnings: [] });
    expect(outlook.live).toHaveLength(1);
  });

  it('keeps the booking when Teams refuses to add the app, and tells the chair with the meeting', async () => {
    chat.refuseInstall = () => graphJson(doc('error-forbidden'), 403);
    const dispute = await raiseAtStage2(app);
    await deliverUntilQuiet(app);

    // One event, booked once, not retried or cancelled because the chat refused.
    expect(outlook.creates).toBe(1);
    expect(outlook.live).toHaveLength(1);
    const { view, booked } = await bookedEventOf(dispute.id);
    expect(booked?.joinUrl).toBe(JOIN_URL);
    expect(booked?.eventId).toBe(outlook.live[0]!.id);
    expect(booked?.warnings).toHaveLength(1);
    expect(booked!.warnings[0]).toMatch(/could not add itself to the Teams meeting's chat/);
    expect(booked!.warnings[0]).toMatch(/TeamsAppInstallation\.ReadWriteAndConsentSelfForChat\.All/);
    // The chair sees it on the meeting (the dispute view's meeting carries the booking's warnings).
    expect(view.meeting?.warnings ?? []).toEqual(booked!.warnings);
    // No tab without the app; the booking job itself is done, not left failing.
    expect((await toGraph()).filter((r) => r.method === 'POST' && r.url.pathname.endsWith('/tabs'))).toEqual(
      [],
    );
    const job = (await outboxOf(app, dispute.id)).find((r) => r.reason === 'book-meeting');
    expect(job?.status).toBe('delivered');
  });

  it('counts an app already in the chat (409) as there, and still pins the tab once', async () => {
    chat.installs = 1; // someone in the meeting added CP Disputes already
    const dispute = await raiseAtStage2(app);
    await deliverUntilQuiet(app);
    const { booked } = await bookedEventOf(dispute.id);
    expect(booked?.warnings).toEqual([]);
    expect(chat.tabs).toHaveLength(1);
    expect((chat.tabs[0]!.configuration as { contentUrl: string }).contentUrl).toBe(
      `${APP_BASE_URL}/tab/meeting/${dispute.id}`,
    );
  });
});

describe('the chat bodies’ schemas (from Graph’s metadata)', () => {
  it('accept the docs’ examples and refuse a misspelt bind, a missing app and an unknown member', () => {
    expectValidGraphBody('chat-installedApp', { 'teamsApp@odata.bind': APP_BIND });
    expectValidGraphBody('chat-tab', {
      displayName: 'My Contoso Tab',
      'teamsApp@odata.bind': APP_BIND,
      configuration: { entityId: '2DCA2E6C', contentUrl: 'https://www.contoso.com/Orders/2DCA2E6C/tabView' },
    });
    const refuses = (name: 'chat-installedApp' | 'chat-tab', body: unknown) =>
      expect(graphBodyValidator(name)(body), JSON.stringify(body)).toBe(false);
    refuses('chat-installedApp', { 'teamsApp@odata.bnd': APP_BIND });
    refuses('chat-installedApp', {});
    refuses('chat-tab', { displayName: 'x', 'teamsApp@odata.bind': APP_BIND, configuration: { url: 'x' } });
    refuses('chat-tab', { displayName: 'x', configuration: {} });
  });
});
