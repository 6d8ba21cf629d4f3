// A card's link opens the dispute in Teams, end to end: the real app (PGlite, test clock, dev
// sign-in, TEAMS_APP_ID set) raises a dispute through the bot, whose card reaches the social worker
// through a local Bot Connector (test/support/fake-bot-connector.ts). The test takes the card's
// "Open in CP Disputes" link and does with it what Teams does with an entity deep link
// (learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-application,
// "Navigate within your app"): finds the app by id and the static tab by entityId in the app's
// manifest, opens that tab's contentUrl, and hands the tab the link's context.subEntityId as the
// sub-entity id of its context (teams-js 2.x maps the legacy `subEntityId` to
// context.page.subPageId, app/app.js). The tab runs in real chromium inside the Teams stand-in
// (test/support/teams-host-stand-in.ts). The social worker lands on the dispute's page; a person
// not on the dispute who follows the same link sees "not available" and nothing of the dispute; the
// help card's link (the same tab, no sub-entity) opens the first page instead.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deliverOutbox } from '../../src/app/outbox-worker.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { cardLinks, cardText } from '../support/card-inspection.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../support/fake-bot-connector.ts';
import { freePort } from '../support/free-port.ts';
import { teamsClient, teamsUser, type TeamsUser } from '../support/teams-client.ts';
import { openInTeamsHost, type TeamsHostStandIn } from '../support/teams-host-stand-in.ts';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const root = new URL('../../', import.meta.url).pathname;

const TEAMS_APP_ID = '3f0c2d4e-8a1b-4c5d-9e6f-7a8b9c0d1e2f';
const CHILD = 'Zebedee Quartermaine';
const CASE_NUMBER = 'NB-104233';
const CONCERN = 'Statutory visits have not taken place since the review conference.';

const people = {
  socialWorker: { id: 'sw-ben', name: 'Ben Harrowgate' },
  notOnTheDispute: { id: 'sw-fern', name: 'Fern Oakhollow' },
};

interface StaticTab {
  entityId: string;
  contentUrl?: string;
  scopes: string[];
}

/** The app package's static tabs, as Teams reads them from manifest.json. */
const staticTabs = (
  JSON.parse(readFileSync(join(root, 'appPackage/manifest.json'), 'utf8')) as { staticTabs: StaticTab[] }
).staticTabs;

/** Builds the tab when tab/dist is missing or older than its sources (as tab-browser.test.ts). */
async function ensureTabBuilt(): Promise<void> {
  const built = join(root, 'tab/dist/index.html');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce(
      (m, e) =>
        Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs),
      0,
    );
  const sources = Math.max(
    newest(join(root, 'tab/src')),
    statSync(join(root, 'tab/index.html')).mtimeMs,
    statSync(join(root, 'tab/vite.config.ts')).mtimeMs,
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  await promisify(execFile)(process.execPath, [join(root, 'tab/build.mjs')], { cwd: root });
}

/** The link a card gives for this label: a markdown link in its text or an Action.OpenUrl button. */
function cardLink(card: unknown, label: string): string | undefined {
  return cardLinks(card).find((l) => l.label === label)?.url;
}

/**
 * What Teams makes of an entity deep link: the app (by id), the static tab (by entityId, in the
 * app's manifest) and the tab's address, and the sub-entity id the tab gets in its context.
 */
function followTeamsDeepLink(link: string, appBaseUrl: string) {
  const url = new URL(link);
  const match = /^\/l\/entity\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (url.origin !== 'https://teams.microsoft.com' || !match)
    throw new Error(`not a Teams entity link: ${link}`);
  const appId = decodeURIComponent(match[1]!);
  const entityId = decodeURIComponent(match[2]!);
  const tab = staticTabs.find((t) => t.entityId === entityId);
  const context = url.searchParams.get('context');
  const subEntityId = context ? (JSON.parse(context) as { subEntityId?: unknown }).subEntityId : undefined;
  return {
    appId,
    entityId,
    tab,
    contentUrl: tab?.contentUrl?.replace('${{APP_BASE_URL}}', appBaseUrl),
    subEntityId: typeof subEntityId === 'string' ? subEntityId : undefined,
  };
}

