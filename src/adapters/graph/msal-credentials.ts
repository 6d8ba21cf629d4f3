// Tokens for Microsoft Graph from the council's app registration, through MSAL Node's
// ConfidentialClientApplication: app-only tokens (client credentials) for the directory, calendars and
// mail, and on-behalf-of tokens for the tab's signed-in user. MSAL's in-memory token cache serves repeat
// calls until a token is near expiry, so a busy instance asks Entra ID for a token about once an hour.
//
// What MSAL asks the network for (msal-node 7 / msal-common 16): for login.microsoftonline.com (and the
// other public and national clouds it knows) nothing but the token endpoint,
// `POST {host}/{tenant}/oauth2/v2.0/token`, because the cloud's instance discovery and OpenID metadata
// are built in. For any other authority host it first asks
// `GET https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=…`
// and `GET {host}/{tenant}/v2.0/.well-known/openid-configuration`.
//
// Tokens, secrets and private keys are never logged: our own log lines carry only what happened and
// when the token expires, and MSAL's messages are forwarded with personal data turned off and anything
// shaped like a JWT removed.
import {
  ConfidentialClientApplication,
  LogLevel,
  type AuthenticationResult,
  type Configuration,
  type INetworkModule,
} from '@azure/msal-node';
import type { GraphSettings } from './graph-settings.ts';

/** The log methods we use; a pino logger fits. */
export interface GraphLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export const silentGraphLogger: GraphLogger = { debug() {}, info() {}, warn() {}, error() {} };

export interface GraphCredentials {
  /** An app-only access token for Microsoft Graph (`{baseUrl}/.default`). */
  appToken(): Promise<string>;
  /** A Graph token for the user whose access token to our API (`userAssertion`) the tab sent. */
  onBehalfOf(userAssertion: string, scopes: readonly string[]): Promise<string>;
}

