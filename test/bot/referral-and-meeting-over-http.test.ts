// Two things the REST API already did (issue 12 items 5 and 7), now done on the bot's cards, over
// HTTP: a Calderdale chair raises straight at the Board from the raise form, confirming the
// consultation there (seed 003 6.11); a Gloucestershire chair asks for a stage's optional meeting
// from the dispute card, and for a new one after it was recorded as not held (seed 002). A local
// server stands in for the Bot Connector.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/app/ports/directory.ts';
import { cardText, executeActions, inputIdsOf } from '../support/card-inspection.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../support/fake-bot-connector.ts';
import { teamsClient, teamsUser, type TeamsUser } from '../support/teams-client.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';
import { deliverUntilQuiet } from '../meetings/meeting-test-kit.ts';

let app: TestApp;
let connector: FakeBotConnector;
let client: ReturnType<typeof teamsClient>;
const users: Record<string, TeamsUser> = {};

async function user(id: string): Promise<TeamsUser> {
  const person = (await app.services.directory.byId(id)) as Person;
  return (users[id] ??= teamsUser(person));
}
const dataOf = (card: Record<string, unknown>, verb: string) =>
  executeActions(card).find((a) => a.verb === verb)!.data;
const verbsOf = (card: Record<string, unknown> | null) => executeActions(card!).map((a) => a.verb);
const disputeIdOf = (card: Record<string, unknown> | null | undefined) =>
  String((card!.refresh as { action: { data: { disputeId: string } } }).action.data.disputeId);

async function eventTypes(disputeId: string): Promise<string[]> {
  const r = await app.services.db.query(
    'select type from dispute_events where dispute_id = $1 order by seq',
    [disputeId],
  );
  return (r.rows as { type: string }[]).map((x) => x.type);
}
const disputeCount = async () =>
  ((await app.services.db.query('select count(*)::int as n from disputes')).rows[0] as { n: number }).n;

let caseSeq = 0;
const raiseFields = (extra: Record<string, string>) => ({
  childName: "Amelia-Rose O'Neill",
  childDateOfBirth: '2019-04-02',
  caseNumber: `RM-${++caseSeq}`,
  conferenceDate: '2026-11-16',
  socialWorkerId: 'sw-ben',
  theme: 'statutory-requirements',
  concern: 'Statutory visits have not taken place since the review conference.',
  actionsRequired: 'Visit within 2 working days and see the child alone.',
  immediateRisk: 'false',
  ...extra,
});

