// POST /api/messages in the app's one HTTP server. botbuilder authenticates the Bot Connector's
// JWT when an app id is configured; without one (development only) we accept loopback callers
// only, such as the Agents Playground on this machine.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { BotConfig } from './bot-config.ts';
import type { BotRuntime } from './bot-runtime.ts';

const loopback = (ip: string) =>
  ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1' || ip.startsWith('127.');

/** The response object botbuilder expects (express-like), over fastify's reply. */
function botResponse(reply: FastifyReply) {
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
      if (!reply.sent) void reply.send(body);
      return this;
    },
    end() {
      if (!reply.sent) void reply.send();
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
    if (config.authentication === 'off-dev-loopback' && !loopback(req.ip))
      return reply.status(401).send({
        error: 'unauthorized',
        message: 'The bot runs without authentication in development: loopback callers only.',
      });
    if (!req.body || typeof req.body !== 'object')
      return reply
        .status(400)
        .send({ error: 'bad-request', message: 'Expected a Bot Framework activity as JSON.' });
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
