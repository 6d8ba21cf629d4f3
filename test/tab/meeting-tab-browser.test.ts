// The resolution meeting's tab in a real browser (Debian chromium through playwright-core) inside a
// Teams stand-in (test/support/teams-host-stand-in.ts) that frames it and answers teams-js as Teams
// does, against the real server on PGlite with the test clock and dev sign-in. In the meeting's
// side panel (frameContext sidePanel, 320 px) the chair sees the dispute's timeline and records what
// the meeting decided, and the timeline (and the API) then show it; the team manager on the dispute
// sees the timeline without the form; a person not on the dispute sees "not available" and no
// detail. The meeting tab's settings page saves /tab/meeting/<dispute id> through teams-js.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Frame, type FrameLocator, type Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { raiseBody } from '../support/raise-body.ts';
import { openInTeamsHost, savedTabConfiguration } from '../support/teams-host-stand-in.ts';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const root = new URL('../../', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core in the tab's frame (through the DevTools protocol: the tab's CSP refuses inline scripts). */
async function expectAccessible(frame: Frame, view: string): Promise<void> {
  if (!(await frame.evaluate('typeof window.axe !== "undefined"'))) await frame.evaluate(axeSource);
  const violations = (await frame.evaluate(`(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) }));
  })()`)) as { id: string; impact: string }[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${view}: axe-core found ${JSON.stringify(serious, null, 1)}`).toEqual([]);
}

const people = {
  chair: { id: 'chair-amara', name: 'Amara Quillfeather' },
  teamManager: { id: 'tm-carla', name: 'Carla Brightwater' },
  otherSocialWorker: { id: 'sw-fern', name: 'Fern Oakhollow' },
};

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

describe.skipIf(!hasChromium)(
  `the meeting tab in a Teams stand-in${hasChromium ? '' : ' (no chromium at /usr/bin/chromium)'}`,
  () => {
    let app: RunningApp;
    let base: string;
    let context: BrowserContext;
    let page: Page;
    let profile: string;
    let disputeId = '';
    let reference = '';

    const api = async (person: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { 'x-dev-user': person, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    /** Dev sign-in inside the frame: the tab's own person switcher (its storage is the frame's). */
    const signInAs = async (frame: FrameLocator, person: { id: string; name: string }) => {
      await frame.getByRole('combobox', { name: /Signed in as/ }).click();
      await frame.getByRole('option', { name: new RegExp(`^${person.name}`) }).click();
    };
    const heading = (frame: FrameLocator, name: string | RegExp) =>
      frame.getByRole('heading', { level: 1, name });

    beforeAll(async () => {
      await ensureTabBuilt();
      const env = { NODE_ENV: 'test', DATA_DIR: 'memory://', PORT: '0', HOST: '127.0.0.1' };
      app = await startApp(loadConfig(env), pino({ level: 'silent' }), {
        listen: true,
        background: false,
        env,
      });
      base = `http://127.0.0.1:${(app.server.server.address() as AddressInfo).port}`;
      expect(
        (await api('chair-amara', 'POST', '/api/dev/clock', { now: '2026-10-19T07:00:00Z' })).status,
      ).toBe(200);
      // A Gloucestershire dispute straight at stage 2, the resolutions meeting.
      const raised = await api('chair-amara', 'POST', '/api/disputes', {
        ...raiseBody,
        startStageId: 'stage-2',
        reason: 'Visits have been missed repeatedly; a resolutions meeting is needed now.',
      });
      expect(raised.status, JSON.stringify(raised.body)).toBe(201);
      disputeId = raised.body.id as string;
      reference = raised.body.reference as string;

      profile = mkdtempSync(join(tmpdir(), 'cpd-meeting-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath,
        headless: true,
        args: [
          '--headless',
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
        viewport: { width: 1100, height: 820 },
        locale: 'en-GB',
        timezoneId: 'Europe/London',
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(10_000);
    }, 180_000);

    afterAll(async () => {
      await context?.close();
      await app?.stop();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    test('the team manager on the dispute sees the timeline in the meeting, without the form', async () => {
      // Before the meeting is recorded: the server offers the form to the chair, not to him.
      const chairOffer = await api(people.chair.id, 'GET', `/api/disputes/${disputeId}`);
      expect((chairOffer.body.allowedActions as Record<string, unknown>).recordMeetingOutcome).toBeTruthy();
      const offer = await api(people.teamManager.id, 'GET', `/api/disputes/${disputeId}`);
      expect(offer.status).toBe(200);
      expect((offer.body.allowedActions as Record<string, unknown>).recordMeetingOutcome ?? null).toBeNull();

      const host = await openInTeamsHost(page, {
        tabUrl: `${base}/tab/meeting/${disputeId}`,
        frameContext: 'sidePanel',
        context: { meetingId: 'MCMxOTptZWV0aW5nX056SXlOemhsTUdFdE0yWXlaQzB3TUdZMEF0aHJlYWQudjIjMA==' },
      });
      const frame = host.frame;
      await heading(frame, 'Choose who you are').waitFor();
      await signInAs(frame, people.teamManager);
      await heading(frame, `Meeting: ${reference}`).waitFor();
      await frame.getByText('The chair records what the meeting decides.').waitFor();
      const timeline = frame.getByRole('list', { name: 'Events, oldest first' });
      await timeline.getByText(/raised the dispute/).waitFor();
      expect(await frame.getByRole('button', { name: 'Record the meeting' }).count()).toBe(0);
      expect(await frame.locator('form').count()).toBe(0);
    }, 60_000);

    test('the chair sees the timeline in the side panel and records the meeting; the timeline shows it', async () => {
      const chairOffer = await api(people.chair.id, 'GET', `/api/disputes/${disputeId}`);
      expect((chairOffer.body.allowedActions as Record<string, unknown>).recordMeetingOutcome).toBeTruthy();

      const host = await openInTeamsHost(page, {
        tabUrl: `${base}/tab/meeting/${disputeId}`,
        frameContext: 'sidePanel',
        context: {
          meetingId: 'MCMxOTptZWV0aW5nX056SXlOemhsTUdFdE0yWXlaQzB3TUdZMEF0aHJlYWQudjIjMA==',
          chatId: '19:meeting_NzIyNzhlMGEtM2YyZC00ZmY0LTlhNzUtZmZjNWFmZGNlNzE2@thread.v2',
          userObjectId: 'bc55b173-cff6-457d-b7a1-64bda7d7581a',
          userPrincipalName: 'amara.quillfeather@northmoor.example',
        },
      });
      // The tab spoke teams-js to the stand-in: initialize, then the context (a side panel).
      expect(await host.waitFor('initialize')).toBeTruthy();
      await host.waitFor('getContext');
      const frame = host.frame;
      // Signed in as the team manager from the last test (the frame's storage): switch.
      await heading(frame, `Meeting: ${reference}`).waitFor();
      await signInAs(frame, people.chair);
      await heading(frame, `Meeting: ${reference}`).waitFor();
      // Compact: no app navigation in the side panel, and nothing wider than the panel.
      expect(await frame.getByRole('navigation', { name: 'CP Disputes' }).count()).toBe(0);
      const tab = await host.tabFrame();
      expect(await tab.evaluate('document.documentElement.clientWidth')).toBe(320);
      const overflowing = await tab.evaluate(`[...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5)
        .map((el) => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))`);
      expect(overflowing, 'wider than the side panel').toEqual([]);
      const timeline = frame.getByRole('list', { name: 'Events, oldest first' });
      await timeline.getByText(/raised the dispute/).waitFor();

      // The form the server offers the chair, open at once.
      await frame.getByRole('button', { name: 'Record the meeting', exact: true }).first().waitFor();
      await frame.getByRole('combobox', { name: /^Outcome/ }).click();
      await frame.getByRole('option', { name: 'Actions agreed' }).click();
      await frame
        .getByLabel(/^What the meeting decided/)
        .fill('Visits weekly, the child seen alone each time; the team manager checks at supervision.');
      await frame.locator('form').getByRole('button', { name: 'Record the meeting' }).click();
      await frame.getByText('The meeting was recorded.').first().waitFor();

      // The timeline in the panel shows it, and so does the dispute through the API.
      await timeline.getByText(/recorded the meeting: Actions agreed/).waitFor();
      await frame.getByText('The meeting is recorded: Actions agreed.').waitFor();
      await expectAccessible(tab, 'the meeting side panel');
      const after = await api(people.chair.id, 'GET', `/api/disputes/${disputeId}`);
      const recorded = (after.body.events as { type: string; outcome?: string; actorId?: string }[]).find(
        (e) => e.type === 'MeetingOutcomeRecorded',
      );
      expect(recorded).toMatchObject({ outcome: 'actions-agreed', actorId: people.chair.id });
      await page.screenshot({ path: join(root, 'test-results', 'screenshots', 'meeting-side-panel.png') });
    }, 90_000);

    test('a person not on the dispute sees “not available” in the meeting, and no detail', async () => {
      const refused = await api(people.otherSocialWorker.id, 'GET', `/api/disputes/${disputeId}`);
      expect([403, 404]).toContain(refused.status);

      const host = await openInTeamsHost(page, {
        tabUrl: `${base}/tab/meeting/${disputeId}`,
        frameContext: 'sidePanel',
        context: { meetingId: 'MCMxOTptZWV0aW5nX056SXlOemhsTUdFdE0yWXlaQzB3TUdZMEF0aHJlYWQudjIjMA==' },
      });
      const frame = host.frame;
      await frame.getByRole('heading', { level: 1 }).first().waitFor();
      await signInAs(frame, people.otherSocialWorker);
      await heading(frame, 'Not available').waitFor();
      const text = (await (await host.tabFrame()).evaluate('document.body.innerText')) as string;
      expect(text).not.toContain(reference);
      expect(text).not.toMatch(/Amelia|O'Neill|NB-104233|Statutory visits|Actions agreed/);
    }, 60_000);

    test('the meeting tab’s settings page saves /tab/meeting/<dispute id> through teams-js', async () => {
      const host = await openInTeamsHost(page, {
        tabUrl: `${base}/tab/configure`,
        frameContext: 'settings',
        width: 720,
        context: {
          meetingId: 'MCMxOTptZWV0aW5nX056SXlOemhsTUdFdE0yWXlaQzB3TUdZMEF0aHJlYWQudjIjMA==',
          chatId: '19:meeting_NzIyNzhlMGEtM2YyZC00ZmY0LTlhNzUtZmZjNWFmZGNlNzE2@thread.v2',
        },
      });
      const frame = host.frame;
      await frame.getByRole('heading', { level: 1 }).first().waitFor();
      await signInAs(frame, people.chair);
      await heading(frame, 'Set up the meeting tab').waitFor();
      await expectAccessible(await host.tabFrame(), 'the meeting tab’s settings page');
      // Nothing chosen: Teams' Save is refused by the tab, with the reason.
      expect(await host.save()).toEqual({ failure: 'Choose the dispute the meeting is about first.' });
      await frame.getByRole('combobox', { name: /^Dispute/ }).click();
      await frame.getByRole('option', { name: new RegExp(`^${reference}`) }).click();
      expect(await host.save()).toBe('success');
      const saved = await savedTabConfiguration(page);
      expect(saved).toMatchObject({
        contentUrl: `${base}/tab/meeting/${disputeId}`,
        entityId: `cp-disputes-meeting-${disputeId}`,
        suggestedDisplayName: `CP Disputes ${reference}`,
      });
    }, 60_000);

    test('on the meeting stage the tab opens full width, with the timeline as this reader may see it', async () => {
      const host = await openInTeamsHost(page, {
        tabUrl: `${base}/tab/meeting/${disputeId}`,
        frameContext: 'meetingStage',
        width: 1024,
        context: { meetingId: 'MCMxOTptZWV0aW5nX056SXlOemhsTUdFdE0yWXlaQzB3TUdZMEF0aHJlYWQudjIjMA==' },
      });
      const frame = host.frame;
      // Signed in as the chair from the settings test (the frame's storage).
      await heading(frame, `Meeting: ${reference}`).waitFor();
      await frame.getByText('The meeting is recorded: Actions agreed.').waitFor();
      const timeline = frame.getByRole('list', { name: 'Events, oldest first' });
      await timeline.getByText(/recorded the meeting: Actions agreed/).waitFor();
      const tab = await host.tabFrame();
      expect(await tab.evaluate('document.documentElement.clientWidth')).toBe(1024);
      expect((await host.messages()).map((m) => m.func)).toEqual(
        expect.arrayContaining(['initialize', 'getContext']),
      );
    }, 60_000);
  },
);
