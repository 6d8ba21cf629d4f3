// The Graph adapters behind issue 16 items 2 and 7, against Graph served by msw: the activity-feed
// notice (userTeamwork: sendActivityNotification) and installing the app for a user
// (POST /users/{id}/teamwork/installedApps). Every body sent is checked against the schema generated
// from Graph's metadata (test/graph/schemas); failures come back as DeliveryErrors the outbox acts on.
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { GraphCallError } from '../../src/adapters/graph/graph-call-error.ts';
import {
  activityNotificationBody,
  createGraphActivityFeed,
} from '../../src/adapters/graph/graph-activity-feed.ts';
import { createGraphAppInstallation } from '../../src/adapters/graph/graph-app-installation.ts';
import type { ActivityFeedNotice } from '../../src/app/ports/activity-feed.ts';
import {
  expectValidGraphBody,
  fixture,
  graphBodyValidator,
  graphClient,
  graphJson,
  GRAPH,
  recordingSleep,
  useGraph,
} from './schemas/graph-test-kit.ts';

const { server, sent } = useGraph();
const USER = '5b649834-7412-4cce-9e69-176e95a394f5';
const CATALOG_APP = '12345678-9abc-def0-1234-56789abcdef0';
const NOTIFY = `${GRAPH}/users/${USER}/teamwork/sendActivityNotification`;
const INSTALL = `${GRAPH}/users/${USER}/teamwork/installedApps`;
// "If successful, this action returns a 204 No Content response code."
// (https://learn.microsoft.com/en-us/graph/api/userteamwork-sendactivitynotification?view=graph-rest-1.0)
const noContent = () => new HttpResponse(null, { status: 204 });
// "If successful, this method returns a 201 Created response code. It does not return anything in
// the response body." (https://learn.microsoft.com/en-us/graph/api/userteamwork-post-installedapps?view=graph-rest-1.0)
const created = () => new HttpResponse(null, { status: 201 });

const notice: ActivityFeedNotice = {
  activityType: 'askedToRespond',
  previewText: 'A dispute needs your response. Open it to read the concern and answer.',
  reference: 'CPD-7K3QX2',
  webUrl:
    'https://teams.microsoft.com/l/entity/8d2f4a3c-5b1e-4f7a-9c6d-2e8b0a1f3c5d/dashboard?webUrl=https%3A%2F%2Fcp.example%2Ftab%2Fdisputes%2Fd1&label=CPD-7K3QX2&context=%7B%22subEntityId%22%3A%22d1%22%7D',
  chainId: 41,
};

