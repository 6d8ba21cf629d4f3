// Sign-in in a plain browser: a link in an email or a bookmark opens the tab outside Teams and
// Outlook, where no host hands it a token. The tab then signs in with Entra ID itself, with the
// same app registration as Teams SSO (its SPA platform), by MSAL's redirect flow (auth code + PKCE):
// the page goes to the sign-in page and comes back to the redirect URI (<APP_BASE_URL>/tab/), and
// the page the link named is kept through the round trip in MSAL's `state`. The server says where
// to sign in (GET /api/sign-in-settings), so a sovereign cloud or a test's local provider needs no rebuild.
import {
  BrowserAuthError,
  InteractionRequiredAuthError,
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
} from '@azure/msal-browser';
import type { TokenSource } from './token-source.ts';

/** GET /api/sign-in-settings's `msal` (src/contract/sign-in.ts). */
export interface BrowserSignInSettings {
  clientId: string;
  authority: string;
  knownAuthorities: string[];
  scopes: string[];
  redirectUri: string;
}

/** The page to come back to: this one, as a path (never another origin). */
const currentPage = () => window.location.pathname + window.location.search;

/** The state a redirect came back with, if it names one of the tab's own pages. */
export function returnPathOf(state: string | undefined | null): string | null {
  if (!state || !/^\/tab(\/|$)/.test(state) || state.startsWith('//')) return null;
  return state;
}

/** A token is reused until a minute before it expires. */
const freshEnough = (r: AuthenticationResult | null): r is AuthenticationResult =>
  Boolean(r?.accessToken && r.expiresOn && r.expiresOn.getTime() - 60_000 > Date.now());

/**
 * Silent renewal that only the person can unblock: consent, a new sign-in, or a refresh token that
 * ran out, after which MSAL would try a hidden frame that the tab's CSP (frame-src 'none') stops.
 */
const needsThePerson = (e: unknown) =>
  e instanceof InteractionRequiredAuthError ||
  (e instanceof BrowserAuthError &&
    (e.errorCode === 'timed_out' || e.errorCode === 'iframe_closed_prematurely'));

/** At most one trip to the sign-in page a minute: a sign-in that cannot succeed must not loop. */
const lastTripKey = 'cpDisputes.signInTrip';
function mayGoToSignIn(): boolean {
  const last = Number(window.sessionStorage.getItem(lastTripKey) ?? 0);
  if (Date.now() - last < 60_000) return false;
  window.sessionStorage.setItem(lastTripKey, String(Date.now()));
  return true;
}

let started: Promise<TokenSource> | null = null;

/**
 * Signs in (or finishes a sign-in the page has just come back from) and gives the tokens. Goes to
 * the sign-in page, never resolving, when nobody is signed in yet. `goTo` moves to the page the
 * link named once back from the sign-in page. Once per page: MSAL must see a redirect only once.
 */
export function browserSignIn(
  settings: BrowserSignInSettings,
  goTo: (path: string) => void,
): Promise<TokenSource> {
  return (started ??= start(settings, goTo));
}

async function start(settings: BrowserSignInSettings, goTo: (path: string) => void): Promise<TokenSource> {
  const msal = new PublicClientApplication({
    auth: {
      clientId: settings.clientId,
      authority: settings.authority,
      knownAuthorities: settings.knownAuthorities,
      redirectUri: settings.redirectUri,
    },
    // Gone when the browser tab closes: a shared council PC does not keep someone signed in.
    cache: { cacheLocation: 'sessionStorage' },
  });
  await msal.initialize();
  const back = await msal.handleRedirectPromise({ navigateToLoginRequestUrl: false });
  if (back?.account) msal.setActiveAccount(back.account);
  const returnTo = returnPathOf(back?.state);
  if (returnTo) goTo(returnTo);

  const account: AccountInfo | null = msal.getActiveAccount() ?? msal.getAllAccounts()[0] ?? null;
  if (!account) {
    await msal.loginRedirect({ scopes: settings.scopes, state: currentPage() });
    return new Promise<TokenSource>(() => {}); // the page is going to the sign-in page
  }
  msal.setActiveAccount(account);
  let latest: AuthenticationResult | null = back;
  return {
    async getToken() {
      if (freshEnough(latest)) return latest.accessToken;
      try {
        latest = await msal.acquireTokenSilent({ scopes: settings.scopes, account });
        return latest.accessToken;
      } catch (e) {
        if (!needsThePerson(e) || !mayGoToSignIn()) throw e;
        // Consent or a new sign-in is needed: back to the sign-in page, then to this page.
        await msal.acquireTokenRedirect({ scopes: settings.scopes, account, state: currentPage() });
        return new Promise<string>(() => {});
      }
    },
  };
}
