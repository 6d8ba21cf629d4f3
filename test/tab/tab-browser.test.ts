// The tab in a real browser (Debian chromium through playwright-core) against the real server on
// PGlite, with the test clock and dev sign-in: a chair raises a dispute through the Raise view, the
// team manager answers it, the chair reads the timeline, a deadline passes and the head of service
// sees it counted in the report. Every form refuses bad input by the field and sends nothing; every
// view passes axe-core (no serious or critical violations) and is photographed for the record.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deliverOutbox } from '../../src/app/outbox-worker.ts';
import type { Delivery } from '../../src/app/ports/delivery.ts';
import { meetingJobReasons, type NotificationReason } from '../../src/core/dispute/notifications.ts';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const root = new URL('../../', import.meta.url).pathname;
const shots = join(root, 'test-results', 'screenshots');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const people = {
  chair: { id: 'chair-amara', name: 'Amara Quillfeather' },
  teamManager: { id: 'tm-carla', name: 'Carla Brightwater' },
  headOfService: { id: 'hos-ruth', name: 'Ruth Calloway' },
  otherSocialWorker: { id: 'sw-fern', name: 'Fern Oakhollow' },
  chiefExecutive: { id: 'ceo-miriam', name: 'Miriam Ashdown' },
};

// Each action the server may offer (the view's allowedActions), by the title the tab gives its button
// or form. An action the server offers and the tab has no title for fails the test below.
const actionTitles: Record<string, (offer: Record<string, unknown>) => string> = {
  acknowledge: () => 'Acknowledge (tell the chair you have it)',
  respond: () => 'Respond',
  coSign: () => 'Co-sign the jointly agreed response',
  escalate: () => 'Escalate to a later stage',
  extend: () => 'Give more time',
  resolve: () => 'Resolve',
  withdraw: () => 'Withdraw',
  addNote: () => 'Add a note',
  requestMeeting: (o) => (o.again ? 'Ask for the meeting again' : 'Ask for a meeting'),
  confirmMeetingSlot: () => 'Confirm a time for the meeting',
  moveMeeting: () => 'Move the meeting',
  recordMeetingOutcome: () => 'Record the meeting',
};

// Teams is not here, so messages are handed to a stand-in that accepts them (the notifications show
// as delivered); calendar jobs still go to the app's own meeting worker. The test clock's sweep
// delivers through the app's real adapters, which in development cannot reach anyone in Teams:
// those show as failed deliveries on the admin page.
const acceptingDelivery = (app: RunningApp): Delivery => ({
  kind: 'test',
  deliver: async (row) => {
    if (meetingJobReasons.includes(row.reason as NotificationReason)) await app.delivery.deliver(row);
  },
});

