// Proves the Agents Playground driver (test/support/playground.ts) against a minimal bot made here:
// botbuilder's CloudAdapter with no app id (authentication off, local only) on a node:http server.
// The real bot's end-to-end tests build on the same driver.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ActivityTypes,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionExecute,
  playgroundAvailability,
  startPlayground,
  type BotActivity,
  type Playground,
  type PlaygroundUser,
} from '../support/playground.ts';

const tenantId = '7a3f0c1e-0000-4000-8000-00000000c0de';
const alice: PlaygroundUser = {
  id: 'user-alice',
  name: 'Alice Chair',
  aadObjectId: 'a11c0000-0000-4000-8000-0000000000a1',
  tenantId,
};
const bob: PlaygroundUser = {
  id: 'user-bob',
  name: 'Bob Manager',
  aadObjectId: 'b0b00000-0000-4000-8000-0000000000b2',
  tenantId,
};

const card = (text: string, withButton: boolean) => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [{ type: 'TextBlock', text }],
  actions: withButton
    ? [{ type: 'Action.Execute', title: 'Approve', verb: 'approve', data: { dispute: 'D-1' } }]
    : [],
});

/** What the in-test bot received, in order. */
const received: Partial<Activity>[] = [];

async function botLogic(context: TurnContext) {
  const a = context.activity;
  received.push(a);
  if (a.type === ActivityTypes.Message) {
    if (a.text === 'card')
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card('Pending approval', true))] });
    else await context.sendActivity(`echo: ${a.text} (aad ${a.from.aadObjectId})`);
  } else if (a.type === ActivityTypes.Invoke && a.name === 'adaptiveCard/action') {
    const value = a.value as { action: { verb: string }; trigger?: string };
    const updated = card(`${value.action.verb} by ${a.from.name} (${value.trigger ?? 'manual'})`, false);
    // Updates the card for everyone (updateActivity), and answers the invoke with the same card
    // (what the clicking user's client shows at once).
    await context.updateActivity({
      id: a.replyToId,
      type: ActivityTypes.Message,
      attachments: [CardFactory.adaptiveCard(updated)],
    });
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: {
        status: 200,
        body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: updated },
      },
    });
  }
}

