// Teams, Outlook and the Microsoft 365 app host the tab in a frame (or a mobile web view) and talk
// to it through @microsoft/teams-js. In a plain browser tab there is no host: teams-js is not even
// loaded, and the app signs in another way (the dev person switcher).

export type HostTheme = 'default' | 'dark' | 'contrast';

export interface HostInfo {
  inHost: boolean;
  /** Teams, Outlook, Office ... as the host names itself. */
  hostName: string | null;
  theme: HostTheme;
  userName: string | null;
  /** A deep link's sub-page (sub-entity) id: a dispute id in our links. */
  subPageId: string | null;
  /** The team the channel tab is in. */
  team: { displayName: string; groupId: string | null } | null;
  frameContext: string | null;
  /** The Teams meeting the tab is in (side panel, stage, meeting chat or details), if any. */
  meetingId?: string | null;
}

export const noHost: HostInfo = {
  inHost: false,
  hostName: null,
  theme: 'default',
  userName: null,
  subPageId: null,
  team: null,
  frameContext: null,
};

type TeamsJs = typeof import('@microsoft/teams-js');
let teams: TeamsJs | null = null;

/** teams-js itself gives up at once without a parent, an opener or a native interface. */
function mightBeHosted(): boolean {
  return window.self !== window.top || Boolean(window.opener) || 'nativeInterface' in window;
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  new Promise((resolve, reject) => {
    const t = window.setTimeout(() => reject(new Error(`no answer from the host within ${ms} ms`)), ms);
    p.then(
      (v) => (window.clearTimeout(t), resolve(v)),
      (e: unknown) => (window.clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });

export async function detectHost(timeoutMs = 3000): Promise<HostInfo> {
  if (!mightBeHosted()) return noHost;
  try {
    const lib = await import('@microsoft/teams-js');
    await withTimeout(lib.app.initialize(), timeoutMs);
    teams = lib;
    const context = await withTimeout(lib.app.getContext(), timeoutMs);
    void lib.app.notifySuccess(); // only lifts the host's loading screen: the context is ours, do not wait on it
    const theme = (context.app.theme as HostTheme | undefined) ?? 'default';
    return {
      inHost: true,
      hostName: context.app.host?.name ?? 'Teams',
      theme: theme === 'dark' || theme === 'contrast' ? theme : 'default',
      userName: context.user?.displayName ?? context.user?.userPrincipalName ?? null,
      subPageId: context.page?.subPageId || null,
      team: context.team
        ? { displayName: context.team.displayName ?? '', groupId: context.team.groupId ?? null }
        : null,
      frameContext: context.page?.frameContext ?? null,
      meetingId: context.meeting?.id ?? null,
    };
  } catch {
    // A frame that is not a Microsoft host (or a host that did not answer): run as a plain page.
    return noHost;
  }
}

export function onHostThemeChange(handler: (theme: HostTheme) => void): void {
  teams?.app.registerOnThemeChangeHandler((t) => handler(t === 'dark' || t === 'contrast' ? t : 'default'));
}

let cached: { token: string; expires: number } | null = null;

/** The signed-in person's token for our API (Teams SSO), reused until a minute before it expires. */
export async function hostToken(): Promise<string> {
  if (!teams) throw new Error('Not running in Teams or Outlook.');
  if (cached && cached.expires - 60_000 > Date.now()) return cached.token;
  const token = await teams.authentication.getAuthToken();
  cached = { token, expires: expiryOf(token) };
  return token;
}

function expiryOf(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: number;
    };
    return payload.exp ? payload.exp * 1000 : Date.now() + 5 * 60_000;
  } catch {
    return Date.now() + 5 * 60_000;
  }
}

/** The channel tab's settings page: what Teams saves as the tab's address. */
export function registerTabConfiguration(
  getUrl: () => { contentUrl: string; entityId: string; name: string } | null,
  missing = 'Choose a team first.',
): boolean {
  if (!teams) return false;
  const lib = teams;
  lib.pages.config.registerOnSaveHandler((saveEvent) => {
    const chosen = getUrl();
    if (!chosen) return saveEvent.notifyFailure(missing);
    lib.pages.config
      .setConfig({
        contentUrl: chosen.contentUrl,
        websiteUrl: chosen.contentUrl,
        entityId: chosen.entityId,
        suggestedDisplayName: chosen.name,
      })
      .then(() => saveEvent.notifySuccess())
      .catch((e: Error) => saveEvent.notifyFailure(e.message));
  });
  return true;
}

export function setTabConfigurationValid(valid: boolean): void {
  teams?.pages.config.setValidityState(valid);
}
