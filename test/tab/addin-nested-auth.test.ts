// The Outlook add-in's task pane signed in by Outlook with Nested App Authentication (NAA), in a real
// browser (Debian chromium through playwright-core) against the real server running with Entra
// sign-in and no dev sign-in. Outlook is not here, so two stand-ins play it:
//  - for Office.js, one open email (test/support/office-js-stand-in.ts);
//  - for the host's NAA bridge, window.nestedAppAuthBridge (test/support/naa-bridge-stand-in.ts, the
//    message shapes of node_modules/@azure/msal-browser/src/naa/), put in the page before it loads.
// The real MSAL nested client (createNestablePublicClientApplication, tab/src/host/nested-app-auth.ts)
// asks the bridge for a token for our API; the bridge answers with an access token this test signs
// with a key of its own, which the server is given as Entra's signing keys (entraJwks), with the
// claims of an Entra v2.0 token (test/support/entra-claims.ts) for a person of the demo directory.
// Nothing reaches Entra ID itself: the host does that, and the test refuses any request to it.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { entraClaims } from '../support/entra-claims.ts';
import { freePort } from '../support/free-port.ts';
import { naaBridgeStandIn, type NaaAccount, type NaaHost } from '../support/naa-bridge-stand-in.ts';
import { officeJsCdnUrl, officeJsStandIn, type StandInEmail } from '../support/office-js-stand-in.ts';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const root = new URL('../../', import.meta.url).pathname;

const clientId = '5b1f3f1e-7c0a-4d0e-9c61-2d6f4a9e0b11';
const tenant = '00000000-0000-4000-8000-00000000a11c'; // the demo directory's
const entraHost = 'https://login.microsoftonline.com'; // the public cloud: ENTRA_AUTHORITY_HOST unset
// chair-amara in the demo directory (src/adapters/directory/demo-directory.yaml).
interface OutlookPerson {
  tenant: string;
  oid: string;
  name: string;
  email: string;
}
const amara: OutlookPerson = {
  tenant,
  oid: 'a11c0000-0000-4000-8000-000000000020',
  name: 'Amara Quillfeather',
  email: 'amara.quillfeather@northmoor.example',
};
// Someone signed in to Outlook in another organisation's tenant, which this service does not serve.
const outsider: OutlookPerson = {
  tenant: '11111111-2222-4333-8444-555555555555',
  oid: '99999999-0000-4000-8000-000000000001',
  name: 'Olive Outsider',
  email: 'olive@elsewhere.example',
};

/** Builds the tab when tab/dist is missing or older than its sources (as addin-browser.test.ts does). */
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
const email: StandInEmail = {
  subject,
  from: { emailAddress: 'ben.harrowgate@northmoor.example', displayName: 'Ben Harrowgate' },
  bodyText: 'Dear Amara,\r\nThe core group has still not met.\r\nBen',
};

/** dd/mm/yyyy, as the form's date fields take it, `days` ago. */
const daysAgo = (days: number): string => {
  const d = new Date(Date.now() - days * 86_400_000);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
};

