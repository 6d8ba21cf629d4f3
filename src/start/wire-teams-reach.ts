// Reaching people in Teams beyond the bot's chat (issue 16): the activity feed (a notice in the Teams
// bell for the moments that ask something of a person) and installing the app for a person the bot
// cannot reach yet. Both need Microsoft Graph; the feed also needs the Teams app's id for its links.
// Without them (the embedded defaults) the feed is off and people the bot cannot reach get email,
// as the start-up log says.
import type { AppServices } from '../app/app-services.ts';
import type { TeamsAppInstaller } from '../app/ports/activity-feed.ts';
import type { Delivery } from '../app/ports/delivery.ts';
import type { AppConfig } from '../config.ts';
import type { Integrations } from '../integrations.ts';
import type { Wording } from '../../bot/wording/wording.ts';

export interface TeamsReach {
  /** Delivers the outbox's `feed` rows; null when the feed is off. */
  feedDelivery: Delivery | null;
  appInstaller: TeamsAppInstaller | null;
  describe: { activityFeed: string; installForPeople: string };
}

export async function wireTeamsReach(
  config: AppConfig,
  integrations: Integrations,
  services: AppServices,
  appBaseUrl: string,
  /** The bot's words, for the feed notices' preview line (read at each notice: the bot comes later). */
  wording?: () => Wording,
): Promise<TeamsReach> {
  const { graph } = integrations;
  if (!graph || config.delivery !== 'teams')
    return {
      feedDelivery: null,
      appInstaller: null,
      describe: {
        activityFeed: graph ? 'off (DELIVERY=log)' : 'off (no Microsoft Graph: GRAPH_CLIENT_ID)',
        installForPeople: graph
          ? 'off (DELIVERY=log)'
          : 'off (no Microsoft Graph): people the bot cannot reach get email',
      },
    };
  const { appId, catalogAppId } = config.teamsApp;
  const [{ createGraphActivityFeed }, { createGraphAppInstallation }, { createActivityFeedDelivery }] =
    await Promise.all([
      import('../adapters/graph/graph-activity-feed.ts'),
      import('../adapters/graph/graph-app-installation.ts'),
      import('../../bot/activity-feed-delivery.ts'),
    ]);
  const feedDelivery = appId
    ? createActivityFeedDelivery(
        services,
        createGraphActivityFeed(graph.client),
        {
          teamsAppId: appId,
          appBaseUrl,
        },
        wording,
      )
    : null;
  const appInstaller = catalogAppId
    ? createGraphAppInstallation(graph.client, { catalogAppId, graphBaseUrl: graph.settings.baseUrl })
    : null;
  return {
    feedDelivery,
    appInstaller,
    describe: {
      activityFeed: feedDelivery
        ? 'Microsoft Graph sendActivityNotification (asked to respond, deadline tomorrow, decision needed, cap reached)'
        : 'off (no TEAMS_APP_ID)',
      installForPeople: appInstaller
        ? 'Microsoft Graph installs the app for people the bot cannot reach, then email if that fails'
        : 'off (no TEAMS_CATALOG_APP_ID or TEAMS_APP_ID): people the bot cannot reach get email',
    },
  };
}
