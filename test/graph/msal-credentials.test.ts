// MSAL Node runs for real here; only its network client is ours (FakeEntra), answering with the
// identity platform docs' example responses. msal-node 7's default client is the global fetch, so msw
// could intercept it too, but the injected client lets us read exactly what MSAL posts.
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createGraphCredentials,
  GraphAuthError,
  type GraphLogger,
} from '../../src/adapters/graph/msal-credentials.ts';
import { CLIENT, doc, FakeEntra, graphSettings, SECRET, TENANT, TOKEN_URL } from './support.ts';

const CC_TOKEN = doc<{ access_token: string }>('token-client-credentials').access_token;
const OBO_TOKEN = doc<{ access_token: string }>('token-on-behalf-of').access_token;
/** The doc's example assertion (the token the tab sent our API), shortened as the doc does. */
const USER_ASSERTION =
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6InowMzl6ZHNGdWl6cEJmQlZLMVRuMjVRSFlPMCJ9.eyJhdWQiOiIyO{a lot of characters here}';

function recordingLogger() {
  const lines: string[] = [];
  const log = (level: string) => (obj: Record<string, unknown>, msg: string) => {
    lines.push(`${level} ${JSON.stringify(obj)} ${msg}`);
  };
  const logger: GraphLogger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
  return { logger, lines };
}

const base64url = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');
const decodePart = (part: string) =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

afterEach(() => vi.restoreAllMocks());

describe('app tokens (client credentials)', () => {
  it('asks Entra ID once, with only the token endpoint, and serves the next call from the cache', async () => {
    const entra = new FakeEntra();
    const { logger, lines } = recordingLogger();
    const credentials = createGraphCredentials(graphSettings(), { networkClient: entra, logger });

    expect(await credentials.appToken()).toBe(CC_TOKEN);
    expect(await credentials.appToken()).toBe(CC_TOKEN);

    // login.microsoftonline.com's discovery metadata is built into MSAL: no GETs at all.
    expect(entra.calls.map((c) => `${c.method} ${c.url.split('?')[0]}`)).toEqual([`POST ${TOKEN_URL}`]);
    const form = entra.calls[0]!.form;
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe(CLIENT);
    expect(form.get('client_secret')).toBe(SECRET);
    expect(form.get('scope')).toBe('https://graph.microsoft.com/.default');

    // Our logs say what happened, never the token or the secret.
    expect(lines.some((l) => l.includes('Graph token acquired from Entra ID'))).toBe(true);
    expect(lines.some((l) => l.includes('Graph token reused from the cache'))).toBe(true);
    for (const line of lines) {
      expect(line).not.toContain(CC_TOKEN.slice(0, 30));
      expect(line).not.toContain(SECRET);
    }
  });

  it('shares one request between callers who arrive together', async () => {
    const entra = new FakeEntra();
    const credentials = createGraphCredentials(graphSettings(), { networkClient: entra });
    const tokens = await Promise.all([
      credentials.appToken(),
      credentials.appToken(),
      credentials.appToken(),
    ]);
    expect(tokens).toEqual([CC_TOKEN, CC_TOKEN, CC_TOKEN]);
    expect(entra.tokenRequests).toHaveLength(1);
  });

  it('asks for instance discovery and the OpenID configuration only for an authority host MSAL does not know', async () => {
    const host = 'https://login.northmoor-identity.example';
    const entra = new FakeEntra(host);
    const credentials = createGraphCredentials(graphSettings({ GRAPH_AUTHORITY_HOST: host }), {
      networkClient: entra,
    });
    expect(await credentials.appToken()).toBe(CC_TOKEN);
    expect(entra.calls.map((c) => `${c.method} ${c.url.split('?')[0]}`)).toEqual([
      'GET https://login.microsoftonline.com/common/discovery/instance',
      `GET ${host}/${TENANT}/v2.0/.well-known/openid-configuration`,
      `POST ${host}/${TENANT}/oauth2/v2.0/token`,
    ]);
    expect(new URL(entra.calls[0]!.url).searchParams.get('authorization_endpoint')).toBe(
      `${host}/${TENANT}/oauth2/v2.0/authorize`,
    );
  });

  it('turns a null result from MSAL into a clear error', async () => {
    vi.spyOn(ConfidentialClientApplication.prototype, 'acquireTokenByClientCredential').mockResolvedValue(
      null,
    );
    const credentials = createGraphCredentials(graphSettings(), { networkClient: new FakeEntra() });
    const error = await credentials.appToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphAuthError);
    expect((error as GraphAuthError).code).toBe('no_token');
    expect((error as Error).message).toMatch(
      /^Entra ID returned no token for CP Disputes \(client credentials\)\. Ask IT to check GRAPH_CLIENT_ID, GRAPH_TENANT_ID/,
    );
  });

  it("explains Entra ID's refusal of the secret, without repeating the secret", async () => {
    const entra = new FakeEntra();
    entra.tokenResponse = () => ({ status: 401, body: doc('token-error-invalid-client') });
    const { logger, lines } = recordingLogger();
    const credentials = createGraphCredentials(graphSettings(), { networkClient: entra, logger });
    const error = (await credentials.appToken().catch((e: unknown) => e)) as GraphAuthError;
    expect(error).toBeInstanceOf(GraphAuthError);
    expect(error.code).toBe('invalid_client');
    expect(error.message).toMatch(
      /^Entra ID refused CP Disputes' client secret \(GRAPH_CLIENT_SECRET\): ask IT to check it has not expired/,
    );
    expect(error.message).toContain('AADSTS7000215');
    expect(error.message).not.toContain(SECRET);
    expect(lines.join('\n')).not.toContain(SECRET);
  });
});