describe('the activity feed through Graph', () => {
  it("sends the notice as the docs' custom-topic example: text topic with a webUrl, the reference as template parameter", async () => {
    server.use(http.post(NOTIFY, noContent));
    const sleep = recordingSleep();
    await createGraphActivityFeed(graphClient(), { retry: { sleep: sleep.sleep } }).send(USER, notice);
    const [request] = await sent();
    expect(request!.body).toEqual({
      topic: { source: 'text', value: 'CPD-7K3QX2', webUrl: notice.webUrl },
      activityType: 'askedToRespond',
      chainId: 41,
      previewText: { content: notice.previewText },
      templateParameters: [{ name: 'reference', value: 'CPD-7K3QX2' }],
    });
    expect(sleep.waits).toEqual([]);
  });

  it('repeats a throttled notice after its Retry-After (the same chainId: Teams replaces, never doubles)', async () => {
    let calls = 0;
    server.use(
      http.post(NOTIFY, () =>
        ++calls === 1 ? graphJson(fixture('error-throttled'), 429, { 'Retry-After': '2' }) : noContent(),
      ),
    );
    const sleep = recordingSleep();
    await createGraphActivityFeed(graphClient(), { retry: { sleep: sleep.sleep } }).send(USER, notice);
    expect(sleep.waits).toEqual([2000]);
    const bodies = (await sent()).map((r) => r.body as { chainId: number });
    expect(bodies.map((b) => b.chainId)).toEqual([41, 41]);
  });

  it('hands a long throttle back to the outbox with its Retry-After, and a 403 as final with the permission to grant', async () => {
    server.use(http.post(NOTIFY, () => graphJson(fixture('error-throttled'), 429, { 'Retry-After': '120' })));
    const feed = createGraphActivityFeed(graphClient(), { retry: { sleep: async () => {} } });
    const throttled = await feed.send(USER, notice).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(GraphCallError);
    expect((throttled as GraphCallError).options).toMatchObject({ permanent: false, retryAfterSeconds: 120 });

    server.use(http.post(NOTIFY, () => graphJson(fixture('teamwork-activity-forbidden'), 403)));
    const refused = (await feed.send(USER, notice).catch((e: unknown) => e)) as GraphCallError;
    expect(refused.permanent).toBe(true);
    expect(refused.message).toMatch(/TeamsActivity\.Send/);
    expect(refused.message).toContain('CPD-7K3QX2');
  });

  it('the schema refuses a body Graph would refuse: a null topic value, parameters not as key-value pairs, a preview that is not an itemBody', () => {
    const body = activityNotificationBody(notice);
    expectValidGraphBody('sendActivityNotification', body);
    const validate = graphBodyValidator('sendActivityNotification');
    expect(validate({ ...body, topic: { ...body.topic, value: null } })).toBe(false);
    expect(validate({ ...body, templateParameters: { reference: 'CPD-7K3QX2' } })).toBe(false);
    expect(validate({ ...body, previewText: 'text' })).toBe(false);
    expect(validate({ ...body, topic: { ...body.topic, source: 'url' } })).toBe(false);
  });
});

describe('installing the app for a user through Graph', () => {
  const installer = () =>
    createGraphAppInstallation(graphClient(), {
      catalogAppId: CATALOG_APP,
      graphBaseUrl: 'https://graph.microsoft.com',
      retry: { sleep: async () => {} },
    });

  it("binds the catalog app and consents to the manifest's resource-specific permissions, and is installed (201)", async () => {
    server.use(http.post(INSTALL, created));
    expect(await installer().installFor(USER)).toBe('installed');
    const [request] = await sent();
    // The app asks for RSC, so the body consents to it (chat-post-installedapps example 2 has the
    // same consentedPermissionSet; teamsAppResourceSpecificPermissionType is application|delegated).
    expect(request!.body).toEqual({
      'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${CATALOG_APP}`,
      consentedPermissionSet: {
        resourceSpecificPermissions: [
          { permissionValue: 'TeamsActivity.Send.User', permissionType: 'application' },
          { permissionValue: 'MailboxItem.Read.User', permissionType: 'delegated' },
        ],
      },
    });
  });

  it('takes 409 Conflict as already installed', async () => {
    server.use(http.post(INSTALL, () => graphJson(fixture('teamwork-install-conflict'), 409)));
    expect(await installer().installFor(USER)).toBe('already-installed');
  });

  it('gives up on an app the catalog does not have or a missing permission, with words for IT', async () => {
    server.use(http.post(INSTALL, () => graphJson(fixture('teamwork-install-not-found'), 404)));
    const missing = (await installer()
      .installFor(USER)
      .catch((e: unknown) => e)) as GraphCallError;
    expect(missing.permanent).toBe(true);
    server.use(http.post(INSTALL, () => graphJson(fixture('error-forbidden'), 403)));
    const refused = (await installer()
      .installFor(USER)
      .catch((e: unknown) => e)) as GraphCallError;
    expect(refused.permanent).toBe(true);
    expect(refused.message).toMatch(/TeamsAppInstallation\.ReadWriteAndConsentSelfForUser\.All/);
  });

  it('the schema refuses an installation that names the app other than by binding it', () => {
    const validate = graphBodyValidator('userScopeTeamsAppInstallation');
    expect(validate({ teamsApp: { id: CATALOG_APP } })).toBe(false);
    expect(validate({})).toBe(false);
  });
});
