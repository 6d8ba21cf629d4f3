// The link an activity-feed notice opens: a Teams deep link to the personal tab ("My disputes",
// entityId `dashboard`) at the dispute's page. Format from "Deep links to an application"
// (https://learn.microsoft.com/en-us/microsoftteams/platform/concepts/build-and-test/deep-link-application):
//   https://teams.microsoft.com/l/entity/<appId>/<entityId>?webUrl=<url>&label=<label>&context=<json>
// with context {"subEntityId": <dispute id>}, which the tab reads from the Teams context to open the
// dispute. Only the reference is in the label.
//
// NOTE for the merger: the "signin" helper writes the shared deep-link builder
// (bot/cards/dispute-links.ts); this minimal one is the feed's own and can be replaced by it.
export function disputeTabDeepLink(input: {
  teamsAppId: string;
  appBaseUrl: string;
  disputeId: string;
  reference: string;
}): string {
  const webUrl = `${input.appBaseUrl.replace(/\/+$/, '')}/tab/disputes/${encodeURIComponent(input.disputeId)}`;
  const query = new URLSearchParams({
    webUrl,
    label: input.reference,
    context: JSON.stringify({ subEntityId: input.disputeId }),
  });
  // URLSearchParams writes spaces as '+'; Teams' examples encode them as %20.
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(input.teamsAppId)}/dashboard?${query.toString().replace(/\+/g, '%20')}`;
}
