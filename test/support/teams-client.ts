// Plays the Teams side of a conversation against /api/messages: activities shaped like those the
// Bot Connector sends ("Activity object", Bot Framework Activity schema:
// https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object
// and Teams' "Universal Actions" invoke: https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards).
import { randomUUID } from 'node:crypto';
import type { RunningApp } from '../../src/start-app.ts';
import type { Person } from '../../src/app/ports/directory.ts';

export interface TeamsUser {
  person: Pick<Person, 'id' | 'name' | 'aadObjectId' | 'tenantId'>;
  conversationId: string;
}

export function teamsUser(person: TeamsUser['person']): TeamsUser {
  return { person, conversationId: `a:1to1-${person.id}` };
}

export function activityFrom(user: TeamsUser, serviceUrl: string, extra: Record<string, unknown>) {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: {
      id: `29:${user.person.aadObjectId}`,
      name: user.person.name,
      aadObjectId: user.person.aadObjectId,
    },
    recipient: { id: '28:cp-disputes-bot', name: 'CP Disputes' },
    conversation: { id: user.conversationId, conversationType: 'personal', tenantId: user.person.tenantId },
    channelData: { tenant: { id: user.person.tenantId } },
    locale: 'en-GB',
    ...extra,
  };
}

export async function postActivity(app: RunningApp, activity: unknown) {
  const res = await app.server.inject({
    method: 'POST',
    url: '/api/messages',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(activity),
  });
  return { status: res.statusCode, body: res.body ? safeJson(res.body) : null };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

export function teamsClient(app: RunningApp, serviceUrl: string) {
  return {
    say: (user: TeamsUser, text: string) =>
      postActivity(app, activityFrom(user, serviceUrl, { type: 'message', text })),
    install: (user: TeamsUser) =>
      postActivity(app, activityFrom(user, serviceUrl, { type: 'installationUpdate', action: 'add' })),
    /** Presses an Action.Execute button: the card's data plus what the person typed. */
    press: async (
      user: TeamsUser,
      verb: string,
      data: Record<string, unknown>,
      trigger: 'manual' | 'automatic' = 'manual',
    ) => {
      const r = await postActivity(
        app,
        activityFrom(user, serviceUrl, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger },
        }),
      );
      const body = r.body as { statusCode?: number; type?: string; value?: Record<string, unknown> } | null;
      return { status: r.status, body, card: body?.value ?? null };
    },
    search: (user: TeamsUser, queryText: string, dataset = 'people') =>
      postActivity(
        app,
        activityFrom(user, serviceUrl, {
          type: 'invoke',
          name: 'application/search',
          value: { queryText, dataset, queryOptions: { skip: 0, top: 10 } },
        }),
      ),
  };
}
