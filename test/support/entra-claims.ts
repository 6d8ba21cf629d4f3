// The claims of an Entra ID v2.0 access token for the tab's API (access_as_user), as Microsoft
// documents them (learn.microsoft.com/entra/identity-platform/access-token-claims-reference):
// one shape for every test that signs its own tokens, each overriding what it probes.
import type { JWTPayload } from 'jose';

export interface TokenSubject {
  clientId: string;
  tenant: string;
  oid: string;
}

/** Valid for an hour from a minute ago, unless `over` says otherwise. */
export function entraClaims(subject: TokenSubject, over: Record<string, unknown> = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: subject.clientId,
    iss: `https://login.microsoftonline.com/${subject.tenant}/v2.0`,
    tid: subject.tenant,
    oid: subject.oid,
    scp: 'access_as_user',
    ver: '2.0',
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    ...over,
  };
}