beforeAll(async () => {
  connector = await startFakeBotConnector();
  app = await startTestApp('pglite', { APP_BASE_URL: 'https://cp.northmoor.example' });
  client = teamsClient(app, connector.serviceUrl);
  app.testClock!.set('2026-11-23T10:00:00Z'); // a Monday
  for (const id of ['chair-amara', 'sw-ben', 'sm-victor', 'chair-idris'])
    expect((await client.install(await user(id))).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await connector?.close();
});

describe('Calderdale 6.11 on the raise form: straight to the Board', () => {
  const board = {
    protocolId: 'calderdale',
    startStageId: 'stage-3',
    startReason: 'The agencies cannot agree and the child remains at risk.',
  };

  it('without "I have consulted" the form comes back saying whom to consult, by the toggle; nothing is raised', async () => {
    const chair = await user('chair-amara');
    const before = await disputeCount();
    const r = await client.press(chair, 'raise', raiseFields(board));
    expect(r.status).toBe(200);
    expect(inputIdsOf(r.card)).toContain('consulted');
    expect(cardText(r.card)).toMatch(
      /consult the Independent Reviewing Service Team Manager .*and confirm you have/,
    );
    expect(cardText(r.card)).not.toMatch(/Raised as CPD-/);
    // What was typed is kept.
    expect(JSON.stringify(r.card)).toContain('The agencies cannot agree');
    expect(await disputeCount()).toBe(before);
  });

  it('with the toggle on it is raised at the Board, the three the seed lists alerted before it is sent', async () => {
    const chair = await user('chair-amara');
    const r = await client.press(chair, 'raise', raiseFields({ ...board, consulted: 'true' }));
    expect(cardText(r.card)).toMatch(/Raised as CPD-/);
    const types = await eventTypes(disputeIdOf(r.card));
    expect(types).toContain('ReferralPreAlerted');
    expect(types.indexOf('ReferralPreAlerted')).toBeLessThan(types.indexOf('StageOpened'));
  });
});

describe("seed 002 meetings on the chair's card (issue 12 item 7)", () => {
  it('the chair asks for the optional meeting at Formal Stage 1 on the card; after "not held" the card offers it again', async () => {
    const chair = await user('chair-amara');
    const informal = await client.press(chair, 'raise', raiseFields({ protocolId: 'gloucestershire' }));
    expect(cardText(informal.card)).toMatch(/Raised as CPD-/);
    // The informal alert has no meeting: nothing to ask for.
    expect(verbsOf(informal.card)).not.toContain('request-meeting');

    const raised = await client.press(
      chair,
      'raise',
      raiseFields({
        protocolId: 'gloucestershire',
        startStageId: 'stage-1',
        startReason: 'Formal from the start.',
      }),
    );
    expect(cardText(raised.card)).toMatch(/Raised as CPD-/);
    const disputeId = disputeIdOf(raised.card);
    expect(verbsOf(raised.card)).toContain('request-meeting');
    expect(cardText(raised.card)).toMatch(/A meeting is possible at this stage/);
    await deliverUntilQuiet(app);

    // The button is the chair's alone: the social worker sees the dispute without it.
    const sw = await client.press(await user('sw-ben'), 'refresh', dataOf(raised.card!, 'request-meeting'));
    expect(disputeIdOf(sw.card)).toBe(disputeId);
    expect(verbsOf(sw.card)).not.toContain('request-meeting');

    // Bad input: no reason, nothing changes.
    const before = await eventTypes(disputeId);
    const empty = await client.press(chair, 'request-meeting', dataOf(raised.card!, 'request-meeting'));
    expect(cardText(empty.card)).toMatch(/Please write why a meeting would help\. Nothing was changed\./);
    expect(await eventTypes(disputeId)).toEqual(before);

    const asked = await client.press(chair, 'request-meeting', {
      ...dataOf(raised.card!, 'request-meeting'),
      meetingReason: 'Talk it through with the team manager.',
    });
    expect(cardText(asked.card)).toMatch(/Meeting asked for/);
    expect(verbsOf(asked.card)).not.toContain('request-meeting');
    expect(await eventTypes(disputeId)).toContain('MeetingRequested');
    await deliverUntilQuiet(app);
    expect(await eventTypes(disputeId)).toContain('MeetingBooked');
    const bookedCard = await client.press(chair, 'refresh', dataOf(asked.card!, 'resolve'));
    expect(verbsOf(bookedCard.card)).not.toContain('request-meeting');

    app.testClock!.set('2026-11-24T11:00:00Z');
    const { version } = (await apiAs(app, 'chair-amara').get(`/api/disputes/${disputeId}`)).body as {
      version: number;
    };
    const notHeld = await apiAs(app, 'chair-amara').post(`/api/disputes/${disputeId}/meeting-outcome`, {
      version,
      outcome: 'not-held',
      text: 'The team manager was off sick.',
    });
    expect(notHeld.status).toBe(200);
    const again = await client.press(chair, 'refresh', dataOf(asked.card!, 'resolve'));
    expect(verbsOf(again.card)).toContain('request-meeting');
    expect(cardText(again.card)).toMatch(/recorded as not held/);
    const reasked = await client.press(chair, 'request-meeting', {
      ...dataOf(again.card!, 'request-meeting'),
      meetingReason: 'Try again with the team manager back.',
    });
    expect(cardText(reasked.card)).toMatch(/Meeting asked for/);
    expect((await eventTypes(disputeId)).filter((t) => t === 'MeetingRequested')).toHaveLength(2);
  });
});

describe('Calderdale 6.6 on the raise form: a dissent from a conference decision', () => {
  const dissent = {
    protocolId: 'calderdale-conference-dissent',
    socialWorkerId: 'sw-dana',
    immediateRisk: 'true',
  };

  it('the form offers the dissent and, for it, the conference chairs to name; none for a practice dispute', async () => {
    const worker = await user('sw-ben');
    const form = await client.press(worker, 'preview-raise', { protocolId: dissent.protocolId });
    const protocol = executeActions(form.card!)[0]!.data;
    expect(protocol).toEqual({ formProtocolId: dissent.protocolId });
    const pick = JSON.stringify(
      (form.card!.body as { id?: string; choices?: unknown }[]).find((b) => b.id === 'challengedChairId')
        ?.choices,
    );
    // The directory's conference chairs (the cp-chair post), and no one else.
    expect(pick).toContain('"value":"chair-idris"');
    expect(pick).not.toContain('"value":"sw-dana"');
    expect(pick).not.toContain('"value":"sw-ben"');
    expect(cardText(form.card)).toContain('Raise a dissent from a conference decision');
    const practice = await client.press(worker, 'preview-raise', { protocolId: 'gloucestershire' });
    expect(cardText(practice.card)).toContain('Raise a practice dispute');
    expect(inputIdsOf(practice.card)).not.toContain('challengedChairId');
  });

  it('without the challenged chair the form says so by its field and nothing is raised; with it the dissent is raised and the chair is told', async () => {
    const worker = await user('sw-ben');
    const before = await disputeCount();
    const missing = await client.press(worker, 'raise', raiseFields(dissent));
    expect(cardText(missing.card)).toMatch(/Please name the Child Protection Conference Chair/);
    expect(await disputeCount()).toBe(before);

    const notAChair = await client.press(
      worker,
      'raise',
      raiseFields({ ...dissent, challengedChairId: 'sw-dana' }),
    );
    expect(cardText(notAChair.card)).toMatch(/not a Child Protection Conference Chair/);
    expect(await disputeCount()).toBe(before);

    const raised = await client.press(
      worker,
      'raise',
      raiseFields({ ...dissent, challengedChairId: 'chair-idris' }),
    );
    expect(cardText(raised.card)).toMatch(/Raised as CPD-/);
    const disputeId = disputeIdOf(raised.card);
    expect(await eventTypes(disputeId)).toContain('ImmediateReviewAlerted');
    const { events } = (await apiAs(app, 'sw-ben').get(`/api/disputes/${disputeId}`)).body as {
      events: ({ type: string } & Record<string, unknown>)[];
    };
    expect(events.find((e) => e.type === 'ImmediateReviewAlerted')).toMatchObject({
      challengedChairId: 'chair-idris',
      alertedIds: ['sm-victor'],
    });
  });
});
