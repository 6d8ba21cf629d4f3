// The Outlook add-in's task pane ("Raise a dispute" on an email) in a real browser (Debian chromium
// through playwright-core) against the real server, with dev sign-in. Outlook is not here: the page's
// request for Microsoft's Office.js is answered by a stand-in for one open email
// (test/support/office-js-stand-in.ts, shapes from the Office.js reference). The subject starts the
// concern; a sender the directory knows as a social worker is chosen as the social worker, anyone
// else is not; the email's text is read and copied only when the chair presses the button; raising
// writes the dispute with those values.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { officeJsCdnUrl, officeJsStandIn, type StandInEmail } from '../support/office-js-stand-in.ts';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const root = new URL('../../', import.meta.url).pathname;
const shots = join(root, 'test-results', 'screenshots');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings on the page (evaluated past the page's CSP, as in tab-browser.test.ts). */
async function seriousAxeViolations(page: Page): Promise<unknown[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axeSource);
  const violations = (await page.evaluate(`(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) }));
  })()`)) as { impact: string }[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Builds the tab when tab/dist is missing or older than its sources. */
async function ensureTabBuilt(): Promise<void> {
  const built = join(root, 'tab/dist/index.html');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce(
      (m, e) =>
        Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs),
      0,
    );
  const sources = Math.max(newest(join(root, 'tab/src')), statSync(join(root, 'tab/index.html')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  await promisify(execFile)(process.execPath, [join(root, 'tab/build.mjs')], { cwd: root });
}

const subject = 'Core group for J.K. has not met since the review conference';
const bodyText =
  'Dear Amara,\r\nThe core group has still not met and no visits are recorded since 2 November.\r\nBen';
const ben = { emailAddress: 'ben.harrowgate@northmoor.example', displayName: 'Ben Harrowgate' };

describe.skipIf(!hasChromium)(
  `the Outlook add-in's task pane in a real browser${hasChromium ? '' : ' (no chromium at /usr/bin/chromium)'}`,
  () => {
    let app: RunningApp;
    let base: string;
    let context: BrowserContext;
    let profile: string;

    const api = async (person: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { 'x-dev-user': person, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    /** A page in the task pane on this email, signed in (dev sign-in) as the chair. */
    const openPane = async (email: StandInEmail): Promise<Page> => {
      const page = await context.newPage();
      page.setDefaultTimeout(8000);
      const cdnRequests: string[] = [];
      // Microsoft's CDN is not reached: its office.js is answered by the stand-in, anything else refused.
      await page.route('https://appsforoffice.microsoft.com/**', (route) => {
        cdnRequests.push(route.request().url());
        return route.request().url() === officeJsCdnUrl
          ? route.fulfill({ contentType: 'text/javascript', body: officeJsStandIn(email) })
          : route.abort();
      });
      await page.addInitScript('window.localStorage.setItem("cpDisputes.devUser", "chair-amara")');
      await page.goto(`${base}/tab/addin`);
      await page.getByRole('heading', { level: 1, name: 'Raise a dispute' }).waitFor();
      expect(cdnRequests).toEqual([officeJsCdnUrl]);
      // Office.js (and so its stand-in) nulls the history API as it loads; the pane gives it back.
      expect(await page.evaluate('[typeof history.pushState, typeof history.replaceState]')).toEqual([
        'function',
        'function',
      ]);
      return page;
    };
    const bodyReads = (page: Page) => page.evaluate('window.__officeStandIn.bodyReads') as Promise<number>;
    const concern = (page: Page) => page.getByLabel(/^The concern/);
    const socialWorker = (page: Page) => page.getByRole('combobox', { name: /^Social worker/ });

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
        (await api('chair-amara', 'POST', '/api/dev/clock', { now: '2026-11-23T10:00:00Z' })).status,
      ).toBe(200);
      profile = mkdtempSync(join(tmpdir(), 'cpd-addin-chromium-'));
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
        ],
        viewport: { width: 420, height: 900 }, // about as wide as Outlook's task pane
        locale: 'en-GB',
        timezoneId: 'Europe/London',
      });
    }, 120_000);

    afterAll(async () => {
      await context?.close();
      await app?.stop();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    test('from a social worker’s email: the subject starts the concern and the sender is the social worker; the text waits for the chair; raising writes it', async () => {
      const page = await openPane({ subject, from: ben, bodyText });
      await expect.poll(() => concern(page).inputValue()).toBe(`${subject}\n\n`);
      await expect.poll(() => socialWorker(page).inputValue()).toBe('Ben Harrowgate');
      await page.getByText('The sender, Ben Harrowgate, is named as the social worker').waitFor();

      // Nothing has read the email's text, and none of it is on the page.
      expect(await bodyReads(page)).toBe(0);
      expect(await page.content()).not.toContain('no visits are recorded');

      await page.getByRole('button', { name: 'Copy the email’s text into the concern' }).click();
      await expect
        .poll(() => concern(page).inputValue())
        .toBe(`${subject}\n\n${bodyText.replace(/\r\n/g, '\n')}`);
      expect(await bodyReads(page)).toBe(1);
      // Pressed again: the text is not there twice.
      await page.getByRole('button', { name: 'Copy the email’s text into the concern' }).click();
      await expect.poll(() => bodyReads(page)).toBe(2);
      expect(await concern(page).inputValue()).toBe(`${subject}\n\n${bodyText.replace(/\r\n/g, '\n')}`);
      expect(await seriousAxeViolations(page)).toEqual([]);
      mkdirSync(shots, { recursive: true });
      await page.screenshot({
        path: join(shots, 'addin-task-pane.png'),
        fullPage: true,
        animations: 'disabled',
      });

      const choose = async (combobox: RegExp, option: string) => {
        await page.getByRole('combobox', { name: combobox }).click();
        await page.getByRole('option', { name: option }).click();
      };
      await choose(/^Protocol/, 'Gloucestershire Child Protection Dispute Resolution Protocol');
      await page.getByLabel(/^Child’s name or initials/).fill('J K');
      await page.getByLabel(/^Child’s date of birth/).fill('19/08/2016');
      await page.getByLabel(/^Case number/).fill('SB-200731');
      await page.getByLabel(/^Date of the conference/).fill('18/11/2026');
      await choose(/^Theme/, 'Failure to meet statutory requirements');
      await page.getByLabel(/^Actions required/).fill('Hold the core group within 5 working days.');
      // Choosing the protocol kept the social worker the email named.
      expect(await socialWorker(page).inputValue()).toBe('Ben Harrowgate');
      await page.getByRole('button', { name: 'Raise the dispute' }).click();
      await page.getByRole('heading', { level: 1, name: /^Dispute CPD-/ }).waitFor();

      const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
      const dispute = await api('chair-amara', 'GET', `/api/disputes/${id}`);
      expect(dispute.status).toBe(200);
      expect(dispute.body).toMatchObject({
        socialWorkerId: 'sw-ben',
        concern: `${subject}\n\n${bodyText.replace(/\r\n/g, '\n')}`,
        raiserId: 'chair-amara',
        child: { name: 'J K', caseNumber: 'SB-200731' },
      });
      await page.close();
    }, 60_000);

    test('from anyone else (unknown to the directory, or not a social worker) no social worker is chosen, and the text is still not read', async () => {
      for (const from of [
        { emailAddress: 'a.parent@elsewhere.example', displayName: 'A Parent' },
        { emailAddress: 'carla.brightwater@northmoor.example', displayName: 'Carla Brightwater' },
      ]) {
        const page = await openPane({ subject: 'Re: the plan', from, bodyText });
        await expect.poll(() => concern(page).inputValue()).toBe('Re: the plan\n\n');
        await page
          .getByText(`The sender, ${from.displayName}, is not a social worker in the directory`)
          .waitFor();
        expect(await socialWorker(page).inputValue()).toBe('');
        expect(await bodyReads(page)).toBe(0);
        await page.close();
      }
    }, 60_000);
  },
);
