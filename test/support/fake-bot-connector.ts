// A local HTTP server in the Bot Connector service's place, recording what the bot sends.
// Shapes from "API reference for the Bot Framework Connector service":
// https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference
//   POST /v3/conversations                                  -> 201 ConversationResourceResponse { activityId, id, serviceUrl }
//   POST /v3/conversations/{conversationId}/activities      -> 201 ResourceResponse { id }      (Send to Conversation)
//   POST /v3/conversations/{conversationId}/activities/{id} -> 201 ResourceResponse { id }      (Reply to Activity)
//   PUT  /v3/conversations/{conversationId}/activities/{id} -> 200 ResourceResponse { id }      (Update Activity)
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentActivity {
  id: string;
  conversationId: string;
  /** The activity as last sent or updated. */
  activity: Record<string, unknown>;
  /** Every version, first to last. */
  versions: Record<string, unknown>[];
}

export interface CreatedConversation {
  id: string;
  parameters: Record<string, unknown>;
}

export interface FakeBotConnector {
  serviceUrl: string;
  activities: SentActivity[];
  conversations: CreatedConversation[];
  requests: { method: string; path: string }[];
  /** Conversations for people (by aadObjectId) for whom the app is not installed: create answers 403. */
  notInstalledFor: Set<string>;
  /** Answer the next N sends with 429 and this Retry-After. */
  throttleNext(count: number, retryAfterSeconds: number): void;
  cardsIn(conversationId: string): Record<string, unknown>[];
  close(): Promise<void>;
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      try {
        resolve(data ? JSON.parse(data) : {});
      } catch (e) {
        reject(e);
      }
    });
  });
}

export async function startFakeBotConnector(): Promise<FakeBotConnector> {
  const activities: SentActivity[] = [];
  const conversations: CreatedConversation[] = [];
  const requests: { method: string; path: string }[] = [];
  const notInstalledFor = new Set<string>();
  let throttle = { count: 0, retryAfter: 0 };
  let next = 1;
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    requests.push({ method: req.method ?? '', path });
    const body = await readJson(req).catch(() => null);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    if (!body) return send(400, { error: { code: 'BadArgument', message: 'Invalid JSON' } });
    if (throttle.count > 0 && req.method !== 'PUT') {
      throttle.count--;
      return send(
        429,
        { error: { code: 'Throttled', message: 'Too many requests' } },
        { 'retry-after': String(throttle.retryAfter) },
      );
    }
    let m: RegExpMatchArray | null;
    if (req.method === 'POST' && path === '/v3/conversations') {
      const member = ((body.members as { id?: string }[] | undefined) ?? [])[0]?.id ?? '';
      if (notInstalledFor.has(member))
        return send(403, { error: { code: 'Forbidden', message: 'The bot is not installed for the user' } });
      const id = `a:conversation-${next++}`;
      conversations.push({ id, parameters: body });
      return send(201, { id, activityId: '', serviceUrl: fake.serviceUrl });
    }
    if ((m = path.match(/^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/))) {
      const conversationId = decodeURIComponent(m[1]!);
      const activityId = m[2] ? decodeURIComponent(m[2]) : undefined;
      if (req.method === 'PUT' && activityId) {
        const existing = activities.find((a) => a.id === activityId && a.conversationId === conversationId);
        if (!existing) return send(404, { error: { code: 'ActivityNotFound', message: 'Unknown activity' } });
        existing.activity = body;
        existing.versions.push(body);
        return send(200, { id: activityId });
      }
      if (req.method === 'POST') {
        const id = `activity-${next++}`;
        activities.push({ id, conversationId, activity: body, versions: [body] });
        return send(201, { id });
      }
    }
    return send(404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const fake: FakeBotConnector = {
    serviceUrl: `http://127.0.0.1:${port}/`,
    activities,
    conversations,
    requests,
    notInstalledFor,
    throttleNext(count, retryAfterSeconds) {
      throttle = { count, retryAfter: retryAfterSeconds };
    },
    cardsIn(conversationId) {
      return activities
        .filter((a) => a.conversationId === conversationId)
        .flatMap((a) =>
          ((a.activity.attachments as { content: Record<string, unknown> }[] | undefined) ?? []).map(
            (x) => x.content,
          ),
        );
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
  return fake;
}
