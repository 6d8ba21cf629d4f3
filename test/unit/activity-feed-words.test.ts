// The activity feed's words, moments and links (issue 16 item 2): the manifest declares exactly the
// activity types the app sends, with the {reference} parameter and nothing else; only the four
// moments reach the feed; the link opens the personal tab at the dispute.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { disputeCardLink } from '../../bot/cards/dispute-links.ts';
import { feedWords } from '../../bot/feed-words.ts';
import { defaultWording } from '../../bot/wording/wording.ts';
import type { AppServices } from '../../src/app/app-services.ts';
import { loadConfig } from '../../src/config.ts';
import type { DisputeEvent } from '../../src/core/dispute/dispute-events.ts';
import { feedMomentOf, type FeedMoment } from '../../src/core/dispute/feed-moments.ts';
import type { Notification, NotificationReason } from '../../src/core/dispute/notifications.ts';
import type { Integrations } from '../../src/integrations.ts';
import { wireTeamsReach } from '../../src/start/wire-teams-reach.ts';

const manifest = JSON.parse(
  readFileSync(new URL('../../appPackage/manifest.json', import.meta.url), 'utf8'),
) as {
  activities: { activityTypes: { type: string; description: string; templateText: string }[] };
  authorization: { permissions: { resourceSpecific: { name: string; type: string }[] } };
  staticTabs: { entityId: string; contentUrl?: string }[];
};

describe('the activity feed in the app manifest', () => {
  it('declares exactly the activity types the app sends, with their words', () => {
    expect(manifest.activities.activityTypes).toEqual(
      Object.values(feedWords).map((w) => ({
        type: w.activityType,
        description: w.description,
        templateText: w.templateText,
      })),
    );
  });

  it('fills each notice with the dispute reference only, within Teams limits', () => {
    for (const [moment, w] of Object.entries(feedWords) as [FeedMoment, (typeof feedWords)[FeedMoment]][]) {
      // The second line is the council-editable wording's (feed.preview.<moment>), with no parameters.
      const previewText = defaultWording.text(`feed.preview.${moment}`);
      expect([...w.templateText.matchAll(/\{(\w+)\}/g)].map((m) => m[1])).toEqual(['reference']);
      expect(w.activityType.length).toBeLessThanOrEqual(64);
      expect(w.templateText.length).toBeLessThanOrEqual(128);
      expect(w.description.length).toBeLessThanOrEqual(128);
      expect(previewText.length).toBeLessThanOrEqual(150);
      expect(`${w.templateText} ${previewText}`).not.toMatch(/child|initials|case number|\{name\}/i);
    }
  });

  it('asks for TeamsActivity.Send.User as a resource-specific application permission', () => {
    expect(manifest.authorization.permissions.resourceSpecific).toContainEqual({
      name: 'TeamsActivity.Send.User',
      type: 'Application',
    });
  });
});

describe('which notifications reach the feed', () => {
  const n = (reason: NotificationReason): Notification => ({
    eventIndex: 0,
    recipientId: 'p',
    reason,
    stageId: 's',
  });
  const reminder = (kind: 'before-due' | 'due-today' | 'chair-decision') =>
    ({
      type: 'ReminderDue',
      kind,
      stageId: 's',
      forDate: '2026-11-24',
      recipientIds: ['p'],
    }) as unknown as DisputeEvent;

  it('the four moments do', () => {
    expect(feedMomentOf(n('respond'), undefined)).toBe('asked-to-respond');
    expect(feedMomentOf(n('reminder'), reminder('before-due'))).toBe('deadline-tomorrow');
    expect(feedMomentOf(n('chair-decision-needed'), undefined)).toBe('decision-needed');
    expect(feedMomentOf(n('cap-reached'), undefined)).toBe('cap-reached');
  });

  it('the due-day reminder, copies and for-your-information notices stay cards', () => {
    expect(feedMomentOf(n('reminder'), reminder('due-today'))).toBeNull();
    for (const reason of ['copied', 'told', 'closed', 'response-received', 'meeting-booked'] as const)
      expect(feedMomentOf(n(reason), undefined)).toBeNull();
  });
});

