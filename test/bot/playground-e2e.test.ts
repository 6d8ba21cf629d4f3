// The real app (store, directory, outbox worker, bot on POST /api/messages) against the real
// Microsoft 365 Agents Playground standing in for Teams: the Gloucestershire scenario as far as
// the team manager's answer at stage 1. Every card reaches its person through the playground's
// Bot Connector (replies in the turn, proactive sends by the outbox worker, updates in place), and
// what each person sees is read back from the playground's own log of what the bot sent.
// The same scenario against a fake connector, in more depth: gloucestershire-over-http.test.ts.
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { freePort } from '../support/free-port.ts';
import { cardText, executeActions, inputIdsOf, walk } from '../support/card-inspection.ts';
import {
  actionExecute,
  playgroundAvailability,
  startPlayground,
  type BotActivity,
  type Playground,
  type PlaygroundUser,
} from '../support/playground.ts';

const CHILD = "Amelia-Rose O'Neill";
const DOB = '2019-04-02';
/** The chair is "me" in the playground; the others are its other users (5 at most). */
const CHAIR = 'chair-amara';
const OTHERS = ['sw-ben', 'tm-carla', 'hos-nadia', 'tm-hana', 'hos-ruth'];

type Card = Record<string, unknown>;
const cardOf = (a: BotActivity | undefined): Card | undefined =>
  a?.attachments?.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive')?.content as
    Card | undefined;
/** The input with this id (its value is what the card shows as chosen or typed). */
const inputOf = (card: Card, id: string) => {
  let found: Record<string, unknown> | undefined;
  walk(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && n.id === id) found ??= n;
  });
  if (!found) throw new Error(`The card has no input "${id}"`);
  return found as { value?: unknown; choices?: unknown };
};
const verbsOf = (card: Card | undefined) => (card ? executeActions(card).map((a) => a.verb) : []);
const dataOf = (card: Card, verb: string) => {
  const action = executeActions(card).find((a) => a.verb === verb);
  if (!action) throw new Error(`The card has no "${verb}" button; it has: ${verbsOf(card).join(', ')}`);
  return action.data;
};

const availability = await playgroundAvailability();

