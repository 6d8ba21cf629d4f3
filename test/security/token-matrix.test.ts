// The token matrix, beyond test/api/entra-auth.test.ts (which has the reasons word for word): every
// forged, stretched or misplaced token a reviewer would try against an app started with Entra
// sign-in is a 401, never a 5xx, never the person; the few a real Entra ID issues at the edges of
// clock skew are taken. With Entra configured, the development doors are closed: no X-Dev-User,
// no test clock, no person switcher.
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  UnsecuredJWT,
  type JWK,
  type JWTPayload,
} from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { entraClaims } from '../support/entra-claims.ts';

const clientId = '5b1f3f1e-7c0a-4d0e-9c61-2d6f4a9e0b11';
const tenant = '00000000-0000-4000-8000-00000000a11c'; // the demo directory's
const amaraOid = 'a11c0000-0000-4000-8000-000000000020'; // chair-amara
const consumers = '9188040d-6c67-4c5b-b112-36a304b66dad'; // personal Microsoft accounts' tenant

type Keys = Awaited<ReturnType<typeof generateKeyPair>>;
let keys: Keys;
let attacker: Keys;
let attackerJwk: JWK;
let app: RunningApp;
const now = () => Math.floor(Date.now() / 1000);

const claims = (over: Record<string, unknown> = {}): JWTPayload =>
  entraClaims({ clientId, tenant, oid: amaraOid }, over);
const sign = (
  payload: JWTPayload,
  header: Record<string, unknown> = {},
  key: Keys['privateKey'] = keys.privateKey,
) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'key-1', ...header }).sign(key);

async function call(headers: Record<string, string>, url = '/api/me') {
  const res = await app.server.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, body: res.body };
}