/** Getting a token failed; the message says what to do, and never contains a token or secret. */
export class GraphAuthError extends Error {
  override name = 'GraphAuthError';
  constructor(
    message: string,
    /** MSAL's or Entra ID's error code (e.g. invalid_client), if any. */
    readonly code: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface GraphCredentialOptions {
  /** MSAL's HTTP client; tests inject one that answers the token endpoint. */
  networkClient?: INetworkModule;
  logger?: GraphLogger;
}

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{4,}(\.[A-Za-z0-9_-]*){0,2}/g;
const scrub = (text: string) => text.replace(JWT_LIKE, '[token]');

/** MSAL's configuration for these settings (exported for inspection in tests). */
export function msalConfiguration(
  settings: GraphSettings,
  options: GraphCredentialOptions = {},
): Configuration {
  const logger = options.logger ?? silentGraphLogger;
  const credential =
    settings.credential.kind === 'secret'
      ? { clientSecret: settings.credential.secret }
      : {
          clientCertificate: {
            thumbprintSha256: settings.credential.thumbprintSha256,
            privateKey: settings.credential.privateKey,
          },
        };
  return {
    auth: { clientId: settings.clientId, authority: settings.authority, ...credential },
    system: {
      ...(options.networkClient ? { networkClient: options.networkClient } : {}),
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Info,
        loggerCallback: (level, message, containsPii) => {
          if (containsPii) return;
          const text = scrub(message);
          if (level === LogLevel.Error) logger.warn({ component: 'msal' }, text);
          else if (level === LogLevel.Warning) logger.warn({ component: 'msal' }, text);
          else logger.debug({ component: 'msal' }, text);
        },
      },
    },
  };
}

/** What the chair or IT can act on when Entra ID refuses us. */
function explain(flow: string, settings: GraphSettings, error: unknown): GraphAuthError {
  const e = error as { errorCode?: string; errorMessage?: string; message?: string };
  const code = e?.errorCode ?? null;
  const detail = scrub(String(e?.errorMessage || e?.message || error))
    .split('\n')[0]!
    .slice(0, 300);
  const credential =
    settings.credential.kind === 'secret'
      ? 'client secret (GRAPH_CLIENT_SECRET)'
      : 'certificate (GRAPH_CERT_*)';
  let advice: string;
  if (code === 'invalid_client' || /AADSTS7000215|AADSTS7000222|AADSTS700027/.test(detail))
    advice = `Entra ID refused CP Disputes' ${credential}: ask IT to check it has not expired and matches the app registration.`;
  else if (code === 'unauthorized_client' || /AADSTS700016/.test(detail))
    advice =
      'Entra ID does not know the app registration GRAPH_CLIENT_ID in tenant GRAPH_TENANT_ID: ask IT to check both.';
  else if (/AADSTS90002|tenant/i.test(detail) && /not found/i.test(detail))
    advice =
      "Entra ID does not know the tenant in GRAPH_TENANT_ID: ask IT for the council's Directory (tenant) ID.";
  else if (code === 'invalid_grant' || code === 'interaction_required' || /AADSTS65001/.test(detail))
    advice =
      "the signed-in user's sign-in cannot be used for this (it has expired, or consent is missing): sign in to the tab again, or ask IT to grant admin consent.";
  else
    advice = 'CP Disputes could not get a token from Entra ID: try again, and tell IT if it keeps happening.';
  return new GraphAuthError(`${advice} (${flow}: ${code ? `${code}: ` : ''}${detail})`, code, {
    cause: error,
  });
}

function noToken(flow: string): GraphAuthError {
  return new GraphAuthError(
    `Entra ID returned no token for CP Disputes (${flow}). Ask IT to check GRAPH_CLIENT_ID, GRAPH_TENANT_ID and ` +
      "the app registration's credential and permissions.",
    'no_token',
  );
}

/** Credentials for Graph over MSAL Node, with its in-memory token cache. */
export function createGraphCredentials(
  settings: GraphSettings,
  options: GraphCredentialOptions = {},
): GraphCredentials & { readonly application: ConfidentialClientApplication } {
  const logger = options.logger ?? silentGraphLogger;
  const application = new ConfidentialClientApplication(msalConfiguration(settings, options));
  const appScopes = [`${settings.baseUrl}/.default`];
  let inFlight: Promise<string> | null = null;

  const usable = (result: AuthenticationResult | null, flow: string): string => {
    if (!result || typeof result.accessToken !== 'string' || !result.accessToken) throw noToken(flow);
    logger.debug(
      {
        component: 'graph-auth',
        flow,
        fromCache: result.fromCache,
        expiresOn: result.expiresOn?.toISOString() ?? null,
      },
      result.fromCache ? 'Graph token reused from the cache' : 'Graph token acquired from Entra ID',
    );
    return result.accessToken;
  };

  const appToken = async (): Promise<string> => {
    // One request to Entra ID at a time: callers that arrive while it is out share its answer.
    inFlight ??= (async () => {
      let result: AuthenticationResult | null;
      try {
        result = await application.acquireTokenByClientCredential({ scopes: appScopes });
      } catch (error) {
        const err = explain('client credentials', settings, error);
        logger.warn({ component: 'graph-auth', code: err.code }, err.message);
        throw err;
      }
      return usable(result, 'client credentials');
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  const onBehalfOf = async (userAssertion: string, scopes: readonly string[]): Promise<string> => {
    if (!userAssertion)
      throw new GraphAuthError(
        'No signed-in user token was given for the on-behalf-of flow.',
        'no_assertion',
      );
    if (!scopes.length)
      throw new GraphAuthError('No Graph scopes were asked for in the on-behalf-of flow.', 'no_scopes');
    let result: AuthenticationResult | null;
    try {
      result = await application.acquireTokenOnBehalfOf({ oboAssertion: userAssertion, scopes: [...scopes] });
    } catch (error) {
      const err = explain('on behalf of the signed-in user', settings, error);
      logger.warn({ component: 'graph-auth', code: err.code }, err.message);
      throw err;
    }
    return usable(result, 'on behalf of');
  };

  return { application, appToken, onBehalfOf };
}
