// Who may talk to the bot at all, and that every button the cards can carry is handled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotConfigError, loadBotConfig } from '../../bot/bot-config.ts';
import { verbs } from '../../bot/cards/card-contract.ts';
import { cardText } from '../support/card-inspection.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../support/fake-bot-connector.ts';
import { activityFrom, teamsClient, teamsUser } from '../support/teams-client.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';
import { raiseBody } from '../support/raise-body.ts';
import type { Person } from '../../src/app/ports/directory.ts';

const tenant = '00000000-0000-4000-8000-00000000a11c';

describe('bot configuration', () => {
  it('runs unauthenticated only in development', () => {
    expect(loadBotConfig({}, tenant).authentication).toBe('off-dev-loopback');
    expect(() => loadBotConfig({ NODE_ENV: 'production' }, tenant)).toThrow(BotConfigError);
  });

  it('needs a secret or a certificate, and a tenant for a single-tenant bot', () => {
    const appId = '7d3f0a52-8f1a-4c59-9b8e-2f0c2f5b9a10';
    expect(() => loadBotConfig({ MicrosoftAppId: appId, MicrosoftAppTenantId: tenant }, tenant)).toThrow(
      /MicrosoftAppPassword/,
    );
    expect(() => loadBotConfig({ MicrosoftAppId: appId, MicrosoftAppPassword: 's' }, tenant)).toThrow(
      /MicrosoftAppTenantId/,
    );
    const ok = loadBotConfig(
      { MicrosoftAppId: appId, MicrosoftAppPassword: 's', MicrosoftAppTenantId: tenant },
      tenant,
    );
    expect(ok).toMatchObject({ authentication: 'on', allowedTenantIds: [tenant] });
  });

  it('serves the directory tenant unless ALLOWED_TENANT_IDS says otherwise', () => {
    expect(loadBotConfig({ ALLOWED_TENANT_IDS: 'a, b' }, tenant).allowedTenantIds).toEqual(['a', 'b']);
  });
});

describe('the messages endpoint', () => {
  let app: TestApp;
  let connector: FakeBotConnector;
  beforeAll(async () => {
    connector = await startFakeBotConnector();
    app = await startTestApp('pglite');
  });
  afterAll(async () => {
    await app?.close();
    await connector?.close();
  });

  it('without an app id, refuses callers that are not on this machine', async () => {
    const chair = (await app.services.directory.byId('chair-amara')) as Person;
    const r = await app.server.inject({
      method: 'POST',
      url: '/api/messages',
      remoteAddress: '10.20.30.40',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(
        activityFrom(teamsUser(chair), connector.serviceUrl, { type: 'message', text: 'help' }),
      ),
    });
    expect(r.statusCode).toBe(401);
    expect(connector.activities).toHaveLength(0);
  });

  it('every verb a card can carry is handled: none is answered "not recognised"', async () => {
    const chairApi = apiAs(app, 'chair-amara');
    await chairApi.post('/api/dev/clock', { now: '2026-11-23T10:00:00Z' });
    const raised = await chairApi.post('/api/disputes', raiseBody);
    const chair = teamsUser((await app.services.directory.byId('chair-amara')) as Person);
    const client = teamsClient(app, connector.serviceUrl);
    for (const verb of Object.values(verbs)) {
      const r = await client.press(chair, verb, { disputeId: raised.body.id, version: raised.body.version });
      expect(r.status, verb).toBe(200);
      expect(cardText(r.card), verb).not.toMatch(/not recognised/);
    }
  });
});

describe('with Bot Framework authentication on', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('pglite', {
      MicrosoftAppId: '7d3f0a52-8f1a-4c59-9b8e-2f0c2f5b9a10',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppTenantId: tenant,
      // The API's Entra sign-in comes with the tab; the bot's authentication is what is tested here.
      DEV_AUTH: 'on',
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses an activity without the Bot Connector’s token, from anywhere', async () => {
    const chair = (await app.services.directory.byId('chair-amara')) as Person;
    const r = await app.server.inject({
      method: 'POST',
      url: '/api/messages',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(
        activityFrom(teamsUser(chair), 'http://127.0.0.1:9/', { type: 'message', text: 'mine' }),
      ),
    });
    expect(r.statusCode).toBe(401);
  });
});

describe('Outlook actionable messages', () => {
  let app: TestApp;
  let connector: FakeBotConnector;
  beforeAll(async () => {
    connector = await startFakeBotConnector();
    app = await startTestApp('pglite');
  });
  afterAll(async () => {
    await app?.close();
    await connector?.close();
  });

  it('a button pressed on the emailed card reaches the same handler as in Teams', async () => {
    const chairApi = apiAs(app, 'chair-amara');
    await chairApi.post('/api/dev/clock', { now: '2026-11-23T10:00:00Z' });
    const raised = await chairApi.post('/api/disputes', raiseBody);
    const sw = teamsUser((await app.services.directory.byId('sw-ben')) as Person);
    const activity = {
      ...activityFrom(sw, connector.serviceUrl, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'respond',
            data: {
              disputeId: raised.body.id,
              version: raised.body.version,
              outcome: 'actions-agreed',
              responseText: 'Visit booked for tomorrow.',
            },
          },
          trigger: 'manual',
        },
      }),
      channelId: 'outlook',
    };
    const r = await app.server.inject({
      method: 'POST',
      url: '/api/messages',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(activity),
    });
    expect(r.statusCode).toBe(200);
    expect(cardText(JSON.parse(r.body).value)).toMatch(/response is recorded/);
    const after = await chairApi.get(`/api/disputes/${raised.body.id}`);
    expect(after.body.events.at(-1)).toMatchObject({
      type: 'Responded',
      actorId: 'sw-ben',
      outcome: 'actions-agreed',
    });
  });
});
