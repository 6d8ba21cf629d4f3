// Entra ID sign-in for the REST API: the tab gets an access token for our API through Teams SSO
// (`getAuthToken`) and sends it as `Authorization: Bearer`. We check it ourselves with jose:
// RS256 signature from Microsoft's published keys, audience (our app id URI or our bare client id),
// issuer of an allowed tenant (v2 or v1 form), the `access_as_user` scope, lifetime; then find the
// person by tenant + object id in the directory. Anything else is a 401 with a short reason.
//
// The raw token stays on the request (`request.entraToken`, not enumerable) for an on-behalf-of
// exchange later; it is never logged, and a reason never echoes any part of it.
import type { FastifyRequest } from 'fastify';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Directory, Person } from '../app/ports/directory.ts';
import { Unauthorized, type Authenticator } from './authentication.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified Entra access token (Entra sign-in only), for on-behalf-of. Never log it. */
    entraToken?: string;
  }
}

/** Entra ID's public cloud: the default authority host (ENTRA_AUTHORITY_HOST). */
export const PUBLIC_CLOUD_AUTHORITY_HOST = 'https://login.microsoftonline.com';

/** Signing keys for every tenant of an authority (v2 endpoint; v1 tokens are signed with the same keys). */
export function jwksUrlFor(authorityHost: string): string {
  return `${authorityHost.replace(/\/+$/, '')}/common/discovery/v2.0/keys`;
}

/** Microsoft's signing keys for every tenant of the public cloud. */
export const MICROSOFT_JWKS_URL = jwksUrlFor(PUBLIC_CLOUD_AUTHORITY_HOST);

/** The scope the tab's token must carry: the one the app registration exposes for Teams SSO. */
export const REQUIRED_SCOPE = 'access_as_user';

export interface EntraAuthenticatorOptions {
  /** The app registration whose API the tab calls (the manifest's webApplicationInfo.id). */
  clientId: string;
  /** `api://<domain>/<clientId>`: the audience of v1 tokens; null to accept the bare client id only. */
  appIdUri: string | null;
  /** Tenants whose people may sign in (GUIDs). */
  allowedTenantIds: readonly string[];
  /**
   * Where Entra ID issues tokens (ENTRA_AUTHORITY_HOST, no trailing slash): v2 tokens' issuer is
   * `<host>/<tenant>/v2.0`. Default: the public cloud, whose v1 tokens' issuer sts.windows.net is
   * accepted too.
   */
  authorityHost?: string;
  /** Where the signing keys come from: the remote JWKS in production, a local set in tests. */
  jwks: JWTVerifyGetKey;
  directory: Directory;
  /** Seconds of clock skew allowed on exp and nbf. */
  clockToleranceSeconds?: number;
  /** Seconds a token's issue time (iat) may lie ahead of ours: 5 minutes of clock skew. */
  issuedAtSkewSeconds?: number;
  /** The time tokens are checked at (tests only); the real time otherwise, never the test clock. */
  now?: () => Date;
}

/** The production key source: the authority's JWKS (Microsoft's by default), fetched and cached by jose. */
export function microsoftJwks(authorityHost: string = PUBLIC_CLOUD_AUTHORITY_HOST): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrlFor(authorityHost)));
}

export function createEntraAuthenticator(options: EntraAuthenticatorOptions): Authenticator {
  const allowed = new Set(options.allowedTenantIds.map((t) => t.toLowerCase()));
  if (!options.clientId) throw new Error('Entra sign-in needs the client id of the API app registration.');
  if (allowed.size === 0) throw new Error('Entra sign-in needs at least one allowed tenant.');
  const audience = [options.clientId, ...(options.appIdUri ? [options.appIdUri] : [])];
  const tolerance = options.clockToleranceSeconds ?? 120;
  const iatSkew = options.issuedAtSkewSeconds ?? 300;
  const authorityHost = (options.authorityHost ?? PUBLIC_CLOUD_AUTHORITY_HOST).replace(/\/+$/, '');
  const publicCloud = authorityHost.toLowerCase() === PUBLIC_CLOUD_AUTHORITY_HOST;

  return {
    kind: 'entra',
    async authenticate(request) {
      const token = bearerToken(request);
      const payload = await verify(token);

      const tid = stringClaim(payload, 'tid')?.toLowerCase();
      const oid = stringClaim(payload, 'oid');
      if (!tid || !oid)
        throw new Unauthorized('The token does not name a user (no tid or oid): sign in as a person.');
      if (!allowed.has(tid))
        throw new Unauthorized('The token is from a tenant this service does not serve.');
      const iss = stringClaim(payload, 'iss') ?? '';
      if (
        iss !== `${authorityHost}/${tid}/v2.0` &&
        !(publicCloud && iss === `https://sts.windows.net/${tid}/`)
      )
        throw new Unauthorized("The token's issuer is not its tenant's Entra ID.");
      const scopes = (stringClaim(payload, 'scp') ?? '').split(' ').filter(Boolean);
      if (!scopes.includes(REQUIRED_SCOPE))
        throw new Unauthorized(
          `The token does not carry the ${REQUIRED_SCOPE} scope: sign in through the tab.`,
        );

      const person: Person | null = await options.directory.byAadObjectId(tid, oid);
      if (!person || person.mailbox)
        throw new Unauthorized(
          "You are signed in, but not in this council's directory: ask your directory administrator.",
        );
      Object.defineProperty(request, 'entraToken', {
        value: token,
        enumerable: false,
        configurable: true,
        writable: false,
      });
      return person;
    },
  };

  async function verify(token: string): Promise<JWTPayload> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, options.jwks, {
        algorithms: ['RS256'],
        audience,
        clockTolerance: tolerance,
        requiredClaims: ['exp', 'iat', 'iss', 'aud'],
        ...(options.now ? { currentDate: options.now() } : {}),
      }));
    } catch (e) {
      throw new Unauthorized(reasonFor(e));
    }
    // jose checks iat only with maxTokenAge; a token issued in the future was minted by a clock
    // (or a forger) that is not Entra's, and could outlive its apparent lifetime.
    const nowSeconds = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
    if (typeof payload.iat !== 'number' || payload.iat > nowSeconds + iatSkew)
      throw new Unauthorized('The token was issued in the future.');
    return payload;
  }
}

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header)
    throw new Unauthorized('Sign in: send an Entra access token as "Authorization: Bearer <token>".');
  const match = /^Bearer[ ]+([A-Za-z0-9\-_.]+)\s*$/i.exec(header);
  if (!match) throw new Unauthorized('The Authorization header is not "Bearer <token>".');
  return match[1]!;
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' && value ? value : undefined;
}

/** A short reason for a token jose refused; never any part of the token. */
function reasonFor(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'The token has expired: sign in again.';
  if (e instanceof errors.JWTClaimValidationFailed) {
    switch (e.claim) {
      case 'aud':
        return 'The token is for another application (audience).';
      case 'nbf':
        return 'The token is not valid yet.';
      case 'iat':
        return 'The token was issued in the future.';
      default:
        return `The token's "${e.claim}" claim is missing or not valid.`;
    }
  }
  if (e instanceof errors.JWSSignatureVerificationFailed) return "The token's signature does not verify.";
  if (e instanceof errors.JWKSNoMatchingKey)
    return 'The token is signed with a key Microsoft does not publish.';
  if (e instanceof errors.JOSEAlgNotAllowed) return 'The token is not signed with RS256.';
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid)
    // Our side: the keys could not be fetched. Let the error handler log it and answer 500.
    throw e;
  if (e instanceof errors.JOSEError) return 'The bearer token is not a well-formed JWT.';
  throw e;
}