beforeAll(async () => {
  keys = await generateKeyPair('RS256');
  attacker = await generateKeyPair('RS256', { extractable: true });
  attackerJwk = { ...(await exportJWK(attacker.publicKey)), kid: 'key-1', alg: 'RS256' };
  const jwk: JWK = { ...(await exportJWK(keys.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  const env = { NODE_ENV: 'test', DATA_DIR: 'memory://', ENTRA_CLIENT_ID: clientId };
  app = await startApp(loadConfig(env), pino({ level: 'silent' }), {
    listen: false,
    background: false,
    env,
    entraJwks: createLocalJWKSet({ keys: [jwk] }),
  });
}, 120_000);
afterAll(async () => app?.stop());

describe('the token matrix (Entra sign-in)', () => {
  const refused: [string, () => Promise<Record<string, string>>][] = [
    ['alg none (unsigned)', async () => ({ authorization: `Bearer ${new UnsecuredJWT(claims()).encode()}` })],
    [
      'signed by another key, that key embedded in the header (jwk)',
      async () => ({
        authorization: `Bearer ${await sign(claims(), { jwk: attackerJwk }, attacker.privateKey)}`,
      }),
    ],
    [
      'signed by another key, keys said to be elsewhere (jku)',
      async () => ({
        authorization: `Bearer ${await sign(claims(), { jku: 'https://attacker.example/keys' }, attacker.privateKey)}`,
      }),
    ],
    [
      'another key and no key id',
      async () => ({
        authorization: `Bearer ${await sign(claims(), { kid: undefined }, attacker.privateKey)}`,
      }),
    ],
    ['no exp', async () => ({ authorization: `Bearer ${await sign(claims({ exp: undefined }))}` })],
    ['no iat', async () => ({ authorization: `Bearer ${await sign(claims({ iat: undefined }))}` })],
    ['iat as text', async () => ({ authorization: `Bearer ${await sign(claims({ iat: 'yesterday' }))}` })],
    [
      'issued six minutes ahead',
      async () => ({ authorization: `Bearer ${await sign(claims({ iat: now() + 360 }))}` }),
    ],
    [
      'expired three minutes ago',
      async () => ({ authorization: `Bearer ${await sign(claims({ exp: now() - 180 }))}` }),
    ],
    [
      'the consumers tenant',
      async () => ({
        authorization: `Bearer ${await sign(claims({ tid: consumers, iss: `https://login.microsoftonline.com/${consumers}/v2.0` }))}`,
      }),
    ],
    [
      'a v1 issuer of another tenant',
      async () => ({
        authorization: `Bearer ${await sign(claims({ iss: 'https://sts.windows.net/11111111-2222-4333-8444-555555555555/' }))}`,
      }),
    ],
    [
      'audience as a list with ours and another',
      async () => ({ authorization: `Bearer ${await sign(claims({ aud: ['api://other', 'api://else'] }))}` }),
    ],
    [
      'scope that only contains ours as a prefix',
      async () => ({ authorization: `Bearer ${await sign(claims({ scp: 'access_as_user_admin' }))}` }),
    ],
    [
      'object id of a shared mailbox',
      async () => ({
        authorization: `Bearer ${await sign(claims({ oid: 'a11c0000-0000-4000-8000-000000000023' }))}`,
      }),
    ],
    [
      'an oid that is not text',
      async () => ({ authorization: `Bearer ${await sign(claims({ oid: 12345 }))}` }),
    ],
    [
      'the signature cut off',
      async () => ({ authorization: `Bearer ${(await sign(claims())).split('.').slice(0, 2).join('.')}.` }),
    ],
    [
      'the payload swapped after signing',
      async () => {
        const [h, , s] = (await sign(claims())).split('.');
        const forged = Buffer.from(
          JSON.stringify(claims({ oid: 'a11c0000-0000-4000-8000-000000000099' })),
        ).toString('base64url');
        return { authorization: `Bearer ${h}.${forged}.${s}` };
      },
    ],
    [
      '16 KB of something that is not a token',
      async () => ({ authorization: `Bearer ${'A'.repeat(8000)}.${'B'.repeat(8000)}.C` }),
    ],
    ['"Bearer" with nothing after it', async () => ({ authorization: 'Bearer ' })],
    [
      'two tokens in one header',
      async () => ({ authorization: `Bearer ${await sign(claims())} ${await sign(claims())}` }),
    ],
    ['the token in the query string only', async () => ({})],
    ['the dev header instead of a token', async () => ({ 'x-dev-user': 'chair-amara' })],
    ['a cookie instead of a token', async () => ({ cookie: `token=${await sign(claims())}` })],
  ];

  it.each(refused)('%s: 401, not the person', async (name, make) => {
    const headers = await make();
    const url = name.includes('query string') ? `/api/me?access_token=${await sign(claims())}` : '/api/me';
    const r = await call(headers, url);
    expect(r.status).toBe(401);
    expect(r.body).not.toContain('chair-amara');
  });

  it.each([
    ['issued four minutes ahead (Entra’s clock a little fast)', { iat: now() + 240 }],
    ['expired one minute ago (within two minutes of skew)', { exp: now() - 60 }],
    ['valid from one minute ahead (within skew)', { nbf: now() + 60 }],
  ])('%s: taken', async (_name, over) => {
    const r = await call({ authorization: `Bearer ${await sign(claims(over))}` });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).id).toBe('chair-amara');
  });

  it('"bearer" in lower case is the same scheme (RFC 6750 schemes are case-insensitive)', async () => {
    expect((await call({ authorization: `bearer ${await sign(claims())}` })).status).toBe(200);
  });
});

describe('with Entra configured the development doors are shut', () => {
  it('has no test clock and no person switcher, and says so in the OpenAPI document', async () => {
    const token = await sign(claims());
    expect(app.testClock).toBeUndefined();
    for (const [method, url] of [
      ['GET', '/api/dev/clock'],
      ['POST', '/api/dev/clock'],
      ['GET', '/api/dev/people'],
    ] as const) {
      const res = await app.server.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(method === 'POST' ? { payload: { now: '2030-01-01T00:00:00Z' } } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const doc = JSON.parse((await call({}, '/api/openapi.json')).body);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/dev/'))).toEqual([]);
    expect(doc.components.securitySchemes).not.toHaveProperty('devUser');
  });
});
