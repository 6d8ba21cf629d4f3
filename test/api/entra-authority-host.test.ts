// ENTRA_AUTHORITY_HOST: a council on a sovereign cloud (login.microsoftonline.us) gets tokens whose
// issuer is that cloud's, with keys published there. The issuer check and the JWKS address follow
// the setting; the public cloud's issuers are then refused, and production refuses http://.
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { jwksUrlFor, MICROSOFT_JWKS_URL } from '../../src/http/entra-authenticator.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { entraClaims } from '../support/entra-claims.ts';
import { nestedAppAuthSettingsFrom } from '../../tab/src/host/nested-app-auth.ts';

const clientId = '5b1f3f1e-7c0a-4d0e-9c61-2d6f4a9e0b11';
const tenant = '00000000-0000-4000-8000-00000000a11c'; // the demo directory's
const amaraOid = 'a11c0000-0000-4000-8000-000000000020'; // chair-amara
const usGov = 'https://login.microsoftonline.us';

let keys: Awaited<ReturnType<typeof generateKeyPair>>;
let app: RunningApp;

const sign = (over: Record<string, unknown>): Promise<string> =>
  new SignJWT(entraClaims({ clientId, tenant, oid: amaraOid }, over) as JWTPayload)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'k1' })
    .sign(keys.privateKey);

const me = async (token: string) => {
  const res = await app.server.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
};

beforeAll(async () => {
  keys = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const env = {
    NODE_ENV: 'test',
    DATA_DIR: 'memory://',
    ENTRA_CLIENT_ID: clientId,
    ENTRA_AUTHORITY_HOST: `${usGov}/`,
  };
  app = await startApp(loadConfig(env), pino({ level: 'silent' }), {
    listen: false,
    background: false,
    env,
    entraJwks: createLocalJWKSet({ keys: [jwk] }),
  });
}, 60_000);

afterAll(async () => {
  await app?.stop();
});

describe('ENTRA_AUTHORITY_HOST', () => {
  it('defaults to the public cloud, drops a trailing slash, and refuses an address with a path', () => {
    expect(loadConfig({ ENTRA_CLIENT_ID: clientId }).entra?.authorityHost).toBe(
      'https://login.microsoftonline.com',
    );
    expect(
      loadConfig({ ENTRA_CLIENT_ID: clientId, ENTRA_AUTHORITY_HOST: `${usGov}/` }).entra?.authorityHost,
    ).toBe(usGov);
    expect(() =>
      loadConfig({ ENTRA_CLIENT_ID: clientId, ENTRA_AUTHORITY_HOST: `${usGov}/${tenant}` }),
    ).toThrow(/ENTRA_AUTHORITY_HOST/);
  });

  it("fetches the signing keys from the authority's own discovery address", () => {
    expect(MICROSOFT_JWKS_URL).toBe('https://login.microsoftonline.com/common/discovery/v2.0/keys');
    expect(jwksUrlFor(usGov)).toBe('https://login.microsoftonline.us/common/discovery/v2.0/keys');
  });

  it("takes a token issued by the configured cloud for the tenant's person", async () => {
    const r = await me(await sign({ iss: `${usGov}/${tenant}/v2.0` }));
    expect(r.status).toBe(200);
    expect(r.body.id).toBe('chair-amara');
  });

  it("refuses the public cloud's issuers (v2 and v1) when another cloud is configured", async () => {
    for (const iss of [
      `https://login.microsoftonline.com/${tenant}/v2.0`,
      `https://sts.windows.net/${tenant}/`,
    ]) {
      const r = await me(await sign({ iss }));
      expect(r.status).toBe(401);
      expect(r.body.detail ?? r.body.message ?? JSON.stringify(r.body)).toMatch(/issuer/);
    }
  });

  it('still refuses a token without the access_as_user scope, from another tenant, or issued in the future', async () => {
    const otherTenant = '11111111-2222-4333-8444-555555555555';
    const now = Math.floor(Date.now() / 1000);
    for (const over of [
      { iss: `${usGov}/${tenant}/v2.0`, scp: 'User.Read' },
      { iss: `${usGov}/${otherTenant}/v2.0`, tid: otherTenant },
      { iss: `${usGov}/${tenant}/v2.0`, iat: now + 3600 },
    ])
      expect((await me(await sign(over))).status).toBe(401);
  });

  it('tells the tab how to sign in in a browser at that authority, and lets the tab connect to it', async () => {
    const res = await app.server.inject({ url: '/api/sign-in-settings', headers: { host: 'cp.example' } });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      msal: {
        clientId,
        authority: `${usGov}/${tenant}`,
        knownAuthorities: ['login.microsoftonline.us'],
        scopes: [`api://${clientId}/access_as_user`],
        redirectUri: 'http://cp.example/tab/',
      },
    });
    expect(String(res.headers['content-security-policy'])).toMatch(
      /connect-src 'self' https:\/\/login\.microsoftonline\.us/,
    );
    // The Outlook add-in's Nested App Authentication reads the same answer.
    expect(nestedAppAuthSettingsFrom(JSON.parse(res.body))).toEqual({
      clientId,
      authority: `${usGov}/${tenant}`,
      knownAuthorities: ['login.microsoftonline.us'],
      scope: `api://${clientId}/access_as_user`,
    });
  });
});

describe('GET /api/sign-in-settings with dev sign-in', () => {
  it('offers no browser sign-in: the person switcher signs in', async () => {
    const env = { NODE_ENV: 'test', DATA_DIR: 'memory://' };
    const dev = await startApp(loadConfig(env), pino({ level: 'silent' }), {
      listen: false,
      background: false,
      env,
    });
    try {
      const res = await dev.server.inject({ url: '/api/sign-in-settings' });
      expect(JSON.parse(res.body)).toEqual({ msal: null });
    } finally {
      await dev.stop();
    }
  }, 60_000);
});