describe.skipIf(!availability.ok)(
  availability.ok
    ? 'the bot in the Agents Playground: a Gloucestershire dispute to stage 1'
    : `the bot in the Agents Playground (skipped: ${availability.reason})`,
  () => {
    let app: RunningApp;
    let pg: Playground;
    const users: Record<string, PlaygroundUser> = {};
    const chats: Record<string, string> = {};
    let disputeId = '';

    /** What the bot sent to this person's chat, as it looks now (updates applied). */
    const sentTo = (id: string) => pg.activities().filter((a) => a.conversationId === chats[id]);
    /** The cards of this dispute in this person's chat. */
    const disputeCardsOf = (id: string) =>
      sentTo(id).filter((a) => cardOf(a) && JSON.stringify(cardOf(a)).includes(disputeId));
    const actAs = async (id: string) => pg.switchUser(users[id]!);
    /** Waits for a card in the person's chat that the ones already there do not account for. */
    const nextCardIn = async (
      id: string,
      seen: number,
      match: (card: Card) => boolean = () => true,
      timeoutMs = 10_000,
    ) => {
      const known = new Set(
        sentTo(id)
          .slice(0, seen)
          .map((a) => a.id),
      );
      return pg.waitForActivity(
        (a) =>
          a.conversationId === chats[id] && !known.has(a.id) && cardOf(a) !== undefined && match(cardOf(a)!),
        timeoutMs,
      );
    };

    /** Until the outbox worker has delivered everything it was given (posts and in-place updates). */
    const settled = async (timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await app.services.db.query<{ pending: number; dead: number }>(
          `select count(*) filter (where status = 'pending')::int as pending,
                  count(*) filter (where status = 'dead')::int as dead from outbox`,
        );
        expect(rows[0]!.dead).toBe(0);
        if (rows[0]!.pending === 0) return;
        if (Date.now() > deadline)
          throw new Error(`${rows[0]!.pending} outbox rows still pending after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };

    beforeAll(async () => {
      const playgroundPort = await freePort();
      const env: Record<string, string> = {
        NODE_ENV: 'test',
        DATA_DIR: 'memory://',
        TEST_CLOCK: 'on',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        OUTBOX_INTERVAL_SECONDS: '1',
        SWEEP_INTERVAL_SECONDS: '3600',
        APP_BASE_URL: 'https://cp.northmoor.example',
        // Where a new 1:1 chat would be created: the playground's Bot Connector.
        BOT_SERVICE_URL: `http://localhost:${playgroundPort}/_connector`,
      };
      app = await startApp(loadConfig(env), pino({ level: 'silent' }), {
        listen: true,
        background: true,
        env,
      });
      app.testClock!.set('2026-11-23T09:00:00Z');
      const appPort = (app.server.server.address() as AddressInfo).port;
      for (const id of [CHAIR, ...OTHERS]) {
        const person = await app.services.directory.byId(id);
        if (!person) throw new Error(`${id} is not in the demo directory`);
        // The bot creates a 1:1 chat with members[0].id = the person's aadObjectId: the playground
        // finds its users by that id.
        users[id] = {
          id: person.aadObjectId,
          aadObjectId: person.aadObjectId,
          name: person.name,
          email: person.email,
          tenantId: person.tenantId,
        };
      }
      pg = await startPlayground({
        botEndpoint: `http://127.0.0.1:${appPort}/api/messages`,
        user: users[CHAIR]!,
        otherUsers: OTHERS.map((id) => users[id]!),
        tenantId: app.services.tenantId,
        port: playgroundPort,
      });
      for (const id of [CHAIR, ...OTHERS]) chats[id] = await pg.personalChatOf(users[id]!);
    }, 60_000);

    afterAll(async () => {
      await pg?.stop();
      await app?.stop();
    });

    it('everyone installs the app or says hello: the bot keeps a conversation reference for each', async () => {
      expect(pg.serviceUrl).toBe(`http://localhost:${pg.port}/_connector`);
      await pg.install(); // the chair, through the playground's own installation route
      for (const id of OTHERS) {
        await actAs(id);
        if (id === 'tm-carla') await pg.sendText('hello');
        else await pg.install();
      }
      for (const id of [CHAIR, ...OTHERS]) {
        // One help card each, in their own chat (an installation brings an installationUpdate and
        // a conversationUpdate: the bot greets once).
        expect(
          sentTo(id).map((a) => cardText(cardOf(a)).split('\n')[0]),
          id,
        ).toEqual(['CP Disputes']);
        expect(cardText(cardOf(sentTo(id)[0])), id).toMatch(/raise/);
      }
      const refs = await app.services.db.query<{ person_id: string; url: string; conversation: string }>(
        `select person_id, reference->>'serviceUrl' as url, reference->'conversation'->>'id' as conversation
         from bot_conversation_references`,
      );
      expect(Object.fromEntries(refs.rows.map((r) => [r.person_id, r.conversation]))).toEqual(chats);
      for (const r of refs.rows) expect(r.url).toBe(pg.serviceUrl);
    });

    it('the chair types "raise" and gets the raise form; with no typeahead here, the picker lists the directory', async () => {
      await actAs(CHAIR);
      const exchange = await pg.sendText('raise');
      expect(exchange.status).toBe(200);
      const form = cardOf(sentTo(CHAIR).at(-1))!;
      expect(inputIdsOf(form)).toEqual(
        expect.arrayContaining([
          'protocolId',
          'childName',
          'caseNumber',
          'socialWorkerId',
          'concern',
          'theme',
        ]),
      );
      expect(verbsOf(form)).toEqual(expect.arrayContaining(['raise', 'preview-raise']));
      // The playground cannot run the picker's Data.Query: an unauthenticated (development) bot
      // gives the picker fixed choices, or nobody could be chosen (a typed id is refused).
      expect(inputOf(form, 'socialWorkerId').choices).toEqual(
        expect.arrayContaining([{ title: 'Ben Harrowgate (Social Worker)', value: 'sw-ben' }]),
      );
      expect(JSON.stringify(form).length).toBeLessThan(28 * 1024);
    });

    it('the chair chooses Gloucestershire and presses Raise: the form comes back drawn for it, then Raise raises it', async () => {
      const formActivity = sentTo(CHAIR).at(-1)!;
      expect(formActivity.id).toMatch(/\S/);
      const form = cardOf(formActivity)!;
      // What the playground sends for the form as drawn (the default protocol's "Start at" with it).
      const typed = {
        protocolId: 'gloucestershire',
        childName: CHILD,
        childDateOfBirth: DOB,
        caseNumber: 'NB-104233',
        conferenceDate: '2026-11-16',
        socialWorkerId: 'sw-ben',
        theme: 'statutory-requirements',
        concern: 'Statutory visits have not taken place since the review conference.',
        actionsRequired: 'Visit within 2 working days and see the child alone.',
        immediateRisk: 'false',
      };
      expect(inputOf(form, 'protocolId').value).not.toBe('gloucestershire');
      const redrawn = await pg.sendInvoke(
        actionExecute('raise', {
          ...dataOf(form, 'raise'),
          ...typed,
          startStageId: inputOf(form, 'startStageId').value,
        }),
        { replyToId: formActivity.id },
      );
      const again = redrawn.value as Card;
      expect(cardText(again)).toMatch(/You chose another protocol/);
      expect(inputOf(again, 'protocolId').value).toBe('gloucestershire');
      expect(inputOf(again, 'caseNumber').value).toBe('NB-104233');
      expect(cardText(again)).toMatch(/Informal/);
      const disputes = await app.services.db.query<{ n: number }>('select count(*)::int as n from disputes');
      expect(disputes.rows[0]!.n).toBe(0);

      const response = await pg.sendInvoke(
        actionExecute('raise', {
          ...dataOf(again, 'raise'),
          ...typed,
          startStageId: inputOf(again, 'startStageId').value,
        }),
        { replyToId: formActivity.id },
      );
      expect(response).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      const card = response.value as Card;
      expect(cardText(card)).toMatch(/Raised as CPD-/);
      disputeId = String((card.refresh as { action: { data: { disputeId: string } } }).action.data.disputeId);
      expect(disputeId).toMatch(/^[0-9a-f-]{36}$/);
      // Teams refreshes each participant's own view: their user ids as the playground knows them.
      expect((card.refresh as { userIds: string[] }).userIds).toContain(users[CHAIR]!.id);
      expect(verbsOf(card)).toEqual(expect.arrayContaining(['escalate', 'resolve']));

      // Not in the turn: the outbox worker posts it into the social worker's own chat.
      const swCard = cardOf(await nextCardIn('sw-ben', 0, (c) => JSON.stringify(c).includes(disputeId)))!;
      expect(inputIdsOf(swCard)).toContain('responseText');
      expect(cardText(swCard)).toMatch(/Informal/);
      expect(cardText(swCard)).toMatch(/asked to respond/);
      const tmCard = cardOf(await nextCardIn('tm-carla', 0, (c) => JSON.stringify(c).includes(disputeId)))!;
      // Seed 002: "the Social Worker / Team Manager has two working days to respond to the alert", so
      // the team manager's card carries the answer form too.
      expect(inputIdsOf(tmCard)).toContain('responseText');
      // Nobody but the chair's own form sees the child's full name or date of birth.
      for (const a of pg.activities()) {
        if (a.conversationId === chats[CHAIR] && JSON.stringify(a).includes('childName')) continue;
        expect(JSON.stringify(a)).not.toContain("O'Neill");
        expect(JSON.stringify(a)).not.toContain(DOB);
      }
    });

    it('the social worker disagrees on her card; the chair is sent the response and escalates on that card', async () => {
      await actAs('sw-ben');
      const swActivity = disputeCardsOf('sw-ben').at(-1)!;
      const chairSeen = sentTo(CHAIR).length;
      const answered = await pg.sendInvoke(
        actionExecute('respond', {
          ...dataOf(cardOf(swActivity)!, 'respond'),
          outcome: 'disagree',
          responseText: 'Visits were booked; the family cancelled twice.',
        }),
        { replyToId: swActivity.id },
      );
      expect(cardText(answered.value)).toMatch(/response is recorded/);

      const chairActivity = await nextCardIn(CHAIR, chairSeen, (c) => verbsOf(c).includes('escalate'));
      expect(cardText(cardOf(chairActivity))).toMatch(/Ben Harrowgate \(disagrees\)/);
      await actAs(CHAIR);
      const tmSeen = sentTo('tm-carla').length;
      const escalated = await pg.sendInvoke(
        actionExecute('escalate', {
          ...dataOf(cardOf(chairActivity)!, 'escalate'),
          escalateReason: 'Two weeks without a visit.',
        }),
        { replyToId: chairActivity.id },
      );
      expect(cardText(escalated.value)).toMatch(/Escalated/);
      const stage1 = cardOf(await nextCardIn('tm-carla', tmSeen, (c) => /Stage 1/.test(cardText(c))))!;
      expect(inputIdsOf(stage1)).toContain('responseText');
    });

    it('the team manager answers on the stage 1 card: every earlier copy is updated in place, no duplicates', async () => {
      await actAs('tm-carla');
      const tmActivity = disputeCardsOf('tm-carla').at(-1)!;
      // The escalation's deliveries are over (the social worker's "copied" card among them).
      await settled();
      // (A later update re-renders a card without the line saying why it was sent: read the first version.)
      const firstVersion = (a: BotActivity) => (a.previousVersions[0] ?? a).attachments?.[0]?.content;
      expect(
        sentTo('sw-ben').filter((a) => /You are copied into this dispute/.test(cardText(firstVersion(a)))),
      ).toHaveLength(1);
      const copies = [...disputeCardsOf('tm-carla'), ...disputeCardsOf('sw-ben')];
      expect(copies.length).toBeGreaterThanOrEqual(3);
      const before = new Map(copies.map((a) => [a.id, a.updateCount]));
      const countBefore = {
        sw: sentTo('sw-ben').length,
        tm: sentTo('tm-carla').length,
        chair: sentTo(CHAIR).length,
      };

      const answered = await pg.sendInvoke(
        actionExecute('respond', {
          ...dataOf(cardOf(tmActivity)!, 'respond'),
          outcome: 'disagree',
          responseText: 'We are short of staff this month.',
        }),
        { replyToId: tmActivity.id },
      );
      expect(cardText(answered.value)).toMatch(/response is recorded/);

      // The chair is sent the response (a new card: something for them to act on) ...
      const forChair = await nextCardIn(CHAIR, countBefore.chair, (c) =>
        /Carla Brightwater \(disagrees\)/.test(cardText(c)),
      );
      expect(verbsOf(cardOf(forChair))).toEqual(expect.arrayContaining(['escalate', 'resolve']));
      // ... and every card of this dispute already in the other chats now shows it, in place.
      for (const copy of copies) {
        const now = await pg.waitForActivity(
          (a) =>
            a.id === copy.id &&
            a.updateCount > before.get(copy.id)! &&
            /Carla Brightwater \(disagrees\)/.test(cardText(cardOf(a))),
        );
        expect(cardText(cardOf(now))).toMatch(/Stage 1/);
        expect(now.previousVersions.length).toBe(now.updateCount);
      }
      // The team manager's first card (told of the informal stage) now shows stage 1, read-only
      // no more: she is asked to respond at this stage, and it says she answered.
      const first = pg.activities().find((a) => a.id === disputeCardsOf('tm-carla')[0]!.id)!;
      expect(cardText(first.previousVersions[0]?.attachments?.[0]?.content)).toMatch(/Informal/);
      expect(cardText(cardOf(first))).toMatch(/You answered on/);
      // No new cards were needed for that.
      expect(sentTo('sw-ben')).toHaveLength(countBefore.sw);
      expect(sentTo('tm-carla')).toHaveLength(countBefore.tm);
    });

    it('each person refreshing their card gets their own view', async () => {
      const refresh = async (id: string) => {
        await actAs(id);
        const activity = disputeCardsOf(id).at(-1)!;
        const { action } = cardOf(activity)!.refresh as { action: { verb: string; data: unknown } };
        expect(action.verb).toBe('refresh');
        const r = await pg.sendInvoke(actionExecute('refresh', action.data, 'automatic'), {
          replyToId: activity.id,
        });
        expect(r).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
        return r.value as Card;
      };
      const chair = await refresh(CHAIR);
      expect(verbsOf(chair)).toEqual(expect.arrayContaining(['escalate', 'resolve']));
      expect(verbsOf(chair)).not.toContain('respond');

      const tm = await refresh('tm-carla');
      expect(inputIdsOf(tm)).toContain('responseText');
      expect(verbsOf(tm)).toContain('respond');
      expect(verbsOf(tm)).not.toContain('escalate');
      expect(cardText(tm)).toMatch(/You answered on/);

      const sw = await refresh('sw-ben');
      expect(inputIdsOf(sw)).toEqual([]);
      expect(verbsOf(sw).filter((v) => v !== 'open')).toEqual([]);
      expect(cardText(sw)).toMatch(/copied in/);

      // The playground refused nothing the bot sent.
      expect(pg.connectorErrors()).toEqual([]);
    });
  },
);
