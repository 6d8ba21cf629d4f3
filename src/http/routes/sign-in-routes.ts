// GET /api/sign-in-settings: what the tab needs to sign in with Entra ID in a plain browser (MSAL), before
// anyone is signed in. Public, and the same for everyone: ids and addresses, never a secret.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SignInSettingsSchema, type BrowserSignIn } from '../../contract/sign-in.ts';
import { PUBLIC_CLOUD_AUTHORITY_HOST } from '../entra-authenticator.ts';

export interface BrowserSignInOptions {
  clientId: string;
  /** ENTRA_AUTHORITY_HOST, no trailing slash. */
  authorityHost: string;
  /** The one tenant whose people sign in, or null for several (then `organizations`). */
  tenantId: string | null;
  /** The API's Application ID URI; null: Entra's default, api://<client id>. */
  appIdUri: string | null;
  /** APP_BASE_URL; null: from the request (development). */
  appBaseUrl: string | null;
}

/** The settings as the tab gets them; the redirect URI needs the request only without APP_BASE_URL. */
export function browserSignInSettings(options: BrowserSignInOptions, requestBase: string): BrowserSignIn {
  const host = options.authorityHost.replace(/\/+$/, '');
  const base = (options.appBaseUrl ?? requestBase).replace(/\/+$/, '');
  return {
    clientId: options.clientId,
    authority: `${host}/${options.tenantId ?? 'organizations'}`,
    // Microsoft's public cloud is built into MSAL; any other authority is named as trusted.
    knownAuthorities: host.toLowerCase() === PUBLIC_CLOUD_AUTHORITY_HOST ? [] : [new URL(host).host],
    scopes: [`${options.appIdUri ?? `api://${options.clientId}`}/access_as_user`],
    redirectUri: `${base}/tab/`,
  };
}

/** The origin MSAL fetches metadata and tokens from: the tab's CSP must let it connect there. */
export function authorityOrigin(options: BrowserSignInOptions | null | undefined): string | null {
  return options ? new URL(options.authorityHost).origin : null;
}

export function signInRoutes(app: FastifyInstance, options: BrowserSignInOptions | null) {
  const requestBase = (req: FastifyRequest) => `${req.protocol}://${req.host}`;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/sign-in-settings',
    {
      config: { public: true },
      schema: {
        summary: 'How the tab signs in in a plain browser (Entra ID with MSAL); no sign-in needed',
        response: { 200: SignInSettingsSchema },
      },
    },
    async (req) => ({ msal: options ? browserSignInSettings(options, requestBase(req)) : null }),
  );
}
