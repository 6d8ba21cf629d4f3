// Entra sign-in for the API: the app started with an app registration configured, keys made here
// (jose's local JWKS stands in for Microsoft's). A good token is the person; every kind of bad
// token is a 401 with its own short reason, and no token ever reaches a response body or the log.
import { Writable } from 'node:stream';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { entraClaims } from '../support/entra-claims.ts';

const clientId = '5b1f3f1e-7c0a-4d0e-9c61-2d6f4a9e0b11';
const appIdUri = `api://disputes.northmoor.example/${clientId}`;
const tenant = '00000000-0000-4000-8000-00000000a11c'; // the demo directory's
const otherTenant = '11111111-2222-4333-8444-555555555555';
const amaraOid = 'a11c0000-0000-4000-8000-000000000020'; // chair-amara in the demo directory

type Keys = Awaited<ReturnType<typeof generateKeyPair>>;
let keys: Keys;
let otherKeys: Keys;
let app: RunningApp;
const logLines: string[] = [];

const now = () => Math.floor(Date.now() / 1000);

function claims(over: Partial<JWTPayload> & Record<string, unknown> = {}): JWTPayload {
  return entraClaims({ clientId, tenant, oid: amaraOid }, over);
}

async function token(payload: JWTPayload, options: { key?: Keys['privateKey']; kid?: string } = {}) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? 'key-1' })
    .sign(options.key ?? keys.privateKey);
}

