// A real OpenID Connect provider on this machine (oidc-provider) that issues Entra-shaped tokens, in
// Entra ID's place for tests of browser sign-in (MSAL in chromium). What it mimics, from
// learn.microsoft.com:
// - the issuer `https://<host>/<tenant id>/v2.0` and its discovery document at
//   `<issuer>/.well-known/openid-configuration` (entra/identity-platform/v2-protocols-oidc);
// - access tokens for our API as RS256 JWTs whose audience is the API's client id and which carry
//   `tid`, `oid` and `scp: access_as_user` (entra/identity-platform/access-token-claims-reference);
// - the SPA's authorization code flow with PKCE, a public client whose token endpoint answers CORS
//   (entra/identity-platform/v2-oauth2-auth-code-flow).
// MSAL refuses a non-https authority, so it listens over TLS with a throwaway self-signed
// certificate (the browser is told to accept it). People sign in on its development login page by
// a username that names a demo-directory person; the password is not checked.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

export interface LocalPerson {
  /** Which tenant the person belongs to (their token's `tid`). */
  tenantId: string;
  /** Their Entra object id (the directory's aadObjectId). */
  oid: string;
  name: string;
}

export interface LocalOidcProviderOptions {
  /** The tenant this provider is the Entra ID of: the issuer's path. */
  tenantId: string;
  /** The API app registration: the SPA's client id and the access token's audience. */
  clientId: string;
  /** The API's Application ID URI: scopes are `<appIdUri>/access_as_user`. */
  appIdUri: string;
  /** The SPA's redirect URIs (exact match, as Entra's SPA platform). */
  redirectUris: string[];
  /** Usernames on the login page → who they are. */
  people: Record<string, LocalPerson>;
}

export interface LocalOidcProvider {
  /** `https://127.0.0.1:<port>`: ENTRA_AUTHORITY_HOST. */
  authorityHost: string;
  /** `<authorityHost>/<tenant>/v2.0`. */
  issuer: string;
  /** The public signing key, as the app's JWKS. */
  publicJwk: JWK;
  /** A token signed with the provider's key, for setting up data through the API. */
  sign(payload: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'cpd-oidc-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startLocalOidcProvider(options: LocalOidcProviderOptions): Promise<LocalOidcProvider> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'local-oidc-1';
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };

  const server: Server = createServer(selfSignedCertificate());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const authorityHost = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mount = `/${options.tenantId}/v2.0`;
  const issuer = `${authorityHost}${mount}`;
  const scope = `${options.appIdUri}/access_as_user`;

  const personOf = (accountId: string | undefined) =>
    accountId !== undefined ? options.people[accountId] : undefined;

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        // A single-page application: a public client, PKCE required, no secret.
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: options.redirectUris,
      },
    ],
    jwks: { keys: [privateJwk] },
    cookies: { keys: ['local-oidc-provider-test-only'] },
    // Entra's id token names the tenant and the object id; MSAL keys its cache by them.
    claims: { openid: ['sub', 'tid', 'oid'], profile: ['name', 'preferred_username'] },
    async findAccount(_ctx, id) {
      const person = personOf(id);
      if (!person) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            tid: person.tenantId,
            oid: person.oid,
            name: person.name,
            preferred_username: id,
          };
        },
      };
    },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // MSAL names no `resource`: the API's scope implies it, as with Entra.
        defaultResource: async () => options.appIdUri,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource) => {
          if (resource !== options.appIdUri) throw new Error(`unknown resource ${resource}`);
          return {
            scope,
            audience: options.clientId,
            accessTokenTTL: 3600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // The claims the API checks, as Entra puts them in its access tokens.
    async extraTokenClaims(_ctx, token) {
      const person = personOf(token.accountId);
      if (!person) return undefined;
      return { tid: person.tenantId, oid: person.oid, scp: 'access_as_user', ver: '2.0' };
    },
    pkce: { required: () => true },
    // As Entra for an SPA: the token endpoint answers CORS from the redirect URIs' origins.
    clientBasedCORS: (_ctx, origin) => options.redirectUris.some((u) => new URL(u).origin === origin),
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.on('server_error', (_ctx, error) => console.error('local OIDC provider:', error));
  const handle = provider.callback();
  // Mounted at the issuer's path, as connect/express would: the provider sees the rest of the path.
  server.on('request', (req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith(mount)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    (req as typeof req & { originalUrl?: string }).originalUrl = url;
    req.url = url.slice(mount.length) || '/';
    void handle(req, res);
  });

  return {
    authorityHost,
    issuer,
    publicJwk,
    sign: (payload) =>
      new SignJWT({ iss: issuer, ...payload })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .sign(privateKey),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
