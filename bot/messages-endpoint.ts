// POST /api/messages in the app's one HTTP server. botbuilder authenticates the Bot Connector's
// JWT when an app id is configured; without one (development only) we accept loopback callers
// only, such as the Agents Playground on this machine.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { BotConfig } from './bot-config.ts';
import type { BotRuntime } from './bot-runtime.ts';

const loopback = (ip: string) =>
  ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1' || ip.startsWith('127.');

/**
 * What botbuilder needs before it can even refuse an activity: an object with a type (it throws on
 * anything less, which would be a 500 and a stack trace in the log). Everything else is botbuilder's
 * and the bot's to judge (Bot Framework Activity schema: learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object).
 */
const ActivityEnvelope = z.looseObject({
  type: z.string().trim().min(1, 'must name the activity type').max(100),
  id: z.string().max(1000).optional(),
  channelId: z.string().max(100).optional(),
  serviceUrl: z.string().max(2000).optional(),
  from: z.looseObject({ id: z.string().max(1000) }).optional(),
  conversation: z.looseObject({ id: z.string().max(1000) }).optional(),
});

/** The response object botbuilder expects (express-like), over fastify's reply. */
function botResponse(reply: FastifyReply) {
  // botbuilder may call send() and then end(): fastify's reply.sent becomes true only once the
  // onSend hooks have run, so the first call is remembered here.
  let done = false;
  const finish = (body?: unknown) => {
    if (done || reply.sent) return;
    done = true;
    void reply.send(body);
  };
  return {
    socket: reply.raw.socket,
    status(code: number) {
      reply.status(code);
      return this;
    },
    header(name: string, value: unknown) {
      reply.header(name, value as string);
      return this;
    },
    send(body?: unknown) {
      finish(body);
      return this;
    },
    end() {
      finish();
      return this;
    },
  };
}

export function registerMessagesEndpoint(
  app: FastifyInstance,
  config: BotConfig,
  runtime: () => Promise<Pick<BotRuntime, 'adapter' | 'logic'>>,
) {
  app.post('/api/messages', { config: { public: true } }, async (req, reply) => {
    // The peer itself, never an X-Forwarded-For a trusted proxy passed on: that can be written by anyone.
    if (config.authentication === 'off-dev-loopback' && !loopback(req.socket.remoteAddress ?? ''))
      return reply.status(401).send({
        error: 'unauthorized',
        message: 'The bot runs without authentication in development: loopback callers only.',
      });
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body))
      return reply
        .status(400)
        .send({ error: 'bad-request', message: 'Expected a Bot Framework activity as JSON.' });
    const envelope = ActivityEnvelope.safeParse(req.body);
    if (!envelope.success) {
      const issue = envelope.error.issues[0]!;
      const field = issue.path.join('.') || '(body)';
      return reply.status(400).send({
        error: 'bad-request',
        message: `Expected a Bot Framework activity: ${field}: ${issue.message}.`,
        field,
      });
    }
    const { adapter, logic } = await runtime();
    await adapter.process(
      {
        body: req.body as Record<string, unknown>,
        headers: req.headers as Record<string, string>,
        method: req.method,
      },
      botResponse(reply),
      logic,
    );
    return reply;
  });
}
