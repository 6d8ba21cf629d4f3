// Every link a card (or an email) carries into CP Disputes is made here, so all of them agree.
//
// A card in Teams links to the app's personal tab *inside Teams* (a Teams entity deep link): the
// person lands on the dispute already signed in through Teams SSO, not in a browser tab that must
// sign in again. The shape is Microsoft's "Deep link to an application" → "Navigate within your
// app" (learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-application):
//   https://teams.microsoft.com/l/entity/<appId>/<entityId>?webUrl=<fallback>&label=<label>&context=<json>
// where appId is the manifest's id, entityId a static tab's entityId, and context the URL-encoded
// JSON {"subEntityId": "..."} that the tab reads back as `context.page.subPageId` (teams-js v2).
// webUrl is where a client that cannot show the tab goes instead: the same page on the web.
//
// Without TEAMS_APP_ID (and in Outlook or email, which open links in a browser) the link is the
// plain https address, where the tab signs in with Entra ID in the browser.
import type { CardHost } from './card-contract.ts';

/** The personal tab the links open: appPackage/manifest.json's staticTabs[0].entityId. */
export const personalTabEntityId = 'dashboard';

export interface LinkSettings {
  /** The app's public address (APP_BASE_URL); a trailing slash is dropped. */
  appBaseUrl: string;
  /** TEAMS_APP_ID: the manifest's id; null keeps plain web links everywhere. */
  teamsAppId: string | null;
}

const base = (appBaseUrl: string) => appBaseUrl.replace(/\/+$/, '');

/** The dispute's page on the web: what emails and calendar invitations carry. */
export function disputeWebUrl(appBaseUrl: string, disputeId: string): string {
  return `${base(appBaseUrl)}/tab/disputes/${encodeURIComponent(disputeId)}`;
}

/** The tab's first page on the web. */
export function tabWebUrl(appBaseUrl: string): string {
  return `${base(appBaseUrl)}/tab`;
}

/** A Teams entity deep link to the personal tab, optionally at a sub-page (a dispute id). */
export function teamsTabDeepLink(
  teamsAppId: string,
  target: { webUrl: string; label: string; subEntityId?: string },
): string {
  const query = [
    `webUrl=${encodeURIComponent(target.webUrl)}`,
    `label=${encodeURIComponent(target.label)}`,
    ...(target.subEntityId !== undefined
      ? [`context=${encodeURIComponent(JSON.stringify({ subEntityId: target.subEntityId }))}`]
      : []),
  ].join('&');
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${personalTabEntityId}?${query}`;
}

/**
 * The link a card gives to one dispute: into the Teams app for a card shown in Teams when the app
 * id is known; the web page otherwise. The label is the reference only (no child's details).
 */
export function disputeCardLink(
  settings: LinkSettings,
  dispute: { id: string; reference: string },
  host: CardHost,
): string {
  const webUrl = disputeWebUrl(settings.appBaseUrl, dispute.id);
  if (host !== 'teams' || !settings.teamsAppId) return webUrl;
  return teamsTabDeepLink(settings.teamsAppId, { webUrl, label: dispute.reference, subEntityId: dispute.id });
}

/** The link a card gives to the app itself (the help card). */
export function appCardLink(settings: LinkSettings, host: CardHost): string {
  const webUrl = tabWebUrl(settings.appBaseUrl);
  if (host !== 'teams' || !settings.teamsAppId) return webUrl;
  return teamsTabDeepLink(settings.teamsAppId, { webUrl: `${webUrl}/`, label: 'CP Disputes' });
}

/** The dispute id a Teams deep link names (its context's subEntityId), or null: for tests and support. */
export function subEntityIdOf(link: string): string | null {
  const context = new URL(link).searchParams.get('context');
  if (!context) return null;
  const parsed: unknown = JSON.parse(context);
  return typeof parsed === 'object' && parsed !== null && 'subEntityId' in parsed
    ? String((parsed as { subEntityId: unknown }).subEntityId)
    : null;
}