describe.skipIf(!hasChromium)(
  `a card's link opens the dispute in Teams${hasChromium ? '' : ' (no chromium at /usr/bin/chromium)'}`,
  () => {
    let app: RunningApp;
    let connector: FakeBotConnector;
    let base: string;
    let browser: Browser;
    let disputeId = '';
    let reference = '';
    let link = '';
    let helpLink = '';
    const pages: Page[] = [];

    const user = async (id: string): Promise<TeamsUser> =>
      teamsUser((await app.services.directory.byId(id)) as Person);
    /** Dev sign-in inside the frame: the tab's own person switcher (its storage is the frame's). */
    const signInAs = async (frame: FrameLocator, person: { name: string }) => {
      await frame.getByRole('combobox', { name: /Signed in as/ }).click();
      await frame.getByRole('option', { name: new RegExp(`^${person.name}`) }).click();
    };
    const heading = (frame: FrameLocator, name: string | RegExp) =>
      frame.getByRole('heading', { level: 1, name });

    /** Follows a card's link in Teams, in a browser nobody has signed in to yet. */
    async function followLinkInTeams(followed = link): Promise<TeamsHostStandIn> {
      const target = followTeamsDeepLink(followed, base);
      const context = await browser.newContext({
        viewport: { width: 1100, height: 820 },
        locale: 'en-GB',
        timezoneId: 'Europe/London',
      });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      pages.push(page);
      return openInTeamsHost(page, {
        tabUrl: target.contentUrl!,
        frameContext: 'content',
        // The legacy context Teams sends the personal tab opened by the link.
        context: { entityId: target.entityId, subEntityId: target.subEntityId },
      });
    }

    beforeAll(async () => {
      await ensureTabBuilt();
      connector = await startFakeBotConnector();
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      const env = {
        NODE_ENV: 'test',
        DATA_DIR: 'memory://',
        PORT: String(port),
        HOST: '127.0.0.1',
        APP_BASE_URL: base,
        TEAMS_APP_ID,
      };
      app = await startApp(loadConfig(env), pino({ level: 'silent' }), {
        listen: true,
        background: false,
        env,
      });
      app.testClock!.set('2026-11-23T09:00:00Z');
      const client = teamsClient(app, connector.serviceUrl);
      const chair = await user('chair-amara');
      const sw = await user(people.socialWorker.id);
      for (const u of [chair, sw]) expect((await client.install(u)).status).toBe(200);

      // The chair raises the dispute from the bot; the social worker's card goes out through the outbox.
      const r = await client.press(chair, 'raise', {
        protocolId: 'gloucestershire',
        childName: CHILD,
        childDateOfBirth: '2019-04-02',
        caseNumber: CASE_NUMBER,
        conferenceDate: '2026-11-16',
        socialWorkerId: people.socialWorker.id,
        theme: 'statutory-requirements',
        concern: CONCERN,
        actionsRequired: 'Visit within 2 working days and see the child alone.',
        immediateRisk: 'false',
      });
      expect(r.status).toBe(200);
      reference = /Raised as (CPD-[A-Z0-9-]+)/.exec(cardText(r.card))![1]!;
      disputeId = String(
        (r.card!.refresh as { action: { data: { disputeId: string } } }).action.data.disputeId,
      );
      await deliverOutbox(app.services, app.delivery);
      const card = connector.cardsIn(sw.conversationId).at(-1);
      expect(card, 'the social worker got no card').toBeDefined();
      link = cardLink(card, 'Open in CP Disputes') ?? '';
      // The help card's link opens the app itself: the same tab, with no sub-entity.
      expect((await client.say(sw, 'help')).status).toBe(200);
      helpLink = cardLink(connector.cardsIn(sw.conversationId).at(-1), 'Open CP Disputes') ?? '';

      browser = await chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          // The stand-in is "public" (teams.microsoft.com) and the tab is on this machine: Teams'
          // real tab would be public too, so the local-network prompt is not part of what is tested.
          '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessRespectPreflightResults',
        ],
      });
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await connector?.close();
    });

    test("the card's Open link is a Teams link to the personal tab, naming the dispute and nothing of the child", () => {
      expect(link).toMatch(/^https:\/\/teams\.microsoft\.com\//);
      const target = followTeamsDeepLink(link, base);
      expect(target.appId).toBe(TEAMS_APP_ID);
      expect(target.entityId).toBe('dashboard');
      expect(target.tab?.scopes).toContain('personal');
      expect(target.contentUrl).toBe(`${base}/tab/`);
      expect(target.subEntityId).toBe(disputeId);
      expect(decodeURIComponent(link)).not.toMatch(/Zebedee|Quartermaine|NB-104233/);
    });

    test('the social worker following it in Teams lands on the dispute’s page', async () => {
      const host = await followLinkInTeams();
      // The tab asked Teams for its context (which carries the sub-entity id).
      await host.waitFor('getContext');
      const frame = host.frame;
      await heading(frame, 'Choose who you are').waitFor();
      await signInAs(frame, people.socialWorker);
      await heading(frame, `Dispute ${reference}`).waitFor();
      await frame.getByRole('heading', { name: 'Where it stands' }).waitFor();
      const tab = await host.tabFrame();
      expect(new URL(tab.url()).pathname).toBe(`/tab/disputes/${disputeId}`);
      // The person on the dispute sees its details.
      await frame.getByText(CONCERN).first().waitFor();
    }, 60_000);

    test('a person not on the dispute following the same link sees “not available”, and no detail', async () => {
      const host = await followLinkInTeams();
      const frame = host.frame;
      await heading(frame, 'Choose who you are').waitFor();
      await signInAs(frame, people.notOnTheDispute);
      await heading(frame, 'Not available').waitFor();
      const tab = await host.tabFrame();
      expect(new URL(tab.url()).pathname).toBe(`/tab/disputes/${disputeId}`);
      const text = (await tab.evaluate('document.body.innerText')) as string;
      expect(text).not.toContain(reference);
      expect(text).not.toMatch(/Zebedee|Quartermaine|NB-104233|Statutory visits/);
      // The server refused the read itself (the tab is not what keeps the dispute from her).
      const refused = await fetch(`${base}/api/disputes/${disputeId}`, {
        headers: { 'x-dev-user': people.notOnTheDispute.id },
      });
      expect([403, 404]).toContain(refused.status);
    }, 60_000);

    test('the help card’s link (no sub-entity) opens the same tab at the social worker’s first page', async () => {
      const target = followTeamsDeepLink(helpLink, base);
      expect(target).toMatchObject({ appId: TEAMS_APP_ID, entityId: 'dashboard', subEntityId: undefined });
      const host = await followLinkInTeams(helpLink);
      const frame = host.frame;
      await heading(frame, 'Choose who you are').waitFor();
      await signInAs(frame, people.socialWorker);
      await heading(frame, 'Awaiting me').waitFor();
      expect(new URL((await host.tabFrame()).url()).pathname).toBe('/tab/');
    }, 60_000);
  },
);
