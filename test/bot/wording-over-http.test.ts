// Issue 16 items 3 and 8, through the real app and a local Bot Connector: every card the bot sends
// carries a toast summary and a fallback text that name the dispute by its reference and say what is
// asked, never the child; cards are full width in Teams; the help card's buttons work; and a
// council's WORDING_FILE rewords a card and a toast end to end, while a bad one stops the start
// naming the key.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotConfigError, loadBotConfig } from '../../bot/bot-config.ts';
import { verbs } from '../../bot/cards/card-contract.ts';
import { parseWordingFile } from '../../bot/wording/load-wording-file.ts';
import { deliverOutbox } from '../../src/app/outbox-worker.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import { initialsOf } from '../../src/core/access/access-policy.ts';
import { cardText, executeActions, inputIdsOf } from '../support/card-inspection.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../support/fake-bot-connector.ts';
import { raiseBody } from '../support/raise-body.ts';
import { teamsClient, teamsUser, type TeamsUser } from '../support/teams-client.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';

type Json = Record<string, unknown>;
const tenant = '00000000-0000-4000-8000-00000000a11c';

function wordingFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cpd-wording-'));
  const path = join(dir, 'wording.yaml');
  writeFileSync(path, text);
  return path;
}

const councilWording = wordingFile(
  [
    '# Edgeshire words',
    'notice.respond: "Edgeshire asks you to respond to this dispute."',
    'summary.respond: "{reference}: Edgeshire asks you to reply by {due}"',
    'help.button.mine: "Show my disputes"',
    'list.title: "Disputes that need you"',
    'card.heading.concern: "What worries the chair"',
  ].join('\n'),
);

const { child } = raiseBody;

/** The activity's words that show outside the 1:1 card: the toast and the fallback. */
function lockScreenWords(activity: Json): { summary: string; fallbackText: string; card: Json } {
  const card = ((activity.attachments as { content: Json }[] | undefined) ?? [])[0]?.content ?? {};
  return { summary: String(activity.summary ?? ''), fallbackText: String(card.fallbackText ?? ''), card };
}

function expectNoChildDetails(text: string, reference: string) {
  // The reference is random letters: take it out before looking for the initials as a word.
  const rest = text.split(reference).join(' ');
  expect(rest).not.toContain(child.name);
  expect(rest).not.toContain(child.caseNumber);
  expect(rest).not.toMatch(new RegExp(`\\b${initialsOf(child.name)}\\b`));
  expect(rest).not.toContain(raiseBody.concern);
}

