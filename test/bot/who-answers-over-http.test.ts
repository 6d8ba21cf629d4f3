// Who answers (issue 12 item 3), through the bot over HTTP on the edge-case directory
// (test/fixtures/directories/edge-council.yaml): a chair who is also the team manager raises on the
// card and her own formal stage reaches her service manager, saying why; a chair with nobody above her
// is told on the card that the stage cannot be sent; a jointly agreed response is co-signed on the card.
// A local server stands in for the Bot Connector and records which card reached whom.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/app/outbox-worker.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import { cardText, executeActions, inputIdsOf } from '../support/card-inspection.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../support/fake-bot-connector.ts';
import { teamsClient, teamsUser, type TeamsUser } from '../support/teams-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const edgeDirectory = fileURLToPath(new URL('../fixtures/directories/edge-council.yaml', import.meta.url));

let app: TestApp;
let connector: FakeBotConnector;
let client: ReturnType<typeof teamsClient>;
const users: Record<string, TeamsUser> = {};

async function user(id: string): Promise<TeamsUser> {
  const person = (await app.services.directory.byId(id)) as Person;
  return (users[id] ??= teamsUser(person));
}
const deliver = () => deliverOutbox(app.services, app.delivery);
const latestCardOf = (u: TeamsUser) => connector.cardsIn(u.conversationId).at(-1)!;
const dataOf = (card: Record<string, unknown>, verb: string) =>
  executeActions(card).find((a) => a.verb === verb)!.data;
const disputeIdOf = (card: Record<string, unknown> | null | undefined) =>
  String((card!.refresh as { action: { data: { disputeId: string } } }).action.data.disputeId);

const raiseFields = (socialWorkerId: string, extra: Record<string, string> = {}) => ({
  protocolId: 'gloucestershire',
  childName: 'Kit Marsh',
  childDateOfBirth: '2018-05-01',
  caseNumber: `ED-${socialWorkerId}`,
  conferenceDate: '2026-11-16',
  socialWorkerId,
  theme: 'statutory-requirements',
  concern: 'No statutory visit since the review conference.',
  actionsRequired: 'Visit within 2 working days and see the child alone.',
  immediateRisk: 'false',
  ...extra,
});

async function eventTypes(disputeId: string): Promise<string[]> {
  const r = await app.services.db.query(
    'select type from dispute_events where dispute_id = $1 order by seq',
    [disputeId],
  );
  return (r.rows as { type: string }[]).map((x) => x.type);
}

beforeAll(async () => {
  connector = await startFakeBotConnector();
  app = await startTestApp('pglite', {
    APP_BASE_URL: 'https://cp.edgeshire.example',
    DIRECTORY_FILE: edgeDirectory,
  });
  client = teamsClient(app, connector.serviceUrl);
  app.testClock!.set('2026-11-23T09:00:00Z');
  for (const id of [
    'chair-tess',
    'sw-north',
    'sm-north',
    'chair-lou',
    'sw-lone',
    'chair-cara',
    'hos-south',
    'tm-south',
  ]) {
    const r = await client.install(await user(id));
    expect(r.status).toBe(200);
  }
});
afterAll(async () => {
  await app?.close();
  await connector?.close();
});

describe('SEEDS.md "Who answers" in Teams', () => {
  it('a chair who is also the team manager escalates on the card: her service manager gets the answer form and the reason; she does not', async () => {
    const tess = await user('chair-tess');
    const raised = await client.press(tess, 'raise', raiseFields('sw-north'));
    expect(cardText(raised.card)).toMatch(/Raised as CPD-/);
    const disputeId = disputeIdOf(raised.card);
    await deliver();
    const esc = await client.press(tess, 'escalate', {
      ...dataOf(raised.card!, 'escalate'),
      escalateReason: 'No visit for two weeks.',
    });
    expect(cardText(esc.card)).toMatch(/Escalated/);
    expect(inputIdsOf(esc.card!)).not.toContain('responseText');
    await deliver();

    const sm = latestCardOf(await user('sm-north'));
    expect(disputeIdOf(sm)).toBe(disputeId);
    expect(inputIdsOf(sm)).toContain('responseText');
    expect(cardText(sm)).toMatch(/Tess Twofold raised this dispute and is its Team Manager, so Sam North/);
  });

  it('bad input: the only possible respondent with nobody above her is told on the card, and nothing changes', async () => {
    const lou = await user('chair-lou');
    const raised = await client.press(lou, 'raise', raiseFields('sw-lone'));
    expect(cardText(raised.card)).toMatch(/Raised as CPD-/);
    const disputeId = disputeIdOf(raised.card);
    const before = await eventTypes(disputeId);
    const esc = await client.press(lou, 'escalate', {
      ...dataOf(raised.card!, 'escalate'),
      escalateReason: 'No answer from the social worker.',
    });
    expect(cardText(esc.card)).toMatch(/you are the only Team Manager for it/);
    expect(cardText(esc.card)).toMatch(/Nothing was changed/);
    expect(await eventTypes(disputeId)).toEqual(before);
  });

  it('seed 004 stage 3: the second respondent co-signs the jointly agreed response on the card', async () => {
    const cara = await user('chair-cara');
    const raised = await client.press(
      cara,
      'raise',
      raiseFields('sw-south', { startStageId: 'stage-3', startReason: 'Two earlier concerns unresolved.' }),
    );
    expect(cardText(raised.card)).toMatch(/Raised as CPD-/);
    const disputeId = disputeIdOf(raised.card);
    await deliver();
    const hos = await user('hos-south');
    const answered = await client.press(hos, 'respond', {
      ...dataOf(latestCardOf(hos), 'respond'),
      outcome: 'actions-agreed',
      responseText: 'Visits restart this week; agreed with the team manager.',
    });
    expect(cardText(answered.card)).toMatch(/response is recorded/);
    await deliver();

    const tm = await user('tm-south');
    const tmCard = latestCardOf(tm);
    const coSign = executeActions(tmCard).find((a) => a.verb === 'co-sign');
    expect(coSign?.title).toBe("Co-sign Hal South's response");
    const signed = await client.press(tm, 'co-sign', dataOf(tmCard, 'co-sign'));
    expect(cardText(signed.card)).toMatch(/co-signed the jointly agreed response/);
    expect(executeActions(signed.card!).map((a) => a.verb)).not.toContain('co-sign');
    expect(await eventTypes(disputeId)).toContain('CoSigned');
  });

  it('seed 000: a worker raises a concern about a CPC on the card without naming a colleague as the social worker; a practice dispute still asks for one', async () => {
    const worker = await user('sw-north');
    const { socialWorkerId: _unused, ...fields } = raiseFields('', {
      protocolId: 'bradford-concern-about-chair',
      theme: 'general-issues',
    });
    const raised = await client.press(worker, 'raise', fields);
    expect(cardText(raised.card)).toMatch(/Raised as CPD-/);
    expect(await eventTypes(disputeIdOf(raised.card))).toEqual(['Raised', 'StageOpened']);

    const cara = await user('chair-cara');
    const { socialWorkerId: _none, ...practice } = raiseFields('');
    const refused = await client.press(cara, 'raise', practice);
    expect(cardText(refused.card)).toMatch(/Please choose the social worker/);
    expect(cardText(refused.card)).not.toMatch(/Raised as CPD-/);
  });
});
