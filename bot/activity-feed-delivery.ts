// Delivers the outbox's `feed` rows (src/core/dispute/feed-moments.ts): one Teams activity-feed
// notice per row, besides the card the same event sent. The notice names the dispute by its
// reference and opens the tab's dispute page; the person reads the rest there, where the read is
// audited. A row whose notice cannot go is retried or recorded by the outbox like any other.
import type { AppServices } from '../src/app/app-services.ts';
import type { ActivityFeed } from '../src/app/ports/activity-feed.ts';
import { DeliveryError, type Delivery } from '../src/app/ports/delivery.ts';
import type { OutboxRow } from '../src/app/ports/outbox.ts';
import { feedMomentOfReason } from '../src/core/dispute/feed-moments.ts';
import type { NotificationReason } from '../src/core/dispute/notifications.ts';
import { disputeCardLink } from './cards/dispute-links.ts';
import { feedWords } from './feed-words.ts';
import { defaultWording, type Wording } from './wording/wording.ts';

export interface ActivityFeedLinks {
  /** The manifest id of the Teams app (TEAMS_APP_ID), for the deep link. */
  teamsAppId: string;
  /** APP_BASE_URL: where the tab is served. */
  appBaseUrl: string;
}

export function createActivityFeedDelivery(
  services: AppServices,
  feed: ActivityFeed,
  links: ActivityFeedLinks,
  /** The bot's words (a council's WORDING_FILE), asked for at each notice: the preview line is theirs. */
  wording: () => Wording = () => defaultWording,
): Delivery {
  return {
    kind: `feed:${feed.kind}`,
    async deliver(row: OutboxRow) {
      const moment = feedMomentOfReason[row.reason as NotificationReason];
      if (!moment) throw new DeliveryError(`no activity-feed notice for ${row.reason}`, { permanent: true });
      const person = await services.directory.byId(row.recipientId);
      if (!person)
        throw new DeliveryError('the recipient is no longer in the directory', { permanent: true });
      if (person.mailbox)
        throw new DeliveryError('a shared mailbox has no Teams activity feed', { permanent: true });
      const projection = await services.db.transaction((tx) =>
        services.store.getProjection(tx, row.disputeId),
      );
      if (!projection) throw new DeliveryError('the dispute no longer exists', { permanent: true });
      const words = feedWords[moment];
      await feed.send(person.aadObjectId, {
        activityType: words.activityType,
        previewText: wording().text(`feed.preview.${moment}`),
        reference: projection.reference,
        // The same Teams deep link a card in Teams carries (one builder for every link).
        webUrl: disputeCardLink(
          { teamsAppId: links.teamsAppId, appBaseUrl: links.appBaseUrl },
          { id: row.disputeId, reference: projection.reference },
          'teams',
        ),
        chainId: row.id,
      });
    },
  };
}

/** Sends the `feed` rows to the feed and every other row on; feed rows left from when it was on are given up. */
export function routeFeedRows(messages: Delivery, feed: Delivery | null): Delivery {
  return {
    kind: feed ? `${messages.kind}+${feed.kind}` : messages.kind,
    deliver: (row) => {
      if (row.channel !== 'feed') return messages.deliver(row);
      if (!feed)
        return Promise.reject(
          new DeliveryError('the Teams activity feed is off (no Graph or TEAMS_APP_ID)', { permanent: true }),
        );
      return feed.deliver(row);
    },
  };
}