describe('toasts, fallbacks and a council wording file, over HTTP', () => {
  let app: TestApp;
  let connector: FakeBotConnector;
  let client: ReturnType<typeof teamsClient>;
  const users: Record<string, TeamsUser> = {};
  let disputeId = '';
  let reference = '';

  beforeAll(async () => {
    connector = await startFakeBotConnector();
    app = await startTestApp('pglite', { WORDING_FILE: councilWording });
    client = teamsClient(app, connector.serviceUrl);
    await apiAs(app, 'chair-amara').post('/api/dev/clock', { now: '2026-11-23T10:00:00Z' });
    for (const id of ['chair-amara', 'sw-ben', 'tm-carla', 'hos-ruth']) {
      users[id] = teamsUser((await app.services.directory.byId(id)) as Person);
      expect((await client.install(users[id])).status).toBe(200);
    }
    const raised = await apiAs(app, 'chair-amara').post('/api/disputes', raiseBody);
    expect(raised.status).toBe(201);
    disputeId = raised.body.id;
    reference = raised.body.reference;
    await deliverOutbox(app.services, app.delivery);
    // The social worker answers on his card: the chair is told, and every copy is updated in place.
    const card = connector.cardsIn(users['sw-ben']!.conversationId).at(-1)!;
    const respond = executeActions(card).find((a) => a.verb === verbs.respond)!;
    const answered = await client.press(users['sw-ben']!, verbs.respond, {
      ...respond.data,
      outcome: 'actions-agreed',
      responseText: 'Visit booked for tomorrow.',
    });
    expect(answered.status).toBe(200);
    await deliverOutbox(app.services, app.delivery);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await connector?.close();
  });

  it("the council's wording reaches the card and the toast of the person asked to respond", () => {
    const delivered = connector.activities
      .filter((a) => a.conversationId === users['sw-ben']!.conversationId)
      .map((a) => lockScreenWords(a.versions[0]!))
      .find((w) => cardText(w.card).includes(reference))!;
    expect(cardText(delivered.card)).toContain('Edgeshire asks you to respond to this dispute.');
    expect(cardText(delivered.card)).not.toContain('You are asked to respond to this dispute.');
    expect(cardText(delivered.card)).toContain('What worries the chair');
    expect(cardText(delivered.card)).not.toContain('The concern');
    const dueOn = formatDue(delivered.card);
    expect(delivered.summary).toBe(`${reference}: Edgeshire asks you to reply by ${dueOn}`);
    expect(delivered.fallbackText).toContain(delivered.summary);
  });

  it('every card the connector received has a summary and a fallback with the reference and no child details', () => {
    const sent = connector.activities.flatMap((a) => a.versions);
    const disputeCards = sent.map(lockScreenWords).filter((w) => cardText(w.card).includes(reference));
    // The social worker's and his manager's notices, the chair's, and the copies updated in place.
    expect(disputeCards.length).toBeGreaterThanOrEqual(3);
    for (const { summary, fallbackText } of disputeCards) {
      expect(summary).toMatch(new RegExp(`^${reference}: `));
      expect(fallbackText).toContain(reference);
      expectNoChildDetails(summary, reference);
      expectNoChildDetails(fallbackText, reference);
    }
    // Every message (the help cards on installing too) has its own toast words, none says "Card".
    for (const activity of sent) {
      const { summary, fallbackText, card } = lockScreenWords(activity);
      expect(summary.length).toBeGreaterThan(0);
      expect(fallbackText.length).toBeGreaterThan(0);
      expect(card.msteams).toEqual({ width: 'Full' });
    }
    expect(sent.map((a) => a.summary)).toContain(`${reference}: there is a response for you`);
  });

  it('the help card: "My disputes" gives the list card, "Raise a dispute" the raise form', async () => {
    const chair = users['chair-amara']!;
    const help = connector.cardsIn(chair.conversationId)[0]!;
    const buttons = executeActions(help);
    expect(buttons.map((b) => b.title)).toEqual(['Raise a dispute', 'Show my disputes']);
    const mine = buttons.find((b) => b.title === 'Show my disputes')!;
    const list = await client.press(chair, mine.verb, mine.data);
    expect(list.status).toBe(200);
    expect(cardText(list.card)).toContain('Disputes that need you');
    expect(cardText(list.card)).toContain(reference);
    expect(executeActions(list.card!).map((a) => a.data)).toContainEqual({
      disputeId,
      version: expect.any(Number),
    });
    const raise = buttons.find((b) => b.title === 'Raise a dispute')!;
    const form = await client.press(chair, raise.verb, raise.data);
    expect(form.status).toBe(200);
    expect(inputIdsOf(form.card)).toEqual(expect.arrayContaining(['childName', 'caseNumber', 'concern']));
    expect((form.card as Json).msteams).toEqual({ width: 'Full' });
  });

  it('a chat reply carries its own summary: "mine" says it is the list', async () => {
    const before = connector.activities.length;
    const r = await client.say(users['sw-ben']!, 'mine');
    expect(r.status).toBe(200);
    const reply = connector.activities.slice(before).at(-1)!.activity;
    expect(reply.summary).toBe('Disputes that need you');
    expect(cardText(lockScreenWords(reply).card)).toContain(reference);
  });
});

/** "Fri 27 Nov" from the card's "Stage due: close of business (17:00) on Fri 27 Nov 2026". */
function formatDue(card: Json): string {
  const m = cardText(card).match(/Stage due: [^\n]* on (\w{3} \d{1,2} \w{3}) \d{4}/);
  return m?.[1] ?? 'no due line on the card';
}

describe('a bad wording file stops the start, naming the key', () => {
  it('a toast that would show the child: a parameter the text may not use', async () => {
    const path = wordingFile('summary.respond: "{reference} about {childName}: respond by {due}"\n');
    await expect(startTestApp('pglite', { WORDING_FILE: path })).rejects.toThrow(
      /WORDING_FILE .*summary\.respond: uses \{childName\}, which this text may not use/,
    );
  }, 120_000);

  it('an unknown key: the bot settings, checked at start, are refused', () => {
    const path = wordingFile('summary.respnd: "{reference}: please respond"\n');
    expect(() => loadBotConfig({ WORDING_FILE: path }, tenant)).toThrow(BotConfigError);
    expect(() => loadBotConfig({ WORDING_FILE: path }, tenant)).toThrow(
      /WORDING_FILE .*summary\.respnd: is not a text the bot has/,
    );
    expect(() => loadBotConfig({ WORDING_FILE: `${path}.missing` }, tenant)).toThrow(/cannot be read/);
  });

  it('an empty text, and a file that is not a map of texts', () => {
    expect(() => parseWordingFile('help.title: ""\n', 'w.yaml')).toThrow(
      /help\.title: must be a non-empty text/,
    );
    expect(() => parseWordingFile('- a\n- b\n', 'w.yaml')).toThrow(/WORDING_FILE w\.yaml/);
  });
});