/** Builds the tab when tab/dist is missing or older than its sources. */
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
  `the tab in a real browser${hasChromium ? '' : ' (no chromium at /usr/bin/chromium)'}`,
  () => {
    let app: RunningApp;
    let base: string;
    let context: BrowserContext;
    let page: Page;
    let profile: string;
    let disputeId = '';
    let reference = '';
    let otherReference = '';
    const posts: string[] = [];

    const api = async (person: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { 'x-dev-user': person, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const deliver = () => deliverOutbox(app.services, acceptingDelivery(app));
    const versionOf = async (id: string) =>
      (await api('chair-amara', 'GET', `/api/disputes/${id}`)).body.version as number;

    const axe = async (view: string) => {
      // Evaluated through the DevTools protocol: the tab's Content Security Policy (script-src
      // 'self') rightly refuses an inline <script>, and the tab is tested under that policy.
      if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axeSource);
      const violations = (await page.evaluate(`(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) }));
    })()`)) as { id: string; impact: string; help: string; nodes: string[] }[];
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious, `${view}: axe-core found ${JSON.stringify(serious, null, 1)}`).toEqual([]);
    };
    const screenshot = async (name: string) => {
      await page.evaluate(
        'document.activeElement && document.activeElement.blur && document.activeElement.blur(); window.scrollTo(0, 0)',
      );
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true, animations: 'disabled' });
    };
    const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
    const choose = async (combobox: string | RegExp, option: string | RegExp) => {
      await page.getByRole('combobox', { name: combobox }).click();
      await page.getByRole('option', { name: option }).click();
    };
    const signInAs = async (person: { id: string; name: string }) => {
      await choose(/Signed in as/, new RegExp(`^${person.name}`));
      await expect.poll(() => page.evaluate('localStorage.getItem("cpDisputes.devUser")')).toBe(person.id);
    };
    const nav = (name: string) =>
      page.getByRole('navigation', { name: 'CP Disputes' }).getByRole('link', { name, exact: true });
    const fieldError = (text: string | RegExp) => page.getByRole('alert').filter({ hasText: text }).first();
    const setClock = async (now: string) =>
      expect((await api('chair-amara', 'POST', '/api/dev/clock', { now })).status).toBe(200);
    const disputePosts = () => posts.filter((u) => /\/api\/disputes/.test(u)).length;
    /** The titles of what the server offers this person on this dispute, sorted. */
    const offeredTo = async (personId: string, id: string) => {
      const view = await api(personId, 'GET', `/api/disputes/${id}`);
      expect(view.status).toBe(200);
      const allowed = view.body.allowedActions as Record<string, Record<string, unknown> | null>;
      return Object.entries(allowed)
        .filter(([, offer]) => offer !== null)
        .map(([key, offer]) => {
          expect(actionTitles, `the tab has no button for the server's "${key}"`).toHaveProperty(key);
          return actionTitles[key]!(offer!);
        })
        .sort();
    };
    /** The titles of the buttons and forms the dispute page shows, sorted. */
    const shownActions = async () => {
      const forms = await page.locator('#actions h3, #meeting h3').allTextContents();
      const acknowledge = await page.getByRole('button', { name: actionTitles.acknowledge!({}) }).count();
      return [...forms, ...(acknowledge ? [actionTitles.acknowledge!({})] : [])].sort();
    };

    beforeAll(async () => {
      await ensureTabBuilt();
      const env = { NODE_ENV: 'test', DATA_DIR: 'memory://', PORT: '0', HOST: '127.0.0.1' };
      app = await startApp(loadConfig(env), pino({ level: 'silent' }), {
        listen: true,
        background: false,
        env,
      });
      base = `http://127.0.0.1:${(app.server.server.address() as AddressInfo).port}`;
      await setClock('2026-11-23T10:00:00Z'); // a Monday
      // A second dispute, raised directly through the API, whose informal deadline will be missed.
      const other = await api('chair-amara', 'POST', '/api/disputes', {
        protocolId: 'gloucestershire',
        child: { name: 'J K', dateOfBirth: '2016-08-19', caseNumber: 'SB-200731' },
        conferenceDate: '2026-11-18',
        socialWorkerId: 'sw-gus',
        theme: 'plan-management',
        concern: 'The core group has not met since the initial conference.',
        actionsRequired: 'Hold the core group within 5 working days.',
        immediateRisk: false,
      });
      expect(other.status).toBe(201);
      otherReference = other.body.reference as string;
      await deliver();

      mkdirSync(shots, { recursive: true });
      profile = mkdtempSync(join(tmpdir(), 'cpd-chromium-'));
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
        viewport: { width: 1280, height: 800 },
        locale: 'en-GB',
        timezoneId: 'Europe/London',
        acceptDownloads: true,
        permissions: ['clipboard-read', 'clipboard-write'],
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(8000);
      page.on('request', (r: Request) => {
        if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
      });
    }, 120_000);

    afterAll(async () => {
      await context?.close();
      await app?.stop();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    test('the chair signs in with the person switcher; the skip link leads to the main content', async () => {
      await page.goto(`${base}/tab/`);
      await expect(heading('Choose who you are').waitFor()).resolves.toBeUndefined();
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to main content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate('document.activeElement.id')).toBe('main');
      await signInAs(people.chair);
      await heading('Awaiting me').waitFor();
    }, 30_000);

    test('the Raise view: bad input is refused by the field and nothing is sent', async () => {
      await nav('Raise a dispute').click();
      await heading('Raise a dispute').waitFor();
      await choose(/^Protocol/, 'Gloucestershire Child Protection Dispute Resolution Protocol');
      const before = disputePosts();

      await page.getByRole('button', { name: 'Raise the dispute' }).click();
      for (const message of [
        'Enter the child’s name or initials.',
        'Enter the child’s date of birth.',
        'Enter the case number.',
        'Enter the date of the conference.',
        'Choose the social worker from the list.',
        'Choose the theme of the concern.',
        'Describe the concern.',
        'Say what actions are required.',
      ])
        await fieldError(message).waitFor();
      await page.getByText('There is a problem: nothing was sent').waitFor();

      await page.getByLabel(/^Child’s name or initials/).fill('x'.repeat(201));
      await page.getByLabel(/^Case number/).fill('N'.repeat(51));
      await page.getByLabel(/^The concern/).fill('c'.repeat(4001));
      await page.getByLabel(/^Child’s date of birth/).fill('31/02/2019');
      await page.getByLabel(/^Date of the conference/).fill('next Tuesday');
      await page.getByRole('button', { name: 'Raise the dispute' }).click();
      await fieldError('The child’s name must be 200 characters or fewer (it has 201).').waitFor();
      await fieldError('The case number must be 50 characters or fewer (it has 51).').waitFor();
      await fieldError('The concern must be 4,000 characters or fewer (it has 4,001).').waitFor();
      await fieldError('The date of birth must be a real date, written like 02/04/2019.').waitFor();
      await fieldError('The conference date must be a real date, written like 16/11/2026.').waitFor();
      expect(disputePosts(), 'the Raise form sent a request with bad input').toBe(before);
    }, 30_000);

    test('the escalation preview follows the protocol and the start stage, with Gloucestershire’s cap warning', async () => {
      const preview = page.locator('#preview');
      await preview.getByText('cannot fit inside the 20-working-day overall limit').waitFor();
      await preview.getByText('The stages cannot fit the overall time limit').waitFor();
      // If nobody acts: the chair's window before the automatic move, labelled as the product's default.
      await expect(preview.getByRole('row').nth(1).textContent()).resolves.toMatch(
        /you decide by .*this product.s default/i,
      );
      await expect(preview.getByRole('row').nth(1).textContent()).resolves.toContain('Informal');

      await page.getByRole('checkbox', { name: 'Start at a later stage' }).check();
      await choose(/^Start at/, 'Formal Stage 3 - Head of Service');
      await expect
        .poll(() => preview.getByRole('row').nth(1).textContent())
        .toContain('Formal Stage 3 - Head of Service');
      await page.getByRole('checkbox', { name: 'Start at a later stage' }).uncheck();
      await expect.poll(() => preview.getByRole('row').nth(1).textContent()).toContain('Informal');

      // A concern about a chair names no colleague as "the social worker" (issue 12 item 3).
      const socialWorker = page.getByRole('combobox', { name: /^Social worker/ });
      await choose(/^Protocol/, 'Concern about a Child Protection Conference Chair');
      await expect.poll(() => socialWorker.count()).toBe(0);
      await choose(/^Protocol/, 'Gloucestershire Child Protection Dispute Resolution Protocol');
      await socialWorker.waitFor();
    }, 30_000);

    test('the chair raises the dispute; the API’s own refusal shows by its field first', async () => {
      await page.getByLabel(/^Child’s name or initials/).fill("Amelia-Rose O'Neill");
      await page.getByLabel(/^Case number/).fill('NB-104233');
      // A birth date in the future (the test clock says Mon 23 Nov 2026): the API refuses it, and the
      // tab shows the date as it was typed (issue 12 item 8).
      await page.getByLabel(/^Child’s date of birth/).fill('02/12/2026');
      await page.getByLabel(/^Date of the conference/).fill('16/11/2026');
      await page.getByRole('combobox', { name: /^Social worker/ }).fill('Ben');
      await page.getByRole('option', { name: /^Ben Harrowgate/ }).click();
      await choose(/^Theme/, 'Failure to meet statutory requirements');
      await page
        .getByLabel(/^The concern/)
        .fill('Statutory visits have not taken place since the review conference.');
      await page
        .getByLabel(/^Actions required/)
        .fill('Visit within 2 working days and see the child alone; record it.');

      const before = disputePosts();
      await page.getByRole('button', { name: 'Raise the dispute' }).click();
      await fieldError("The child's date of birth, 02/12/2026, is in the future.").waitFor();
      expect(disputePosts()).toBe(before + 1);
      const raised = await api('chair-amara', 'GET', '/api/disputes?view=raised-by-me');
      expect((raised.body.disputes as unknown[]).length, 'a refused raise wrote nothing').toBe(1);

      await page.getByLabel(/^Child’s date of birth/).fill('02/04/2019');
      await axe('raise');
      await screenshot('raise-with-preview');
      await page.getByRole('button', { name: 'Raise the dispute' }).click();
      await heading(/^Dispute CPD-/).waitFor();
      disputeId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
      reference = ((await heading(/^Dispute CPD-/).textContent()) ?? '').replace('Dispute ', '');
      await page.getByText(`Dispute ${reference} raised`).waitFor();
      expect(await versionOf(disputeId)).toBe(2);
      await deliver();
    }, 30_000);

    test('the chair’s forms on the dispute refuse empty, too long and malformed values and send nothing', async () => {
      const before = disputePosts();
      const open = async (title: string) => {
        const header = page.getByRole('button', { name: title, exact: true });
        if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      };
      const submit = async (key: string, label: string) =>
        page
          .locator('form')
          .filter({ has: page.locator(`[id^="form-${key}-"]`) })
          .getByRole('button', { name: label })
          .click();

      await open('Escalate to a later stage');
      await submit('escalate', 'Escalate now');
      await fieldError('Give the reason for escalating.').waitFor();
      await page.locator('#form-escalate-reason').fill('   ');
      await submit('escalate', 'Escalate now');
      await fieldError('Give the reason for escalating.').waitFor();
      await page.locator('#form-escalate-reason').fill('r'.repeat(2001));
      await submit('escalate', 'Escalate now');
      await fieldError('The reason must be 2,000 characters or fewer (it has 2,001).').waitFor();

      await open('Give more time');
      await submit('extend', 'Give more time');
      await fieldError('Enter the new due date.').waitFor();
      await fieldError('Give the reason for more time.').waitFor();
      await page.locator('#form-extend-dueOn').fill('31/11/2026');
      await page.locator('#form-extend-reason').fill('r'.repeat(2001));
      await submit('extend', 'Give more time');
      await fieldError('The new due date must be a real date').waitFor();
      await fieldError('The reason must be 2,000 characters or fewer').waitFor();

      await open('Resolve');
      await submit('resolve', 'Resolve the dispute');
      await fieldError('Write how the concern was resolved.').waitFor();
      await page.locator('#form-resolve-summary').fill('s'.repeat(4001));
      await submit('resolve', 'Resolve the dispute');
      await fieldError('The summary must be 4,000 characters or fewer').waitFor();

      await open('Withdraw');
      await submit('withdraw', 'Withdraw the dispute');
      await fieldError('Give the reason for withdrawing.').waitFor();
      await page.locator('#form-withdraw-reason').fill('\n\n ');
      await submit('withdraw', 'Withdraw the dispute');
      await fieldError('Give the reason for withdrawing.').waitFor();

      await open('Add a note');
      await submit('note', 'Add the note');
      await fieldError('Write the note.').waitFor();
      await page.locator('#form-note-text').fill('n'.repeat(4001));
      await submit('note', 'Add the note');
      await fieldError('The note must be 4,000 characters or fewer').waitFor();

      expect(disputePosts(), 'a form with bad input sent a request').toBe(before);

      // A date that only the server can judge (a Saturday): refused by the API, shown by the field, as
      // the person typed it (issue 12 item 8: DD/MM/YYYY in the tab).
      await page.locator('#form-extend-dueOn').fill('28/11/2026');
      await page.locator('#form-extend-reason').fill('The family is away.');
      await submit('extend', 'Give more time');
      await fieldError('28/11/2026 is not a working day').waitFor();
      expect(disputePosts()).toBe(before + 1);
      expect(await versionOf(disputeId), 'no event was added').toBe(2);
    }, 45_000);

    test('the chair escalates to formal stage 1', async () => {
      await page
        .locator('#form-escalate-reason')
        .fill('No reply from the social worker and no visit booked.');
      await page.getByRole('button', { name: 'Escalate now' }).click();
      await page.getByText('The dispute was escalated.').first().waitFor();
      await page.locator('#summary').getByText('Formal Stage 1 - Team Manager').first().waitFor();
      expect(await versionOf(disputeId)).toBe(4);
      await deliver();
    }, 20_000);

    test('the team manager sees it under Awaiting me, and the respond form refuses bad input', async () => {
      await signInAs(people.teamManager);
      await nav('Awaiting me').click();
      await heading('Awaiting me').waitFor();
      await page.getByRole('link', { name: reference }).waitFor();
      await axe('awaiting-me');
      await screenshot('awaiting-me');

      await page.getByRole('link', { name: reference }).click();
      await heading(`Dispute ${reference}`).waitFor();
      const before = disputePosts();
      await page.getByRole('button', { name: 'Send response' }).click();
      await fieldError('Choose your answer.').waitFor();
      await fieldError('Write your response.').waitFor();
      await choose(/^Your answer/, 'Needs more time');
      await page.locator('#form-respond-text').fill('t'.repeat(4001));
      await page.locator('#form-respond-moreTimeUntil').fill('2026/11/40');
      await page.getByRole('button', { name: 'Send response' }).click();
      await fieldError('Your response must be 4,000 characters or fewer').waitFor();
      await fieldError('The date must be a real date').waitFor();
      expect(disputePosts(), 'the respond form sent a request with bad input').toBe(before);

      await page.locator('#form-respond-text').fill('The family are away until next week.');
      await page.locator('#form-respond-moreTimeUntil').fill('29/11/2026'); // a Sunday: the API refuses it
      await page.getByRole('button', { name: 'Send response' }).click();
      await fieldError('29/11/2026 is not a working day').waitFor();
      expect(await versionOf(disputeId), 'no event was added').toBe(4);
    }, 30_000);

    test('the team manager responds', async () => {
      await choose(/^Your answer/, 'Actions agreed');
      await page
        .locator('#form-respond-text')
        .fill('A visit is booked for tomorrow; the social worker will see the child alone.');
      await page.getByRole('button', { name: 'Send response' }).click();
      await page.getByText('Your response was sent to the chair.').first().waitFor();
      expect(await versionOf(disputeId)).toBe(5);
      await deliver();
    }, 20_000);

    test('the chair sees the response in the timeline, with names, times and who was told', async () => {
      await signInAs(people.chair);
      await heading(`Dispute ${reference}`).waitFor();
      const timeline = page.locator('#timeline');
      await timeline.getByText(`${people.teamManager.name} responded: Actions agreed`).waitFor();
      await timeline
        .getByText('A visit is booked for tomorrow; the social worker will see the child alone.')
        .waitFor();
      await timeline.getByText(`${people.chair.name} raised the dispute`).waitFor();
      await timeline
        .getByText(`${people.chair.name} escalated from "Informal" to "Formal Stage 1 - Team Manager"`)
        .waitFor();
      await timeline.getByText(/^Asked to respond: Carla Brightwater/).waitFor();
      await timeline.getByText('Mon 23 Nov 2026, 10:00').first().waitFor();
      await page.locator('#notifications').getByText('Delivered').first().waitFor();
      expect(await page.locator('#notifications').getByText('Waiting to send').count()).toBe(0);
      await axe('dispute-timeline');
      await screenshot('dispute-timeline');

      await page.getByRole('button', { name: 'Copy case note' }).click();
      await page.getByText('The case note is on your clipboard').waitFor();
      const note = (await page.evaluate('navigator.clipboard.readText()')) as string;
      expect(note).toContain(reference);
      expect(note).toContain('Informal dispute - Child Protection Conference Chair');
      const form = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download Dispute Resolution Form (.docx)' }).click();
      expect((await form).suggestedFilename()).toMatch(/\.docx$/);
    }, 30_000);

    test('a deadline passes on the test clock: Raised by me marks it overdue; the filters work', async () => {
      await setClock('2026-11-26T09:00:00Z'); // the other dispute's informal stage was due on Wed 25 Nov
      await nav('Raised by me').click();
      await heading('Raised by me').waitFor();
      const row = page.getByRole('row').filter({ hasText: otherReference });
      await row.getByText('Overdue').waitFor();
      await row.getByText('Chair to decide').waitFor();
      await expect(
        page.getByRole('row').filter({ hasText: reference }).getByText('Overdue').count(),
      ).resolves.toBe(0);
      await axe('raised-by-me');
      await screenshot('raised-by-me');

      await page.getByRole('switch', { name: /Overdue only/ }).check();
      await expect.poll(() => page.getByRole('row').count()).toBe(2); // the header and the overdue one
      await page.getByRole('switch', { name: /Overdue only/ }).uncheck();
      await page.getByRole('searchbox', { name: /Filter by/ }).fill('NB-104233');
      await expect.poll(() => page.getByRole('row').count()).toBe(2);
      await page.getByRole('row').filter({ hasText: reference }).waitFor();
    }, 30_000);

    test('the head of service’s report counts the missed deadline (GET /api/reports)', async () => {
      await signInAs(people.headOfService);
      await nav('Reports').click();
      await heading('Reports').waitFor();
      await page
        .getByText(/Counting…/)
        .waitFor({ state: 'detached', timeout: 8000 })
        .catch(() => undefined);
      expect(
        await page.getByText('Not available on this server yet').count(),
        'GET /api/reports is not on this server yet: the Reports view has nothing to show',
      ).toBe(0);
      const missed = page
        .locator('dl div')
        .filter({ has: page.getByText('Deadlines missed', { exact: true }) })
        .locator('dd');
      await expect.poll(() => missed.textContent()).toBe('1');
      await page.locator('#by-theme').getByRole('table').waitFor();
      // Each protocol's stages on their own chart and table, under the protocol's name (issue 12 item 8).
      const ladders = page.locator('#stage-reached h3');
      await expect.poll(() => ladders.count()).toBeGreaterThan(0);
      const ladderTables = page.locator('#stage-reached').getByRole('table');
      expect(await ladderTables.count()).toBe(await ladders.count());
      expect(await ladderTables.first().getAttribute('aria-label')).toMatch(/^Furthest stage reached: ./);

      await page.getByLabel(/^From/).fill('');
      await page.getByLabel(/^To/).fill('32/13/2026');
      await page.getByRole('button', { name: 'Show figures' }).click();
      await page.getByText('Enter the first day of the period.').waitFor();
      await page.getByText('The end must be a real date, written like 31/03/2027.').waitFor();
      await page.getByLabel(/^From/).fill('01/04/2026');
      await page.getByLabel(/^To/).fill('26/11/2026');
      await page.getByRole('button', { name: 'Show figures' }).click();

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download CSV' }).click();
      expect((await download).suggestedFilename()).toMatch(/\.csv$/);
      await axe('reports');
      await screenshot('reports');
    }, 30_000);

    test('the admin view shows the protocols in force, unresolved roles and failed deliveries (GET /api/admin/overview)', async () => {
      await nav('Administration').click();
      await heading('Administration').waitFor();
      await page.getByRole('table', { name: /^Stages of / }).waitFor();
      await page
        .getByText(/cannot be loaded|Checking open disputes/)
        .waitFor({ state: 'detached' })
        .catch(() => undefined);
      await axe('admin');
      await screenshot('admin');
      expect(
        await page.getByText('Not available on this server yet').count(),
        'GET /api/admin/overview is not on this server yet: unresolved roles and failed deliveries cannot be shown',
      ).toBe(0);
    }, 30_000);

    test('a dispute the person may not see shows the “not available” page, also on a deep link', async () => {
      await signInAs(people.otherSocialWorker);
      await page.goto(`${base}/tab/disputes/${encodeURIComponent(disputeId)}`);
      await heading('Not available').waitFor();
      await page.getByText('is not available to you').waitFor();
      await axe('not-available');
      await screenshot('not-available');
      await page.goto(`${base}/tab/disputes/00000000-0000-4000-8000-000000000000`);
      await heading('Not available').waitFor();
    }, 30_000);

    test('the channel tab: its settings page, then the team’s disputes', async () => {
      await signInAs(people.teamManager);
      await page.goto(`${base}/tab/configure`);
      await heading('Set up the team tab').waitFor();
      await page.getByLabel(/^Team/).fill('North Child Protection Team');
      await axe('configure');
      await page.getByRole('link', { name: 'See what the tab will show' }).click();
      await heading('North Child Protection Team: disputes').waitFor();
      await page.getByRole('row').filter({ hasText: reference }).waitFor();
      await axe('team');
      await page.goto(`${base}/tab/team?team=${encodeURIComponent('South Child Protection Team')}`);
      await heading('Not available').waitFor();
    }, 30_000);

    test('the recurrence rule: a similar unresolved concern for the same child is not informal, and the chair is told why', async () => {
      await signInAs(people.chair);
      await page.goto(`${base}/tab/raise`);
      await heading('Raise a dispute').waitFor();
      await choose(/^Protocol/, 'Gloucestershire Child Protection Dispute Resolution Protocol');
      await page.getByLabel(/^Child’s name or initials/).fill('A R O');
      await page.getByLabel(/^Child’s date of birth/).fill('02/04/2019');
      await page.getByLabel(/^Case number/).fill('NB-104233');
      await page.getByLabel(/^Date of the conference/).fill('16/11/2026');
      await page.getByRole('combobox', { name: /^Social worker/ }).fill('Ben');
      await page.getByRole('option', { name: /^Ben Harrowgate/ }).click();
      await choose(/^Theme/, 'Failure to meet statutory requirements');
      await page.getByText('A similar concern about this child is still open').waitFor();
      await page.getByLabel(/^The concern/).fill('Still no statutory visit this week.');
      await page.getByLabel(/^Actions required/).fill('Visit today.');
      await page.getByRole('button', { name: 'Raise the dispute' }).click();
      await heading(/^Dispute CPD-/).waitFor();
      await page.getByText('This dispute starts at “Formal Stage 1 - Team Manager”').waitFor();
      const raisedHeading = (await heading(/^Dispute CPD-/).textContent()) ?? '';
      // The notice is said once: opening the earlier dispute and coming back shows it no more.
      await page.getByRole('link', { name: reference }).click();
      await heading(`Dispute ${reference}`).waitFor();
      await page.goBack();
      await heading(raisedHeading).waitFor();
      await page.locator('#summary').waitFor();
      expect(await page.getByText('This dispute starts at “Formal Stage 1 - Team Manager”').count()).toBe(0);
      expect(await page.getByText(`${raisedHeading} raised`).count()).toBe(0);
    }, 30_000);

    test('at the resolutions meeting stage the dispute shows the booked meeting and who is invited', async () => {
      const version = await versionOf(disputeId);
      const escalated = await api('chair-amara', 'POST', `/api/disputes/${disputeId}/escalate`, {
        version,
        reason: 'The actions agreed have not happened: a resolutions meeting is needed.',
      });
      expect(escalated.status).toBe(200);
      await deliver(); // the calendar job books the meeting (an iCalendar invitation without Graph)
      await deliver(); // and the invitations go out
      await page.goto(`${base}/tab/disputes/${encodeURIComponent(disputeId)}`);
      const meeting = page.locator('#meeting');
      await meeting.getByText('A meeting is required at this stage.').waitFor();
      await meeting.getByText(/^Booked for |^The meeting could not be booked/).waitFor();
      await axe('dispute-meeting');
      await screenshot('dispute-meeting');
    }, 30_000);

    test('each reader sees exactly the actions the server offers them: the deciding Chief Executive may resolve', async () => {
      // Gloucestershire's chair may go straight to any stage; at stage 6 the Chief Executive decides.
      const raised = await api('chair-amara', 'POST', '/api/disputes', {
        protocolId: 'gloucestershire',
        child: { name: 'L M', dateOfBirth: '2015-03-02', caseNumber: 'SB-300412' },
        conferenceDate: '2026-11-18',
        socialWorkerId: 'sw-gus',
        theme: 'plan-management',
        concern: 'Every earlier stage has been tried in the last dispute about this plan.',
        actionsRequired: 'A decision from the Chief Executive.',
        immediateRisk: false,
        startStageId: 'stage-6',
        reason: 'The earlier stages were exhausted on the same plan last month.',
      });
      expect(raised.status).toBe(201);
      const id = raised.body.id as string;
      await deliver();
      const readers = [
        { person: people.chiefExecutive, id },
        { person: people.chair, id },
        { person: people.headOfService, id },
        { person: people.teamManager, id: disputeId },
      ];
      const offers: Record<string, string[]> = {};
      for (const { person, id: shown } of readers) {
        await signInAs(person);
        await page.goto(`${base}/tab/disputes/${encodeURIComponent(shown)}`);
        await page.locator('#actions').waitFor();
        const offered = await offeredTo(person.id, shown);
        offers[person.id] = offered;
        await expect.poll(shownActions, { message: `what ${person.name} is shown` }).toEqual(offered);
      }
      // The rule the tab used to re-derive, and got wrong: the respondent who decides may resolve.
      expect(offers[people.chiefExecutive.id]).toContain('Resolve');
      expect(offers[people.chiefExecutive.id]).toContain('Respond');
      expect(offers[people.chair.id]).toContain('Withdraw');
      expect(offers[people.chair.id]).not.toContain('Respond');
      expect(offers[people.teamManager.id]).not.toContain('Resolve');
      await signInAs(people.chiefExecutive);
      await page.goto(`${base}/tab/disputes/${encodeURIComponent(id)}`);
      await page.getByRole('button', { name: 'Resolve', exact: true }).click();
      await page
        .locator('#form-resolve-summary')
        .fill('The Chief Executive agreed the plan with both parties.');
      await page.getByRole('button', { name: 'Resolve the dispute' }).click();
      await page.getByText('The dispute was resolved.').first().waitFor();
      expect((await api('chair-amara', 'GET', `/api/disputes/${id}`)).body.status).toBe('resolved');
      await expect.poll(shownActions).toEqual(await offeredTo(people.chiefExecutive.id, id));
    }, 60_000);
  },
);
