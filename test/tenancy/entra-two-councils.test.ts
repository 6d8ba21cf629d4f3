// Entra sign-in on a deployment serving two councils: the person's council is the one their
// token's tenant signs in to, and their directory is that council's. Tokens are signed by a local
// key standing in for Microsoft's (the claims as in
// https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference).
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseBody } from '../support/raise-body.ts';
import { postgresUrl } from '../support/test-app.ts';
import { NORTHMOOR, SOUTHMERE, startTwoCouncilApp, type TwoCouncilApp } from '../support/two-councils.ts';
import { entraClaims } from '../support/entra-claims.ts';

const describeOnPostgres = postgresUrl ? describe : describe.skip;
const clientId = '5b1f3f1e-7c0a-4d0e-9c61-2d6f4a9e0b11';
const amaraOid = 'a11c0000-0000-4000-8000-000000000020'; // chair-amara in both directories

describeOnPostgres('Entra sign-in with two councils', () => {
  let two: TwoCouncilApp;
  let sign: (tenant: string) => Promise<string>;

  const call = async (tenant: string, method: 'GET' | 'POST', url: string, body?: unknown) => {
    const res = await two.app.server.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${await sign(tenant)}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: res.statusCode, body: JSON.parse(res.body) };
  };

  beforeAll(async () => {
    const keys = await generateKeyPair('RS256');
    const jwk: JWK = { ...(await exportJWK(keys.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    sign = (tenant) =>
      new SignJWT(entraClaims({ clientId, tenant, oid: amaraOid }))
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'key-1' })
        .sign(keys.privateKey);
    two = await startTwoCouncilApp('postgres', postgresUrl, {
      env: { ENTRA_CLIENT_ID: clientId, TEST_CLOCK: 'off' },
      options: { entraJwks: createLocalJWKSet({ keys: [jwk] }) },
    });
  }, 60_000);

  afterAll(async () => {
    await two?.close();
  });

  it("signs each token's person in to the council of its tenant, with that council's disputes", async () => {
    const raised = await call(NORTHMOOR.tenantId, 'POST', '/api/disputes', raiseBody);
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const mineNorth = await call(NORTHMOOR.tenantId, 'GET', '/api/disputes?view=raised-by-me');
    const mineSouth = await call(SOUTHMERE.tenantId, 'GET', '/api/disputes?view=raised-by-me');
    expect(mineNorth.body.disputes.map((d: { id: string }) => d.id)).toEqual([raised.body.id]);
    expect(mineSouth.body.disputes).toEqual([]);
    const nobodys = await call(
      SOUTHMERE.tenantId,
      'GET',
      '/api/disputes/00000000-0000-4000-8000-000000000000',
    );
    const other = await call(SOUTHMERE.tenantId, 'GET', `/api/disputes/${raised.body.id}`);
    expect([other.status, other.body.error]).toEqual([nobodys.status, nobodys.body.error]);
  });

  it('refuses a tenant no council signs in from', async () => {
    const stranger = await call('11111111-2222-4333-8444-555555555555', 'GET', '/api/me');
    expect(stranger.status).toBe(401);
  });
});
