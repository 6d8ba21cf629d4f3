// Links that open in a plain browser: a link from an email (http://…/tab/disputes/<id>) opened
// outside Teams and Outlook signs in with Entra ID itself (MSAL's redirect flow, the same app
// registration) and lands on the dispute it named. Entra ID is played by a real OpenID Connect
// provider on this machine (test/support/local-oidc-provider.ts) issuing Entra-shaped tokens; the
// app runs with no dev sign-in, its Entra settings pointing there (ENTRA_AUTHORITY_HOST); the
// browser is Debian's chromium, driven through playwright-core.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { createLocalJWKSet } from 'jose';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { entraClaims } from '../support/entra-claims.ts';
import { freePort } from '../support/free-port.ts';
import { startLocalOidcProvider, type LocalOidcProvider } from '../support/local-oidc-provider.ts';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const root = new URL('../../', import.meta.url).pathname;

const clientId = '5b1f3f1e-7c0a-4d0e-9c61-2d6f4a9e0b11';
const tenant = '00000000-0000-4000-8000-00000000a11c'; // the demo directory's
const otherTenant = '11111111-2222-4333-8444-555555555555';
// Demo-directory people by their aadObjectId; "outsider" is someone from another organisation.
const people = {
  amara: { tenantId: tenant, oid: 'a11c0000-0000-4000-8000-000000000020', name: 'Amara Quillfeather' },
  fern: { tenantId: tenant, oid: 'a11c0000-0000-4000-8000-000000000013', name: 'Fern Oakhollow' },
  outsider: { tenantId: otherTenant, oid: '99999999-0000-4000-8000-000000000001', name: 'Olive Outsider' },
};

describe.skipIf(!hasChromium)(
  `browser sign-in with Entra ID${hasChromium ? '' : ' (no chromium at /usr/bin/chromium)'}`,
  () => {
    let provider: LocalOidcProvider;
    let app: RunningApp;
    let browser: Browser;
    let base = '';
    let disputeId = '';
    let reference = '';

    /** On the provider's pages: sign in as `username`, then consent if asked. */
    async function signInAtProvider(page: Page, username: string) {
      await page.waitForURL((u) => u.origin === provider.authorityHost.replace(/\/$/, ''), {
        timeout: 20_000,
      });
      await page.locator('input[name="login"]').fill(username);
      await page.locator('input[name="password"]').fill('not checked');
      await page.locator('button[type="submit"]').click();
      // The consent page (the first time this person signs in to the app), then back to the app.
      await page.waitForURL((u) => u.origin === base || /\/interaction\//.test(u.pathname), {
        timeout: 20_000,
      });
      if (new URL(page.url()).origin !== base) await page.locator('button[type="submit"]').click();
      await page.waitForURL((u) => u.origin === base, { timeout: 20_000 });
    }

    /** Opens a link in a fresh browser (nobody signed in) and signs in as `username`. */
    async function openAs(username: string, path: string): Promise<Page> {
      const context = await browser.newContext({
        ignoreHTTPSErrors: true,
        viewport: { width: 1200, height: 800 },
      });
      const page = await context.newPage();
      await page.goto(`${base}${path}`);
      await signInAtProvider(page, username);
      return page;
    }

    beforeAll(async () => {
      // The built tab, rebuilt when older than its sources (as tab-browser.test.ts does).
      const built = join(root, 'tab/dist/index.html');
      const newest = (dir: string): number =>
        readdirSync(dir, { withFileTypes: true }).reduce(
          (m, e) =>
            Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs),
          0,
        );
      if (!existsSync(built) || statSync(built).mtimeMs < newest(join(root, 'tab/src')))
        await promisify(execFile)(process.execPath, [join(root, 'tab/build.mjs')], { cwd: root });
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      const appIdUri = `api://127.0.0.1:${port}/${clientId}`;
      provider = await startLocalOidcProvider({
        tenantId: tenant,
        clientId,
        appIdUri,
        redirectUris: [`${base}/tab/`],
        people,
      });
      const env = {
        NODE_ENV: 'test',
        DATA_DIR: 'memory://',
        HOST: '127.0.0.1',
        PORT: String(port),
        APP_BASE_URL: base,
        ENTRA_CLIENT_ID: clientId,
        ENTRA_APP_ID_URI: appIdUri,
        MicrosoftAppTenantId: tenant,
        ENTRA_AUTHORITY_HOST: provider.authorityHost,
        DELIVERY: 'log',
      };
      const config = loadConfig(env);
      expect(config.devAuth).toBe(false);
      // The provider's keys: fetched over its self-signed TLS, jose's remote set would refuse them.
      app = await startApp(config, pino({ level: 'silent' }), {
        listen: true,
        background: false,
        env,
        entraJwks: createLocalJWKSet({ keys: [provider.publicJwk] }),
      });

      // The chair raises a dispute through the API, with a token from the same provider.
      const token = await provider.sign(
        entraClaims({ clientId, tenant, oid: people.amara.oid }, { iss: provider.issuer }),
      );
      const raised = await fetch(`${base}/api/disputes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          protocolId: 'gloucestershire',
          child: { name: 'J K', dateOfBirth: '2016-08-19', caseNumber: 'SB-200731' },
          conferenceDate: new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10),
          socialWorkerId: 'sw-ben',
          theme: 'plan-management',
          concern: 'The core group has not met since the initial conference.',
          actionsRequired: 'Hold the core group within 5 working days.',
          immediateRisk: false,
        }),
      });
      const body = (await raised.json()) as { id: string; reference: string };
      expect(raised.status, JSON.stringify(body)).toBe(201);
      ({ id: disputeId, reference } = body);

      browser = await chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
        ],
      });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await provider?.close();
    });

    it('the link from an email goes to the sign-in page, and back to the dispute it named', async () => {
      const page = await openAs('amara', `/tab/disputes/${disputeId}`);
      await expect
        .poll(() => new URL(page.url()).pathname, { timeout: 20_000 })
        .toBe(`/tab/disputes/${disputeId}`);
      await page.getByText(reference).first().waitFor({ timeout: 20_000 });
      await page.getByText('Signed in as Amara Quillfeather').waitFor();
      // Nothing of the sign-in is left in the address bar.
      expect(new URL(page.url()).hash).toBe('');
      // Reloading keeps the person signed in for the browser tab's life, without the sign-in page.
      const toProvider: string[] = [];
      page.on('request', (r) => {
        if (r.url().startsWith(provider.authorityHost)) toProvider.push(r.url());
      });
      await page.reload();
      await page.getByText(reference).first().waitFor({ timeout: 20_000 });
      expect(toProvider.filter((u) => /\/auth|\/interaction\//.test(new URL(u).pathname))).toEqual([]);
      await page.context().close();
    });

    it('someone in the council who is not on the dispute signs in and sees that it is not available', async () => {
      const page = await openAs('fern', `/tab/disputes/${disputeId}`);
      await page.getByRole('heading', { name: 'Not available' }).waitFor({ timeout: 20_000 });
      expect(await page.getByText(reference).count()).toBe(0);
      await page.context().close();
    });

    it("a person from another organisation's tenant is refused by the server, with the reason", async () => {
      const page = await openAs('outsider', `/tab/disputes/${disputeId}`);
      await page
        .getByText(/did not accept it: The token is from a tenant this service does not serve/)
        .waitFor({
          timeout: 20_000,
        });
      expect(await page.getByText(reference).count()).toBe(0);
      await page.context().close();
    });
  },
);
