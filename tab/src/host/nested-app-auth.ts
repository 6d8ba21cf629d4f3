// Sign-in for the Outlook add-in's task pane with Nested App Authentication (NAA): Outlook, the
// host, signs the person in and hands the add-in a token for our API through MSAL's nested client
// (learn.microsoft.com/office/dev/add-ins/develop/enable-nested-app-authentication-in-your-add-in).
// teams-js SSO is not there in an add-in, and a plain-browser redirect would leave the task pane.
//
// The settings (client id, authority, the API's scope) come from the server, from the same endpoint
// the plain-browser sign-in reads (GET /api/sign-in-settings, whose `msal` holds clientId, authority,
// knownAuthorities and scopes: tab/src/host/browser-sign-in.ts). They are read loosely here, so
// this file stands on its own and a change of that answer's shape fails with a message, not a crash.
import type { IPublicClientApplication } from '@azure/msal-browser';
import { requireOutlookNestedAppAuth } from './outlook-nested-auth-support.ts';

export interface NestedAppAuthSettings {
  clientId: string;
  authority: string;
  /** Hosts MSAL may trust without instance discovery (a sovereign cloud). */
  knownAuthorities: string[];
  /** `<ENTRA_APP_ID_URI>/access_as_user` */
  scope: string;
}

export const signInSettingsPath = '/api/sign-in-settings';

/** The MSAL settings from the server's answer; null when it gives none (sign-in not configured). */
export function nestedAppAuthSettingsFrom(body: unknown): NestedAppAuthSettings | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const nested = b.msal;
  const msal = (nested && typeof nested === 'object' ? nested : b) as Record<string, unknown>;
  const clientId = typeof msal.clientId === 'string' ? msal.clientId : null;
  const authority = typeof msal.authority === 'string' ? msal.authority : null;
  const scopes = Array.isArray(msal.scopes) ? msal.scopes : [];
  const scope =
    typeof msal.scope === 'string' ? msal.scope : typeof scopes[0] === 'string' ? scopes[0] : null;
  const knownAuthorities = Array.isArray(msal.knownAuthorities)
    ? msal.knownAuthorities.filter((a): a is string => typeof a === 'string')
    : [];
  return clientId && authority && scope ? { clientId, authority, knownAuthorities, scope } : null;
}

async function fetchSettings(): Promise<NestedAppAuthSettings> {
  const res = await fetch(signInSettingsPath, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`the server gave no sign-in settings (HTTP ${res.status})`);
  const settings = nestedAppAuthSettingsFrom(await res.json());
  if (!settings) throw new Error('the server’s sign-in settings name no Entra app');
  return settings;
}

let client: Promise<{ pca: IPublicClientApplication; scope: string }> | null = null;

function nestedClient(): Promise<{ pca: IPublicClientApplication; scope: string }> {
  client ??= (async () => {
    await requireOutlookNestedAppAuth();
    const settings = await fetchSettings();
    // Loaded only here: the Teams tab and the browser never need MSAL's nested client.
    const { createNestablePublicClientApplication } = await import('@azure/msal-browser');
    const pca = await createNestablePublicClientApplication({
      auth: {
        clientId: settings.clientId,
        authority: settings.authority,
        ...(settings.knownAuthorities.length ? { knownAuthorities: settings.knownAuthorities } : {}),
      },
    });
    return { pca, scope: settings.scope };
  })().catch((e: unknown) => {
    client = null; // try again next time rather than remember a failure
    throw e;
  });
  return client;
}

async function acquireToken(): Promise<string> {
  const { pca, scope } = await nestedClient();
  const request = { scopes: [scope] };
  try {
    return (await pca.acquireTokenSilent(request)).accessToken;
  } catch {
    return (await pca.acquireTokenPopup(request)).accessToken;
  }
}

// The pane starts with several API calls at once, each wanting a token. Before the first token is
// in MSAL's cache each would ask Outlook itself, and when Outlook must prompt (first use, consent)
// the person would get one prompt per call: so callers share the one request in flight.
let inFlight: Promise<string> | null = null;

/**
 * A token for our API: silently from Outlook (MSAL keeps it until it expires), else with the host's
 * sign-in pop-up (first use, consent, or a session that ran out).
 */
export function nestedAppToken(): Promise<string> {
  inFlight ??= acquireToken().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

/** As a token source (getToken), the shape the tab's other sign-ins give (tab/src/host/token-source.ts). */
export const nestedAppTokens = { getToken: nestedAppToken };