async function call(url: string, authorization?: string, extra: Record<string, string> = {}) {
  const res = await app.server.inject({
    method: 'GET',
    url,
    headers: { ...(authorization ? { authorization } : {}), ...extra },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown>, raw: res.body };
}

beforeAll(async () => {
  keys = await generateKeyPair('RS256');
  otherKeys = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(keys.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  const env = {
    NODE_ENV: 'test',
    DATA_DIR: 'memory://',
    ENTRA_CLIENT_ID: clientId,
    ENTRA_APP_ID_URI: appIdUri,
  };
  const config = loadConfig(env);
  expect(config.devAuth).toBe(false);
  const logger = pino(
    { level: 'trace' },
    new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );
  app = await startApp(config, logger, {
    listen: false,
    background: false,
    env,
    entraJwks: createLocalJWKSet({ keys: [jwk] }),
  });
  // Shows what a later on-behalf-of exchange will find on the request.
  app.server.get('/api/test/entra-token', async (req) => ({
    present: typeof req.entraToken === 'string' && req.entraToken.length > 0,
    enumerable: Object.keys(req).includes('entraToken'),
  }));
}, 60_000);

afterAll(async () => {
  await app?.stop();
});

describe('Entra sign-in for the API', () => {
  it('takes a valid v2 token (audience: the client id) as the directory person with that object id', async () => {
    const r = await call('/api/me', `Bearer ${await token(claims())}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: 'chair-amara', aadObjectId: amaraOid });
  });

  it('takes a valid v1 token (audience: the Application ID URI, issuer sts.windows.net)', async () => {
    const v1 = claims({ aud: appIdUri, iss: `https://sts.windows.net/${tenant}/`, ver: '1.0' });
    const r = await call('/api/me', `Bearer ${await token(v1)}`);
    expect(r.status).toBe(200);
    expect(r.body.id).toBe('chair-amara');
  });

  it("takes a token issued up to 5 minutes ahead of our clock (Entra's clock may run a little fast)", async () => {
    const r = await call('/api/me', `Bearer ${await token(claims({ iat: now() + 240 }))}`);
    expect(r.status).toBe(200);
  });

  it('keeps the token on the request for on-behalf-of, out of sight of serialisers', async () => {
    const r = await call('/api/test/entra-token', `Bearer ${await token(claims())}`);
    expect(r.body).toEqual({ present: true, enumerable: false });
  });

  it('refuses every other request with a 401 and a reason of its own', async () => {
    const cases: [string, () => Promise<string | undefined>, RegExp][] = [
      ['no header', async () => undefined, /Sign in: send an Entra access token/],
      ['not a bearer token', async () => 'Basic Y2hhaXI6cGFzc3dvcmQ=', /not "Bearer <token>"/],
      ['not a JWT', async () => 'Bearer not-a-jwt', /not a well-formed JWT/],
      [
        'wrong audience',
        async () => `Bearer ${await token(claims({ aud: 'api://someone-else/123' }))}`,
        /another application \(audience\)/,
      ],
      [
        'another tenant',
        async () =>
          `Bearer ${await token(claims({ tid: otherTenant, iss: `https://login.microsoftonline.com/${otherTenant}/v2.0` }))}`,
        /tenant this service does not serve/,
      ],
      [
        'issuer not the tenant’s',
        async () =>
          `Bearer ${await token(claims({ iss: `https://login.microsoftonline.com/${otherTenant}/v2.0` }))}`,
        /issuer is not its tenant's Entra ID/,
      ],
      [
        'expired',
        async () =>
          `Bearer ${await token(claims({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 }))}`,
        /expired/,
      ],
      [
        'issued in the future (beyond 5 minutes of skew)',
        async () => `Bearer ${await token(claims({ iat: now() + 600, nbf: now() - 60, exp: now() + 3600 }))}`,
        /issued in the future/,
      ],
      [
        'not valid yet',
        async () => `Bearer ${await token(claims({ nbf: now() + 3600, exp: now() + 7200 }))}`,
        /not valid yet/,
      ],
      [
        'wrong signature (another key, same key id)',
        async () => `Bearer ${await token(claims(), { key: otherKeys.privateKey })}`,
        /signature does not verify/,
      ],
      [
        'a key Microsoft does not publish',
        async () => `Bearer ${await token(claims(), { key: otherKeys.privateKey, kid: 'key-2' })}`,
        /key Microsoft does not publish/,
      ],
      [
        'HS256 (algorithm confusion)',
        async () =>
          `Bearer ${await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: 'key-1' }).sign(new TextEncoder().encode('x'.repeat(32)))}`,
        /not signed with RS256/,
      ],
      [
        'no access_as_user scope',
        async () => `Bearer ${await token(claims({ scp: 'User.Read' }))}`,
        /access_as_user scope/,
      ],
      [
        'an app-only token (roles, no scope)',
        async () => `Bearer ${await token(claims({ scp: undefined, roles: ['Disputes.Read'] }))}`,
        /access_as_user scope/,
      ],
      [
        'no object id',
        async () => `Bearer ${await token(claims({ oid: undefined }))}`,
        /does not name a user/,
      ],
      [
        'unknown object id',
        async () => `Bearer ${await token(claims({ oid: '99999999-0000-4000-8000-000000000099' }))}`,
        /not in this council's directory/,
      ],
      [
        'a shared mailbox',
        async () => `Bearer ${await token(claims({ oid: 'a11c0000-0000-4000-8000-000000000023' }))}`,
        /not in this council's directory/,
      ],
    ];
    const reasons = new Map<string, string>();
    const tokens: string[] = [];
    for (const [name, make, reason] of cases) {
      const authorization = await make();
      if (authorization?.startsWith('Bearer ')) tokens.push(authorization.slice(7));
      const r = await call('/api/me', authorization);
      expect(r.status, name).toBe(401);
      expect(r.body.error, name).toBe('unauthorized');
      expect(String(r.body.message), name).toMatch(reason);
      reasons.set(name, String(r.body.message));
      // The reason never echoes the token, not even a part of it.
      for (const t of tokens)
        for (const part of t.split('.')) if (part.length > 8) expect(r.raw, name).not.toContain(part);
    }
    // Each failure says what is wrong in its own words (two mailbox/unknown, two scope cases share one).
    const distinct = new Set(reasons.values());
    expect(distinct.size).toBe(cases.length - 2);
    // The log has the requests, but no token, no header, nothing of either.
    const log = logLines.join('');
    expect(log).toMatch(/"status":401/);
    for (const t of tokens)
      for (const part of t.split('.')) if (part.length > 8) expect(log).not.toContain(part);
    expect(log).not.toMatch(/authorization/i);
  });

  it('ignores the dev sign-in header: without a token, the dev user is nobody', async () => {
    const r = await call('/api/me', undefined, { 'x-dev-user': 'chair-amara' });
    expect(r.status).toBe(401);
  });

  it('leaves the health check and the OpenAPI document public, and describes bearer sign-in', async () => {
    expect((await call('/healthz')).status).toBe(200);
    const doc = await call('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.components).toMatchObject({
      securitySchemes: { entra: { type: 'http', scheme: 'bearer' } },
    });
  });
});

describe('Entra sign-in configuration', () => {
  it("uses ENTRA_CLIENT_ID, else the bot's MicrosoftAppId (one app registration for both)", () => {
    expect(loadConfig({ ENTRA_CLIENT_ID: clientId }).entra).toEqual({
      clientId,
      appIdUri: null,
      allowedTenantIds: [],
      authorityHost: 'https://login.microsoftonline.com',
    });
    expect(loadConfig({ MicrosoftAppId: 'bot-app', MicrosoftAppTenantId: tenant }).entra).toEqual({
      clientId: 'bot-app',
      appIdUri: null,
      allowedTenantIds: [tenant],
      authorityHost: 'https://login.microsoftonline.com',
    });
    expect(loadConfig({ ENTRA_CLIENT_ID: clientId, MicrosoftAppId: 'bot-app' }).entra?.clientId).toBe(
      clientId,
    );
  });

  it('derives the Application ID URI from APP_BASE_URL as the app package does, unless it is given', () => {
    expect(
      loadConfig({ ENTRA_CLIENT_ID: clientId, APP_BASE_URL: 'https://Disputes.Northmoor.example/' }).entra
        ?.appIdUri,
    ).toBe(`api://disputes.northmoor.example/${clientId}`);
    expect(
      loadConfig({ ENTRA_CLIENT_ID: clientId, ENTRA_APP_ID_URI: appIdUri, APP_BASE_URL: 'https://x.example' })
        .entra?.appIdUri,
    ).toBe(appIdUri);
    expect(() =>
      loadConfig({ ENTRA_CLIENT_ID: clientId, ENTRA_APP_ID_URI: 'https://not-an-app-id-uri' }),
    ).toThrow(/ENTRA_APP_ID_URI/);
  });

  it('takes ALLOWED_TENANT_IDS before MicrosoftAppTenantId; DEV_AUTH=on still wins outside production', () => {
    const c = loadConfig({
      ENTRA_CLIENT_ID: clientId,
      MicrosoftAppTenantId: tenant,
      ALLOWED_TENANT_IDS: `${tenant}, ${otherTenant}`,
    });
    expect(c.entra?.allowedTenantIds).toEqual([tenant, otherTenant]);
    expect(c.devAuth).toBe(false);
    expect(loadConfig({ ENTRA_CLIENT_ID: clientId, DEV_AUTH: 'on' }).devAuth).toBe(true);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        ENTRA_CLIENT_ID: clientId,
        DATABASE_URL: 'postgres://u@db/cp',
        DIRECTORY_FILE: './people.yaml',
        APP_BASE_URL: 'https://disputes.northmoor.example',
      }).devAuth,
    ).toBe(false);
  });
});