async function startBot(): Promise<{ server: Server; endpoint: string }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
  adapter.onTurnError = async (_context, error) => {
    console.error('in-test bot turn failed', error);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk) => (raw += String(chunk)));
    req.on('end', () => {
      const response = {
        socket: res.socket,
        status(code: number) {
          res.statusCode = code;
          return response;
        },
        header(name: string, value: unknown) {
          res.setHeader(name, String(value));
          return response;
        },
        send(body?: unknown) {
          if (body !== undefined) {
            res.setHeader('content-type', 'application/json');
            res.write(typeof body === 'string' ? body : JSON.stringify(body));
          }
          return response;
        },
        end() {
          res.end();
          return response;
        },
      };
      void adapter.process(
        {
          body: JSON.parse(raw || '{}') as Record<string, unknown>,
          headers: req.headers as Record<string, string>,
          method: req.method,
        },
        response,
        botLogic,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages` };
}

const textOf = (a: BotActivity | undefined) =>
  (a?.attachments?.[0]?.content as { body?: { text?: string }[] } | undefined)?.body?.[0]?.text ?? a?.text;

const availability = await playgroundAvailability();

describe.skipIf(!availability.ok)(
  availability.ok ? 'Agents Playground driver' : `Agents Playground driver (skipped: ${availability.reason})`,
  () => {
    let bot: { server: Server; endpoint: string };
    let pg: Playground;

    beforeAll(async () => {
      bot = await startBot();
      pg = await startPlayground({ botEndpoint: bot.endpoint, user: alice, otherUsers: [bob] });
    }, 60_000);

    afterAll(async () => {
      await pg?.stop();
      await new Promise((resolve) => bot?.server.close(resolve));
    });

    it('delivers a message from the configured user and shows the echo', async () => {
      const exchange = await pg.sendText('hello');
      expect(exchange.status).toBe(200);
      const seen = received.at(-1)!;
      expect(seen.from).toMatchObject({ id: alice.id, name: alice.name, aadObjectId: alice.aadObjectId });
      expect(seen.conversation).toMatchObject({
        id: pg.personalChatId,
        conversationType: 'personal',
        tenantId,
      });
      expect(seen.channelId).toBe('msteams');
      expect(seen.channelData).toMatchObject({ tenant: { id: tenantId } });
      expect(seen.serviceUrl).toBe(pg.serviceUrl);
      // Replies made during the turn are already there when sendText returns.
      expect(pg.activities().at(-1)).toMatchObject({
        type: 'message',
        text: `echo: hello (aad ${alice.aadObjectId})`,
        conversationId: pg.personalChatId,
      });
    });

    it('answers an Action.Execute invoke and updates the card in place', async () => {
      await pg.sendText('card');
      const posted = await pg.waitForActivity((a) => textOf(a) === 'Pending approval');
      expect(posted.id).toMatch(/\S/);

      const response = await pg.sendInvoke(actionExecute('approve', { dispute: 'D-1' }), {
        replyToId: posted.id,
      });
      expect(response).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      expect((response.value as { body: { text: string }[] }).body[0]!.text).toBe(
        'approve by Alice Chair (manual)',
      );

      const invoke = received.at(-1)!;
      expect(invoke).toMatchObject({ type: 'invoke', name: 'adaptiveCard/action', replyToId: posted.id });
      expect(invoke.from).toMatchObject({ id: alice.id, aadObjectId: alice.aadObjectId });
      expect(invoke.value).toEqual({
        action: { type: 'Action.Execute', verb: 'approve', data: { dispute: 'D-1' } },
        trigger: 'manual',
      });

      // The same activity id now carries the updated card (PUT .../activities/:id).
      const now = pg.activities().find((a) => a.id === posted.id)!;
      expect(now.updateCount).toBe(1);
      expect(textOf(now)).toBe('approve by Alice Chair (manual)');
      expect(now.previousVersions[0]?.attachments?.[0]?.content).toMatchObject({
        body: [{ text: 'Pending approval' }],
      });
      expect(pg.activities().filter((a) => a.attachments?.length)).toHaveLength(1);
      // And the playground's own chat view (what its web UI shows "me") was updated in place.
      const shown = pg.uiMessages().find((m) => m.messageId === posted.id)!;
      expect(shown.updated).toBe(true);
      expect(shown.attachments[0]?.content).toMatchObject({
        body: [{ text: 'approve by Alice Chair (manual)' }],
      });
    });

    it('sends a refresh (trigger automatic) when the test asks for one', async () => {
      await pg.sendText('card');
      const posted = await pg.waitForActivity((a) => textOf(a) === 'Pending approval' && a.updateCount === 0);
      const response = await pg.sendInvoke(actionExecute('refresh', {}, 'automatic'), {
        replyToId: posted.id,
      });
      expect((response.value as { body: { text: string }[] }).body[0]!.text).toBe(
        'refresh by Alice Chair (automatic)',
      );
      expect(received.at(-1)!.value).toMatchObject({ trigger: 'automatic' });
    });

    it('switches to a second user, seen by the bot with their own aadObjectId', async () => {
      await pg.switchUser(bob);
      const bobChat = await pg.personalChatOf(bob);
      expect(bobChat).not.toBe(pg.personalChatId);

      await pg.sendText('hi from bob');
      const seen = received.at(-1)!;
      expect(seen.from).toMatchObject({ id: bob.id, name: bob.name, aadObjectId: bob.aadObjectId });
      expect(seen.conversation).toMatchObject({ id: bobChat, conversationType: 'personal', tenantId });
      expect(pg.activities().at(-1)).toMatchObject({
        text: `echo: hi from bob (aad ${bob.aadObjectId})`,
        conversationId: bobChat,
      });

      // Bob's card, clicked by Bob: the invoke carries Bob's identity too.
      await pg.sendText('card');
      const posted = await pg.waitForActivity(
        (a) => a.conversationId === bobChat && textOf(a) === 'Pending approval',
      );
      const response = await pg.sendInvoke(actionExecute('approve'), { replyToId: posted.id });
      expect((response.value as { body: { text: string }[] }).body[0]!.text).toBe(
        'approve by Bob Manager (manual)',
      );
      expect(received.at(-1)!.from).toMatchObject({ id: bob.id, aadObjectId: bob.aadObjectId });
      expect(pg.activities().find((a) => a.id === posted.id)!.updateCount).toBe(1);

      // Back to Alice: her messages come from her again.
      await pg.switchUser(alice);
      await pg.sendText('back');
      expect(received.at(-1)!.from).toMatchObject({ aadObjectId: alice.aadObjectId });
      expect(pg.connectorErrors()).toEqual([]);
    });
  },
);