describe('a certificate credential', () => {
  it('signs a client assertion whose x5t#S256 header is the certificate thumbprint', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const thumbprint = 'A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90';
    const entra = new FakeEntra();
    const settings = graphSettings({
      GRAPH_CLIENT_SECRET: '',
      GRAPH_CERT_THUMBPRINT_SHA256: thumbprint.toLowerCase(),
      GRAPH_CERT_PRIVATE_KEY: pem,
    });
    expect(settings.credential.kind).toBe('certificate');
    const { logger, lines } = recordingLogger();
    const credentials = createGraphCredentials(settings, { networkClient: entra, logger });

    expect(await credentials.appToken()).toBe(CC_TOKEN);
    const form = entra.tokenRequests[0]!.form;
    expect(form.get('client_secret')).toBeNull();
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const assertion = form.get('client_assertion')!;
    const [headerPart, payloadPart, signaturePart] = assertion.split('.');
    const header = decodePart(headerPart!);
    const payload = decodePart(payloadPart!);
    expect(header).toMatchObject({ alg: 'PS256', typ: 'JWT', 'x5t#S256': base64url(thumbprint) });
    expect(payload).toMatchObject({ aud: TOKEN_URL, iss: CLIENT, sub: CLIENT });
    expect(payload.exp as number).toBeGreaterThan(payload.nbf as number);

    // Signed with the private key (RSASSA-PSS, SHA-256), so Entra ID can check it with the certificate.
    const signed = Buffer.from(`${headerPart}.${payloadPart}`);
    const ok = verify(
      'sha256',
      signed,
      { key: createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })), padding: 6, saltLength: 32 },
      Buffer.from(signaturePart!, 'base64url'),
    );
    expect(ok).toBe(true);
    expect(lines.join('\n')).not.toContain('PRIVATE KEY');
  });
});

describe('on-behalf-of tokens for the tab', () => {
  it("exchanges the user's token for a Graph token, and reuses it for the same user", async () => {
    const entra = new FakeEntra();
    const credentials = createGraphCredentials(graphSettings(), { networkClient: entra });
    const scopes = ['https://graph.microsoft.com/user.read'];

    expect(await credentials.onBehalfOf(USER_ASSERTION, scopes)).toBe(OBO_TOKEN);
    expect(await credentials.onBehalfOf(USER_ASSERTION, scopes)).toBe(OBO_TOKEN);
    expect(entra.tokenRequests).toHaveLength(1);
    const form = entra.tokenRequests[0]!.form;
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(form.get('requested_token_use')).toBe('on_behalf_of');
    expect(form.get('assertion')).toBe(USER_ASSERTION);
    expect(form.get('scope')?.split(' ')).toContain('https://graph.microsoft.com/user.read');

    // Another user (another assertion) is another request.
    await credentials.onBehalfOf(`${USER_ASSERTION}2`, scopes);
    expect(entra.tokenRequests).toHaveLength(2);
  });

  it("takes the doc's response verbatim (its scope written with '+'), though MSAL cannot match it in its cache", async () => {
    const entra = new FakeEntra();
    entra.tokenResponse = () => ({ status: 200, body: doc('token-on-behalf-of') });
    const credentials = createGraphCredentials(graphSettings(), { networkClient: entra });
    expect(await credentials.onBehalfOf(USER_ASSERTION, ['https://graph.microsoft.com/user.read'])).toBe(
      OBO_TOKEN,
    );
  });

  it('turns a null result, or a missing assertion, into a clear error', async () => {
    vi.spyOn(ConfidentialClientApplication.prototype, 'acquireTokenOnBehalfOf').mockResolvedValue(null);
    const credentials = createGraphCredentials(graphSettings(), { networkClient: new FakeEntra() });
    await expect(credentials.onBehalfOf(USER_ASSERTION, ['User.Read'])).rejects.toThrow(
      /Entra ID returned no token for CP Disputes \(on behalf of\)/,
    );
    await expect(credentials.onBehalfOf('', ['User.Read'])).rejects.toThrow(
      /No signed-in user token was given/,
    );
  });
});