describe.skipIf(!hasChromium)(
  `the Outlook add-in's task pane signed in by Outlook (NAA)${hasChromium ? '' : ' (no chromium at /usr/bin/chromium)'}`,
  () => {
    let keys: Awaited<ReturnType<typeof generateKeyPair>>;
    let app: RunningApp;
    let browser: Browser;
    let base = '';
    let appIdUri = '';

    const sign = (claims: JWTPayload): Promise<string> =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'naa-test' })
        .sign(keys.privateKey);

    /** An access token for our API as Entra issues it to Outlook for the add-in (v2.0, access_as_user). */
    const accessToken = (person: OutlookPerson) =>
      sign(
        entraClaims(
          { clientId, tenant: person.tenant, oid: person.oid },
          { iss: `${entraHost}/${person.tenant}/v2.0` },
        ),
      );

    /** The account and tokens Outlook hands over for its signed-in person. */
    const signedInToOutlook = async (
      person: OutlookPerson,
    ): Promise<{
      account: NaaAccount;
      token: { access_token: string; id_token: string; expires_in: number; scope: string };
    }> => {
      const account: NaaAccount = {
        homeAccountId: `${person.oid}.${person.tenant}`,
        environment: new URL(entraHost).host,
        tenantId: person.tenant,
        username: person.email,
        localAccountId: person.oid,
        name: person.name,
      };
      // The id token's claims (learn.microsoft.com/entra/identity-platform/id-token-claims-reference).
      const now = Math.floor(Date.now() / 1000);
      const idToken = await sign({
        aud: clientId,
        iss: `${entraHost}/${person.tenant}/v2.0`,
        tid: person.tenant,
        oid: person.oid,
        sub: `naa-sub-${person.oid}`,
        name: person.name,
        preferred_username: person.email,
        ver: '2.0',
        iat: now - 60,
        nbf: now - 60,
        exp: now + 3600,
      });
      return {
        account,
        token: {
          access_token: await accessToken(person),
          id_token: idToken,
          expires_in: 3600,
          scope: `${appIdUri}/access_as_user`,
        },
      };
    };

    /** Outlook as it is when its NAA bridge started: the SDK, its capabilities, its signed-in person. */
    const initContext = (account: NaaAccount | null): NaaHost['initContext'] => ({
      sdkName: 'Outlook (NAA bridge stand-in)',
      sdkVersion: '1.0.0',
      capabilities: { queryAccount: false },
      ...(account
        ? {
            accountContext: {
              homeAccountId: account.homeAccountId,
              environment: account.environment,
              tenantId: account.tenantId,
            },
          }
        : {}),
    });

    /** The API as the test itself calls it, with an Entra token for `person`. */
    const api = async (person: OutlookPerson, path: string) => {
      const res = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${await accessToken(person)}` },
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    /** A task pane on the email, in a fresh browser profile, with Outlook played by `host`. */
    const openPane = async (host: NaaHost, requirementSets?: Record<string, string>) => {
      const context = await browser.newContext({
        viewport: { width: 420, height: 900 }, // about as wide as Outlook's task pane
        locale: 'en-GB',
        timezoneId: 'Europe/London',
      });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.route('https://appsforoffice.microsoft.com/**', (route) =>
        route.request().url() === officeJsCdnUrl
          ? route.fulfill({ contentType: 'text/javascript', body: officeJsStandIn(email, requirementSets) })
          : route.abort(),
      );
      // Entra ID is Outlook's business under NAA: anything the page sends there is a failure.
      const toEntra: string[] = [];
      await page.route(`${entraHost}/**`, (route) => {
        toEntra.push(route.request().url());
        return route.abort();
      });
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && new URL(r.url()).pathname.startsWith('/api/'))
          posts.push(new URL(r.url()).pathname);
      });
      await page.addInitScript(naaBridgeStandIn(host));
      const popups: string[] = [];
      context.on('page', (p) => popups.push(p.url()));
      await page.goto(`${base}/tab/addin`);
      return { page, toEntra, posts, popups };
    };
    const bridgeRequests = (page: Page) =>
      page.evaluate('window.__naaBridge.requests') as Promise<
        { messageType: string; method: string; tokenParams?: { clientId: string; scope: string } }[]
      >;
    const raisedByAmara = async () => {
      const list = await api(amara, '/api/disputes?view=raised-by-me');
      expect(list.status).toBe(200);
      return list.body.disputes as { id: string }[];
    };

    beforeAll(async () => {
      await ensureTabBuilt();
      keys = await generateKeyPair('RS256');
      const jwk: JWK = { ...(await exportJWK(keys.publicKey)), kid: 'naa-test', alg: 'RS256', use: 'sig' };
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      appIdUri = `api://127.0.0.1:${port}/${clientId}`;
      const env = {
        NODE_ENV: 'test',
        DATA_DIR: 'memory://',
        HOST: '127.0.0.1',
        PORT: String(port),
        APP_BASE_URL: base,
        ENTRA_CLIENT_ID: clientId,
        ENTRA_APP_ID_URI: appIdUri,
        MicrosoftAppTenantId: tenant,
        DELIVERY: 'log',
      };
      const config = loadConfig(env);
      expect(config.devAuth).toBe(false);
      app = await startApp(config, pino({ level: 'silent' }), {
        listen: true,
        background: false,
        env,
        entraJwks: createLocalJWKSet({ keys: [jwk] }),
      });
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
    });

    test('a bridge that refuses the token leaves the pane saying Outlook could not sign the chair in, and nothing is raised', async () => {
      // The person has not consented and the host's prompt fails too (AADSTS65001, consent_required).
      const consent = {
        code: 'invalid_grant',
        subError: 'consent_required',
        description: 'AADSTS65001: The user or administrator has not consented to use the application.',
      };
      const { page, toEntra, posts } = await openPane({
        initContext: initContext(null),
        silent: { error: { status: 'USER_INTERACTION_REQUIRED', ...consent } },
        popup: { error: { status: 'PERSISTENT_ERROR', ...consent } },
      });
      await page.getByText('You are not signed in').waitFor();
      // The host's reason, and what to do about it.
      await page
        .getByText(
          'Outlook could not sign you in to CP Disputes (invalid_grant: AADSTS65001: The user or administrator has not consented to use the application.). If this is the first time, your administrator may need to grant consent to the app.',
        )
        .waitFor();
      // Nothing to raise with, no dev person switcher, and nobody named as signed in.
      expect(await page.getByRole('button', { name: 'Raise the dispute' }).count()).toBe(0);
      expect(await page.getByLabel(/^The concern/).count()).toBe(0);
      expect(await page.getByText(/Signed in as/).count()).toBe(0);
      // MSAL asked the host silently, then with its prompt (once, though the pane made several calls),
      // for our app and our API's scope; never Entra itself.
      const asked = await bridgeRequests(page);
      expect(asked.map((r) => r.method)).toEqual(['GetInitContext', 'GetToken', 'GetTokenPopup']);
      for (const r of asked.slice(1))
        expect(r.tokenParams).toMatchObject({ clientId, scope: `${appIdUri}/access_as_user` });
      expect(asked.every((r) => r.messageType === 'NestedAppAuthRequest')).toBe(true);
      expect(toEntra).toEqual([]);
      expect(posts).toEqual([]);
      expect(await raisedByAmara()).toEqual([]);
      await page.context().close();
    }, 60_000);

    test('Outlook signs the chair in: her name is on the pane, the subject starts the concern, and raising makes her the raiser', async () => {
      const outlook = await signedInToOutlook(amara);
      const { page, toEntra } = await openPane({
        initContext: initContext(outlook.account),
        silent: outlook,
        popup: outlook,
      });
      await page.getByRole('heading', { level: 1, name: 'Raise a dispute' }).waitFor();
      await page.getByText(`Signed in as ${amara.name}`).waitFor();
      // Signed in by Outlook, not by the development person switcher.
      expect(await page.getByRole('combobox', { name: /Signed in as/ }).count()).toBe(0);
      expect(await page.getByText('Signed in as (development sign-in)').count()).toBe(0);
      // The token came silently from the host, for our app and our API's scope: no prompt.
      const asked = await bridgeRequests(page);
      expect(asked.map((r) => r.method)).toEqual(['GetInitContext', 'GetToken']);
      expect(asked[1]?.tokenParams).toMatchObject({ clientId, scope: `${appIdUri}/access_as_user` });

      const concern = page.getByLabel(/^The concern/);
      await expect.poll(() => concern.inputValue()).toBe(`${subject}\n\n`);
      await expect
        .poll(() => page.getByRole('combobox', { name: /^Social worker/ }).inputValue())
        .toBe('Ben Harrowgate');

      const choose = async (combobox: RegExp, option: string) => {
        await page.getByRole('combobox', { name: combobox }).click();
        await page.getByRole('option', { name: option }).click();
      };
      await choose(/^Protocol/, 'Gloucestershire Child Protection Dispute Resolution Protocol');
      await page.getByLabel(/^Child’s name or initials/).fill('J K');
      await page.getByLabel(/^Child’s date of birth/).fill('19/08/2016');
      await page.getByLabel(/^Case number/).fill('SB-200731');
      await page.getByLabel(/^Date of the conference/).fill(daysAgo(3));
      await choose(/^Theme/, 'Failure to meet statutory requirements');
      await page.getByLabel(/^Actions required/).fill('Hold the core group within 5 working days.');
      await page.getByRole('button', { name: 'Raise the dispute' }).click();
      await page.getByRole('heading', { level: 1, name: /^Dispute CPD-/ }).waitFor();

      const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
      const dispute = await api(amara, `/api/disputes/${id}`);
      expect(dispute.status).toBe(200);
      expect(dispute.body).toMatchObject({
        raiserId: 'chair-amara',
        socialWorkerId: 'sw-ben',
        concern: subject, // the server trims what the pane sent
        child: { name: 'J K', caseNumber: 'SB-200731' },
      });
      expect((await raisedByAmara()).map((d) => d.id)).toEqual([id]);
      // Outlook was asked for a token once: MSAL kept it for every call after, the raise included.
      expect((await bridgeRequests(page)).map((r) => r.method)).toEqual(['GetInitContext', 'GetToken']);
      expect(toEntra).toEqual([]);
      await page.context().close();
    }, 60_000);

    test('the first time, when the host must ask (consent), Outlook’s prompt signs the chair in', async () => {
      const outlook = await signedInToOutlook(amara);
      const { page, toEntra } = await openPane({
        initContext: initContext(null),
        silent: {
          error: {
            status: 'USER_INTERACTION_REQUIRED',
            code: 'invalid_grant',
            subError: 'consent_required',
            description: 'AADSTS65001: The user or administrator has not consented to use the application.',
          },
        },
        popup: outlook,
      });
      await page.getByRole('heading', { level: 1, name: 'Raise a dispute' }).waitFor();
      await page.getByText(`Signed in as ${amara.name}`).waitFor();
      await expect.poll(() => page.getByLabel(/^The concern/).inputValue()).toBe(`${subject}\n\n`);
      const methods = (await bridgeRequests(page)).map((r) => r.method);
      // One question to Outlook, one prompt, though the pane starts with several calls at once
      // (in Outlook each GetTokenPopup is a prompt the person must answer); then MSAL keeps the token.
      expect(methods).toEqual(['GetInitContext', 'GetToken', 'GetTokenPopup']);
      expect(toEntra).toEqual([]);
      await page.context().close();
    }, 60_000);

    test('someone Outlook signs in from an organisation this service does not serve is told so in Outlook’s pane, with no form', async () => {
      const outlook = await signedInToOutlook(outsider);
      const { page, posts } = await openPane({
        initContext: initContext(outlook.account),
        silent: outlook,
        popup: outlook,
      });
      await page.getByText('You are not signed in').waitFor();
      // Not "open CP Disputes from Teams or Outlook": the person is in Outlook, and Outlook did sign them in.
      await page
        .getByText(
          'Outlook signed you in, but CP Disputes did not accept it: The token is from a tenant this service does not serve',
        )
        .waitFor();
      expect(await page.getByText(/Open CP Disputes from Teams or Outlook/).count()).toBe(0);
      expect(await page.getByText(/Signed in as/).count()).toBe(0);
      expect(await page.getByLabel(/^The concern/).count()).toBe(0);
      expect(posts).toEqual([]);
      await page.context().close();
    }, 60_000);

    test('an Outlook without Nested App Authentication (an older build) tells the chair to update it or use Teams, and opens no sign-in window', async () => {
      const outlook = await signedInToOutlook(amara);
      // Outlook's answer to isSetSupported('NestedAppAuth', '1.1') decides: the bridge, there only to
      // show it, is never asked.
      const { page, toEntra, posts, popups } = await openPane(
        { initContext: initContext(outlook.account), silent: outlook, popup: outlook },
        { Mailbox: '1.8' },
      );
      await page.getByText('You are not signed in').waitFor();
      await page
        .getByText(
          'Outlook could not sign you in to CP Disputes (this version of Outlook cannot sign you in to add-ins (it does not have Nested App Authentication): update Outlook, or use CP Disputes in Teams)',
        )
        .waitFor();
      expect(await page.getByLabel(/^The concern/).count()).toBe(0);
      expect(await bridgeRequests(page)).toEqual([]);
      expect(popups).toEqual([]);
      expect(toEntra).toEqual([]);
      expect(posts).toEqual([]);
      await page.context().close();
    }, 60_000);
  },
);
