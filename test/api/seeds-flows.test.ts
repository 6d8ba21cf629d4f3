// Issue 12, items 5-7 and two bad inputs, through the REST API on the demo directory: Calderdale's
// immediate review, Board referral and grounds for moving on; Gloucestershire's locally held form and
// optional meetings; Bradford's stage 3 date confirmed by the Head of Service; meetings booked with
// notice and never after "not held" without the chair; a meeting outcome with no meeting, and a late
// answer to a closed stage, refused with nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';
import { raiseBody } from '../support/raise-body.ts';
import { deliverUntilQuiet } from '../meetings/meeting-test-kit.ts';

let app: TestApp;
let caseSeq = 0;
const as = (personId: string) => apiAs(app, personId);
const setClock = (now: string) => as('chair-amara').post('/api/dev/clock', { now });

type View = {
  id: string;
  version: number;
  stage: Record<string, unknown> & { id: string };
  events: ({ type: string } & Record<string, unknown>)[];
  notifications: { recipientId: string; reason: string }[];
  localRecord: { now: string; instruction: string } | null;
  meeting: { start: string } | null;
};

async function raise(by: string, body: Record<string, unknown>): Promise<View> {
  caseSeq += 1;
  const r = await as(by).post('/api/disputes', {
    ...raiseBody,
    child: { ...raiseBody.child, caseNumber: `SF-${caseSeq}` },
    ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function view(id: string, by = 'chair-amara'): Promise<View> {
  const r = await as(by).get(`/api/disputes/${id}`);
  expect(r.status).toBe(200);
  return r.body;
}

async function act(by: string, d: { id: string }, path: string, body: Record<string, unknown>) {
  const { version } = await view(d.id);
  return as(by).post(`/api/disputes/${d.id}/${path}`, { version, ...body });
}

/** The stored stream, to show a refusal changed nothing. */
async function stored(id: string) {
  const v = await view(id);
  return { version: v.version, events: v.events.length, notifications: v.notifications.length };
}

beforeAll(async () => {
  app = await startTestApp('pglite');
  await setClock('2026-11-23T10:00:00Z'); // Monday
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe('Calderdale (seed 003)', () => {
  const calderdale = { protocolId: 'calderdale', chairSetWorkingDays: 5 };

  it('a dissent on risk of significant harm alerts the Service Manager for Safeguarding & QA at once, and names and tells the challenged chair (6.6)', async () => {
    const d = await raise('sw-ben', {
      protocolId: 'calderdale-conference-dissent',
      socialWorkerId: 'sw-dana',
      immediateRisk: true,
      challengedChairId: 'chair-idris',
    });
    const alert = d.events.find((e) => e.type === 'ImmediateReviewAlerted');
    expect(alert).toMatchObject({ alertedIds: ['sm-victor'], challengedChairId: 'chair-idris' });
    expect(d.notifications).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ recipientId: 'sm-victor', reason: 'immediate-review' }),
        expect.objectContaining({ recipientId: 'chair-idris', reason: 'told' }),
      ]),
    );
    // The challenged chair may read the dispute they are told of.
    expect((await as('chair-idris').get(`/api/disputes/${d.id}`)).status).toBe(200);
  });

  it('a dissent that does not name the challenged chair, or names someone who is not a chair, is refused: 400, nothing raised', async () => {
    const before = (await as('sw-ben').get('/api/disputes?view=raised-by-me')).body.disputes.length;
    const base = {
      ...raiseBody,
      protocolId: 'calderdale-conference-dissent',
      socialWorkerId: 'sw-dana',
      immediateRisk: true,
    };
    const missing = await as('sw-ben').post('/api/disputes', base);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ field: 'challengedChairId' });
    expect(missing.body.message).toMatch(/name the Child Protection Conference Chair/);
    const notAChair = await as('sw-ben').post('/api/disputes', { ...base, challengedChairId: 'sw-dana' });
    expect(notAChair.status).toBe(400);
    expect(notAChair.body.field).toBe('challengedChairId');
    expect((await as('sw-ben').get('/api/disputes?view=raised-by-me')).body.disputes.length).toBe(before);
  });

  it('referring to the Board at any point asks for the consultation with the IRS Team Manager, then alerts the three the seed lists before the referral (6.11)', async () => {
    const d = await raise('chair-amara', calderdale);
    const before = await stored(d.id);
    const refused = await act('chair-amara', d, 'escalate', {
      toStageId: 'stage-3',
      reason: 'The agencies cannot agree and the child remains at risk.',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('consulted');
    expect(refused.body.message).toMatch(/Independent Reviewing Service Team Manager/);
    expect(refused.body.message).toMatch(/Head of Service Commissioning and Partnerships/);
    expect(await stored(d.id)).toEqual(before);

    const ok = await act('chair-amara', d, 'escalate', {
      toStageId: 'stage-3',
      reason: 'The agencies cannot agree and the child remains at risk.',
      consulted: true,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const types = (ok.body as View).events.map((e) => e.type);
    // The alerts go before the stage is sent ("by email prior to the notification").
    expect(types.indexOf('ReferralPreAlerted')).toBeLessThan(types.lastIndexOf('StageOpened'));
    const pre = (ok.body as View).events.find((e) => e.type === 'ReferralPreAlerted')!;
    expect(pre.consultedIds).toEqual(['tm-hana']);
    expect([...(pre.alertedIds as string[])].sort()).toEqual(['dm-oren', 'hos-celia', 'sm-victor']);
    for (const id of ['dm-oren', 'hos-celia', 'sm-victor'])
      expect((ok.body as View).notifications).toContainEqual(
        expect.objectContaining({ recipientId: id, reason: 'pre-alert' }),
      );
  });

  it('moving on before a missed deadline asks why, "not answered in time" or "dissatisfied with the response", and records it (6.16)', async () => {
    const d = await raise('chair-amara', calderdale);
    expect((await act('chair-amara', d, 'escalate', { reason: 'Informal stage unresolved.' })).status).toBe(
      200,
    );
    const before = await stored(d.id);
    const noGrounds = await act('chair-amara', d, 'escalate', { reason: 'Still drifting.' });
    expect(noGrounds.status).toBe(400);
    expect(noGrounds.body.field).toBe('grounds');
    expect(noGrounds.body.message).toMatch(/not answered in time.*dissatisfied with the response/);
    const noResponseYet = await act('chair-amara', d, 'escalate', {
      reason: 'Still drifting.',
      grounds: 'dissatisfied-with-response',
    });
    expect(noResponseYet.status).toBe(400);
    expect(noResponseYet.body.message).toMatch(/Nobody has responded/);
    const notDueYet = await act('chair-amara', d, 'escalate', {
      reason: 'Still drifting.',
      grounds: 'not-answered-in-time',
    });
    expect(notDueYet.status).toBe(400);
    expect(notDueYet.body.message).toMatch(/not due until/);
    expect(await stored(d.id)).toEqual(before);

    expect(
      (await act('tm-carla', d, 'responses', { outcome: 'disagree', text: 'Visits are on track.' })).status,
    ).toBe(200);
    const moved = await act('chair-amara', d, 'escalate', {
      reason: 'Visits are not on track: none since the conference.',
      grounds: 'dissatisfied-with-response',
      recommendations: 'Senior manager to review the visiting pattern this week.',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const escalated = (moved.body as View).events.filter((e) => e.type === 'Escalated').at(-1);
    expect(escalated).toMatchObject({
      grounds: 'dissatisfied-with-response',
      recommendations: 'Senior manager to review the visiting pattern this week.',
    });
    const note = (await as('chair-amara').get(`/api/disputes/${d.id}/case-note`)).body;
    const stage2 = note.entries.find((e: { stageId: string }) => e.stageId === 'stage-2');
    expect(stage2.text).toContain('the chair was dissatisfied with the response');
    expect(stage2.text).toContain(
      'Recommendations: Senior manager to review the visiting pattern this week.',
    );
  });

  it("the seed's conflict on the informal time (Appendix 1: 5 wd; 6.13: up to 10) is shown to the chair", async () => {
    const d = await raise('chair-amara', calderdale);
    const conflicts = d.stage.seedConflicts as string[];
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatch(/Appendix 1.*5 working days.*6\.13.*10 working days/);
  });
});

describe('records (issue 12 item 6)', () => {
  it("Gloucestershire's locally held form is shown while the dispute is open; at resolution the chair is prompted to file it, and the case note says so (seed 004)", async () => {
    const d = await raise('chair-amara', {
      startStageId: 'stage-1',
      reason: 'Visits missed twice: formal from the start.',
    });
    expect(d.localRecord).toMatchObject({ now: 'keep-locally' });
    expect(d.localRecord!.instruction).toMatch(/Dispute Resolution Form.*locally, not on the child's file/);
    const resolved = await act('chair-amara', d, 'resolve', { summary: 'Visits restarted.' });
    expect(resolved.status).toBe(200);
    expect((resolved.body as View).localRecord).toMatchObject({ now: 'put-on-child-file' });
    expect((resolved.body as View).notifications).toContainEqual(
      expect.objectContaining({ recipientId: 'chair-amara', reason: 'file-local-record' }),
    );
    const note = (await as('chair-amara').get(`/api/disputes/${d.id}/case-note`)).body;
    expect(note.entries[0].text).toMatch(
      /Dispute Resolution Form, kept locally until now, is to be placed on the child's file/,
    );
  });

  // Seed 001's informal stage: the social worker answers and the team manager is alerted. (Seed
  // 002's team manager may now answer the alert herself, so she is among those it is sent to.)
  it('informal notes list who was told as well as who must answer (seed 001: the team manager is alerted)', async () => {
    const d = await raise('chair-amara', { protocolId: 'liquidlogic-four-stage' });
    const note = (await as('chair-amara').get(`/api/disputes/${d.id}/case-note`)).body;
    expect(note.entries[0].text).toContain('Sent to: Ben Harrowgate (Social Worker).');
    expect(note.entries[0].text).toContain('Told: Carla Brightwater (Team Manager');
  });

  it('seed 002: the team manager who may answer the informal alert is among those it is sent to', async () => {
    const d = await raise('chair-amara', {});
    const note = (await as('chair-amara').get(`/api/disputes/${d.id}/case-note`)).body;
    expect(note.entries[0].text).toContain(
      'Sent to: Ben Harrowgate (Social Worker), Carla Brightwater (Team Manager',
    );
  });

  it("a product default is labelled as such on the stage, never as the protocol's rule (SEEDS.md)", async () => {
    const d = await raise('chair-amara', {});
    const defaults = d.stage.productDefaults as string[];
    expect(defaults.some((x) => /this product's default; the protocol leaves it to the chair/.test(x))).toBe(
      true,
    );
    expect(defaults.join(' ')).not.toMatch(/as the protocol says/);
  });
});

describe('bad input (issue 12): refused, nothing stored', () => {
  it('recording a meeting outcome on a stage without a meeting: 400 on outcome', async () => {
    const d = await raise('chair-amara', {});
    const before = await stored(d.id);
    const r = await act('chair-amara', d, 'meeting-outcome', { outcome: 'resolved', text: 'We met.' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: 'bad-request', field: 'outcome' });
    expect(r.body.message).toMatch(/has no meeting, so there is no meeting outcome to record/);
    expect(await stored(d.id)).toEqual(before);
  });

  it('recording the outcome of an optional meeting nobody asked for: 400 on outcome', async () => {
    const d = await raise('chair-amara', { startStageId: 'stage-1', reason: 'Formal from the start.' });
    const before = await stored(d.id);
    const r = await act('chair-amara', d, 'meeting-outcome', { outcome: 'resolved', text: 'We met.' });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/No meeting was asked for or booked/);
    expect(await stored(d.id)).toEqual(before);
  });

  it("a closed stage's late response: 409 saying the stage closed, nothing stored", async () => {
    const d = await raise('chair-amara', {});
    expect((await act('chair-amara', d, 'escalate', { reason: 'No answer.' })).status).toBe(200);
    const before = await stored(d.id);
    for (const body of [
      { outcome: 'actions-agreed', text: 'Visited yesterday.', stageId: 'informal' },
      { outcome: 'actions-agreed', text: 'Visited yesterday.' },
    ]) {
      const r = await act('sw-ben', d, 'responses', body);
      expect(r.status).toBe(409);
      expect(r.body.message).toMatch(/closed on 2026-11-23 when the dispute moved on to "Formal Stage 1/);
      expect(r.body.message).toMatch(/not recorded/);
    }
    expect(await stored(d.id)).toEqual(before);
  });
});

describe('meetings (issue 12 item 7)', () => {
  it('Gloucestershire: the chair may ask for a meeting at any stage; it is booked from the next working day, and after "not held" only when the chair asks again (seed 002)', async () => {
    const d = await raise('chair-amara', { startStageId: 'stage-1', reason: 'Formal from the start.' });
    await deliverUntilQuiet(app);
    expect((await view(d.id)).events.some((e) => e.type === 'MeetingBooked')).toBe(false);

    const asked = await act('chair-amara', d, 'meeting/request', { reason: 'Talk it through with the TM.' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    await deliverUntilQuiet(app);
    const booked = await view(d.id);
    // Asked on Monday 23 November: not Monday, but Tuesday 09:00 London at the earliest.
    expect(booked.meeting?.start).toBe('2026-11-24T09:00:00.000+00:00');

    await setClock('2026-11-24T11:00:00Z');
    expect(
      (await act('chair-amara', d, 'meeting-outcome', { outcome: 'not-held', text: 'The TM was off sick.' }))
        .status,
    ).toBe(200);
    await deliverUntilQuiet(app);
    expect((await view(d.id)).events.filter((e) => e.type === 'MeetingBooked')).toHaveLength(1);

    // The chair asks again: a new meeting, booked from Wednesday.
    expect((await act('chair-amara', d, 'meeting/request', { reason: 'Try again.' })).status).toBe(200);
    await deliverUntilQuiet(app);
    const rebooked = (await view(d.id)).events.filter((e) => e.type === 'MeetingBooked');
    expect(rebooked).toHaveLength(2);
    expect(rebooked[1]!.start).toBe('2026-11-25T09:00:00.000+00:00');
    expect(rebooked[1]!.meetingKey).not.toBe(rebooked[0]!.meetingKey);
    await setClock('2026-11-23T10:00:00Z');
  });

  it('Bradford stage 3: the product proposes times and the Head of Service confirms one before it is booked (seed 000)', async () => {
    const d = await raise('chair-amara', { protocolId: 'bradford' });
    for (const reason of ['To stage 2.', 'To stage 3.'])
      expect((await act('chair-amara', d, 'escalate', { reason })).status).toBe(200);
    await deliverUntilQuiet(app);
    const proposed = (await view(d.id)).stage.proposedSlots as {
      slots: { start: string; end: string }[];
      confirmerIds: string[];
    };
    expect(proposed.confirmerIds).toEqual(['hos-nadia']);
    expect(proposed.slots).toHaveLength(3);
    expect((await view(d.id)).notifications).toContainEqual(
      expect.objectContaining({ recipientId: 'hos-nadia', reason: 'confirm-meeting-date' }),
    );
    expect((await view(d.id)).events.some((e) => e.type === 'MeetingBooked')).toBe(false);

    const before = await stored(d.id);
    const notHers = await act('chair-amara', d, 'meeting/confirm', { start: proposed.slots[1]!.start });
    expect(notHers.status).toBe(403);
    const notProposed = await act('hos-nadia', d, 'meeting/confirm', { start: '2026-11-30T15:00:00Z' });
    expect(notProposed.status).toBe(400);
    expect(notProposed.body.message).toMatch(/one of the proposed times/);
    expect(await stored(d.id)).toEqual(before);

    const confirmed = await act('hos-nadia', d, 'meeting/confirm', { start: proposed.slots[1]!.start });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    await deliverUntilQuiet(app);
    expect((await view(d.id)).meeting?.start).toBe(proposed.slots[1]!.start);

    // "A summary of the meeting will be recorded by the Safeguarding and Reviewing Manager".
    const note = (await as('chair-amara').get(`/api/disputes/${d.id}/case-note`)).body;
    const stage3 = note.entries.find((e: { stageId: string }) => e.stageId === 'stage-3');
    expect(stage3.recordedBy).toMatch(/^Safeguarding and Reviewing Service Manager \(/);
  });
});
