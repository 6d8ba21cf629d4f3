// The card path's reference (issue 17): a bare botbuilder CloudAdapter bot on fastify, run as its
// own process like the app, that answers an `adaptiveCard/action` invoke with a static card and
// stores nothing. Authentication as the app's bot runs it in development and in its own bot tests:
// no app id (botbuilder accepts that for the MultiTenant type only), loopback callers only.
//
// Started by the bench: `node --import tsx test/bench/reference-bot.ts` with PORT and HOST set.
import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';
import { fastify, type FastifyReply } from 'fastify';

const staticCard = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Dispute CPD-000001', weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: 'Your response is recorded.', wrap: true },
    {
      type: 'FactSet',
      facts: [
        { title: 'Stage', value: 'Informal resolution' },
        { title: 'Due', value: 'Wednesday 25 November' },
      ],
    },
  ],
  actions: [{ type: 'Action.Execute', title: 'Refresh', verb: 'refresh', data: { disputeId: 'x' } }],
};

const adapter = new CloudAdapter(
  new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppType: 'MultiTenant' }),
);
adapter.onTurnError = async (_context, error) => {
  console.error('reference bot turn failed', error);
};

async function logic(context: TurnContext): Promise<void> {
  const a = context.activity;
  if (a.type !== ActivityTypes.Invoke || a.name !== 'adaptiveCard/action') return;
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: {
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: staticCard },
    },
  });
}

/** The express-like response botbuilder writes to, over fastify's reply (as the app's bot does). */
function botResponse(reply: FastifyReply) {
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

const app = fastify({ logger: false });
app.get('/healthz', async () => ({ ok: true }));
app.post('/api/messages', async (req, reply) => {
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
await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
const stop = () => void app.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