describe("the notice's link", () => {
  it("is a Teams deep link to the personal tab at the dispute's page, labelled with the reference", () => {
    const link = new URL(
      disputeCardLink(
        { teamsAppId: '8d2f4a3c-5b1e-4f7a-9c6d-2e8b0a1f3c5d', appBaseUrl: 'https://cp.example/' },
        { id: 'd 1', reference: 'CPD-7K3QX2' },
        'teams',
      ),
    );
    expect(link.origin + link.pathname).toBe(
      'https://teams.microsoft.com/l/entity/8d2f4a3c-5b1e-4f7a-9c6d-2e8b0a1f3c5d/dashboard',
    );
    // The personal tab the manifest declares with that entity id.
    expect(manifest.staticTabs.map((t) => t.entityId)).toContain('dashboard');
    expect(link.searchParams.get('webUrl')).toBe('https://cp.example/tab/disputes/d%201');
    expect(link.searchParams.get('label')).toBe('CPD-7K3QX2');
    expect(JSON.parse(link.searchParams.get('context')!)).toEqual({ subEntityId: 'd 1' });
    expect(link.search).not.toContain('+');
  });
});

/** The manifest's id and the org catalog's id: GUIDs, as config requires. */
const FEED_APP_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const CATALOG_APP_ID = '06805b9e-77e3-4b93-ac81-525eb87513b8';

describe('turning the feed and the installation on', () => {
  const services = {} as AppServices;
  const withGraph = {
    graph: { client: {}, settings: { baseUrl: 'https://graph.microsoft.com' } },
  } as unknown as Integrations;
  const noGraph = { graph: null } as unknown as Integrations;
  const config = (env: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'test', ...env });

  it('is off on the embedded defaults (no Graph), and the start-up log says so', async () => {
    const reach = await wireTeamsReach(
      config({ TEAMS_APP_ID: FEED_APP_ID }),
      noGraph,
      services,
      'https://cp.example',
    );
    expect(reach.feedDelivery).toBeNull();
    expect(reach.appInstaller).toBeNull();
    expect(reach.describe.activityFeed).toMatch(/^off \(no Microsoft Graph/);
    expect(reach.describe.installForPeople).toMatch(/email/);
  });

  it('with Graph, the feed needs TEAMS_APP_ID; the installation uses TEAMS_CATALOG_APP_ID, else TEAMS_APP_ID', async () => {
    const none = await wireTeamsReach(config(), withGraph, services, 'https://cp.example');
    expect(none.describe.activityFeed).toBe('off (no TEAMS_APP_ID)');
    expect(none.appInstaller).toBeNull();
    const both = await wireTeamsReach(
      config({ TEAMS_APP_ID: FEED_APP_ID }),
      withGraph,
      services,
      'https://cp.example',
    );
    expect(both.feedDelivery).not.toBeNull();
    expect(both.appInstaller).not.toBeNull();
    expect(config({ TEAMS_APP_ID: FEED_APP_ID }).teamsApp).toEqual({
      appId: FEED_APP_ID,
      catalogAppId: FEED_APP_ID,
    });
    expect(config({ TEAMS_APP_ID: FEED_APP_ID, TEAMS_CATALOG_APP_ID: CATALOG_APP_ID }).teamsApp).toEqual({
      appId: FEED_APP_ID,
      catalogAppId: CATALOG_APP_ID,
    });
    const logOnly = await wireTeamsReach(
      config({ TEAMS_APP_ID: FEED_APP_ID, DELIVERY: 'log' }),
      withGraph,
      services,
      'x',
    );
    expect(logOnly.feedDelivery).toBeNull();
  });
});
