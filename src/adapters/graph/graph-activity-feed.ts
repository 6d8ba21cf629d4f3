// The Teams activity feed through Microsoft Graph: POST /users/{id}/teamwork/sendActivityNotification
// ("userTeamwork: sendActivityNotification",
// https://learn.microsoft.com/en-us/graph/api/userteamwork-sendactivitynotification?view=graph-rest-1.0;
// "Send activity feed notifications to users in Microsoft Teams",
// https://learn.microsoft.com/en-us/graph/teams-send-activityfeednotifications). Application
// permission TeamsActivity.Send.User (resource-specific consent, granted when the app is installed for
// the person; declared in the manifest) or TeamsActivity.Send; the activity types are declared in the
// manifest's activities.activityTypes. 204 No Content when sent.
//
// The topic is text (the dispute reference) with a webUrl, a Teams deep link to the tab's dispute
// page ("webUrl is required when using topic source as text"). A notice is repeated safely: the same
// chainId makes Teams replace the earlier notice rather than add one, so the request is repeated
// inline after a 429 or 503 and handed back to the outbox after that.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { ActivityFeed, ActivityFeedNotice } from '../../app/ports/activity-feed.ts';
import { callGraph, defaultRetryPolicy, noSdkRetry, pathSegment, type RetryPolicy } from './graph-call.ts';
import { teamsReachError } from './teams-reach-errors.ts';

export interface GraphActivityFeedOptions {
  /** The Teams app's catalog id: tells Teams which app the notice is from when several share the registration. */
  teamsAppId?: string | null;
  retry?: Partial<RetryPolicy>;
}

/** The body of sendActivityNotification for a notice (exported for the tests' schema check). */
export function activityNotificationBody(notice: ActivityFeedNotice, teamsAppId?: string | null) {
  return {
    topic: { source: 'text' as const, value: notice.reference, webUrl: notice.webUrl },
    activityType: notice.activityType,
    chainId: notice.chainId,
    previewText: { content: notice.previewText.slice(0, 150) },
    ...(teamsAppId ? { teamsAppId } : {}),
    templateParameters: [{ name: 'reference', value: notice.reference }],
  };
}

export function createGraphActivityFeed(
  client: Client,
  options: GraphActivityFeedOptions = {},
): ActivityFeed {
  const policy = defaultRetryPolicy(options.retry);
  return {
    kind: 'graph',
    async send(userAadObjectId, notice) {
      const body = activityNotificationBody(notice, options.teamsAppId);
      try {
        await callGraph(
          () =>
            client
              .api(`/users/${pathSegment(userAadObjectId)}/teamwork/sendActivityNotification`)
              .middlewareOptions(noSdkRetry())
              .post(body),
          policy,
          true,
        );
      } catch (error) {
        throw teamsReachError(
          error,
          `send the Teams activity feed notice for ${notice.reference}`,
          'TeamsActivity.Send (or TeamsActivity.Send.User, granted with the app)',
        );
      }
    },
  };
}
