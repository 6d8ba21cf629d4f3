// Who answers, and nothing silent (issue 12 items 3 and 4), through the REST API on a directory built
// for the edge cases (test/fixtures/directories/edge-council.yaml): a chair who is also a team
// manager, a chair-and-team-manager with nobody above her, a vacant service manager post on the South
// line, and a partnership board manager post held by a named person and a shared mailbox.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/app/outbox-worker.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';

const edgeDirectory = fileURLToPath(new URL('../fixtures/directories/edge-council.yaml', import.meta.url));

let app: TestApp;
const as = (id: string) => apiAs(app, id);
const clock = (now: string) => as('chair-cara').post('/api/dev/clock', { now });

type Ev = { type: string; [k: string]: unknown };
type Note = { recipientId: string; reason: string; stageId: string | null; status: string };

const body = (over: Record<string, unknown>) => ({
  protocolId: 'gloucestershire',
  child: {
    name: 'Kit Marsh',
    dateOfBirth: '2018-05-01',
    caseNumber: `ED-${Math.random().toString(36).slice(2, 8)}`,
  },
  conferenceDate: '2026-11-16',
  theme: 'statutory-requirements',
  concern: 'No statutory visit since the review conference.',
  actionsRequired: 'Visit within 2 working days and see the child alone.',
  immediateRisk: false,
  ...over,
});

async function read(id: string, by = 'chair-cara') {
  const r = await as(by).get(`/api/disputes/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as {
    version: number;
    respondents: string[];
    copied: string[];
    yourRoles: string[];
    events: Ev[];
    notifications: Note[];
    stage: {
      id: string;
      answered: boolean;
      stillToAnswer: string[];
      coSignedBy: string[];
      jointResponse: boolean;
      routingNotes: { personId: string; reason: string }[];
      stepRefused: { toStageId: string; why: string; lastOn: string } | null;
    };
  };
}

const lastOpened = (events: Ev[]) => events.filter((e) => e.type === 'StageOpened').at(-1)!;

beforeAll(async () => {
  app = await startTestApp('pglite', { DIRECTORY_FILE: edgeDirectory });
  await clock('2026-11-23T10:00:00Z'); // Monday
});
afterAll(async () => {
  await app?.close();
});

describe('SEEDS.md "Who answers": nobody answers or decides a dispute they raised', () => {
  it('a chair who is also the team manager raises about her own team: the stage goes to the next person up her line, and the record says why', async () => {
    const tess = as('chair-tess');
    const raised = await tess.post('/api/disputes', body({ socialWorkerId: 'sw-north' }));
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    // Informal (seed 002: "the Social Worker / Team Manager has two working days to respond"): the team
    // manager is the raiser, so the next person up her line may answer in her place.
    expect(raised.body.respondents).toEqual(['sw-north', 'sm-north']);
    expect(raised.body.respondents).not.toContain('chair-tess');

    const esc = await tess.post(`/api/disputes/${raised.body.id}/escalate`, {
      version: raised.body.version,
      reason: 'No visit for two weeks.',
    });
    expect(esc.status, JSON.stringify(esc.body)).toBe(200);
    const d = await read(raised.body.id, 'chair-tess');
    expect(d.stage.id).toBe('stage-1');
    expect(d.respondents).toEqual(['sm-north']);
    expect(d.yourRoles).not.toContain('respondent');
    expect(lastOpened(d.events).routingNotes).toEqual([
      {
        personId: 'sm-north',
        reason:
          "Tess Twofold raised this dispute and is its Team Manager, so Sam North, next up Tess Twofold's line, answers instead.",
      },
    ]);
    // She cannot answer it herself.
    const own = await tess.post(`/api/disputes/${raised.body.id}/responses`, {
      version: d.version,
      outcome: 'disagree',
      text: 'I disagree with myself.',
    });
    expect(own.status).toBe(403);
    const waiting = await as('sm-north').get('/api/disputes?view=awaiting-me');
    expect(waiting.body.disputes.map((x: { id: string }) => x.id)).toContain(raised.body.id);
  });

  it('bad input: raising as the only possible respondent where no one stands above is a clear 422, and nothing is stored', async () => {
    const lou = as('chair-lou');
    const before = (await lou.get('/api/disputes?view=raised-by-me')).body.disputes.length;
    const r = await lou.post(
      '/api/disputes',
      body({ socialWorkerId: 'sw-lone', startStageId: 'stage-1', reason: 'Straight to the team manager.' }),
    );
    expect(r.status).toBe(422);
    expect(r.body.message).toMatch(
      /You raised this dispute and you are the only Team Manager for it: nobody stands above you/,
    );
    expect((await lou.get('/api/disputes?view=raised-by-me')).body.disputes.length).toBe(before);

    // Raised informally (the social worker answers), the move to her own formal stage is refused the same way.
    const informal = await lou.post('/api/disputes', body({ socialWorkerId: 'sw-lone' }));
    expect(informal.status, JSON.stringify(informal.body)).toBe(201);
    const esc = await lou.post(`/api/disputes/${informal.body.id}/escalate`, {
      version: informal.body.version,
      reason: 'No answer.',
    });
    expect(esc.status).toBe(422);
    expect(esc.body.message).toMatch(/only Team Manager/);
    expect((await read(informal.body.id, 'chair-lou')).version).toBe(informal.body.version);
  });
});

describe('concerns about a chair (seeds 000, 002)', () => {
  it('Bradford: the worker raising it names no colleague as "the social worker"; it goes to their own team manager', async () => {
    await clock('2026-11-23T10:00:00Z');
    // No socialWorkerId at all in the body.
    const withoutSocialWorker = body({ protocolId: 'bradford-concern-about-chair', theme: 'general-issues' });
    expect(withoutSocialWorker).not.toHaveProperty('socialWorkerId');
    const r = await as('sw-south').post('/api/disputes', withoutSocialWorker);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.respondents).toEqual(['tm-south']);
  });

  it('Gloucestershire: "within 5 working days of the Conference" is checked (400 on conferenceDate, nothing stored)', async () => {
    await clock('2026-11-23T10:00:00Z');
    const late = await as('sw-south').post(
      '/api/disputes',
      body({
        protocolId: 'concern-about-chair',
        socialWorkerId: null,
        theme: 'general-issues',
        conferenceDate: '2026-11-13',
      }),
    );
    expect(late.status).toBe(400);
    expect(late.body.field).toBe('conferenceDate');
    expect(late.body.message).toMatch(/within 5 working days of the conference/);
  });
});

describe('SEEDS.md "Who answers": a shared mailbox is told or copied, never asked to act', () => {
  it('the partnership stage goes to the named board manager; the mailbox is copied', async () => {
    const r = await as('chair-cara').post(
      '/api/disputes',
      body({
        protocolId: 'bradford',
        socialWorkerId: 'sw-south',
        theme: 'statutory-requirements',
        immediateRisk: true,
        startStageId: 'partnership',
        reason: 'Immediate risk: the policy issue needs the partnership now.',
      }),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.respondents).toEqual(['bm-nell']);
    expect(r.body.copied).toContain('board-mailbox');
    const d = await read(r.body.id);
    expect(lastOpened(d.events).routingNotes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          personId: 'board-mailbox',
          reason: expect.stringMatching(/shared mailbox, so it is copied/),
        }),
      ]),
    );
    const toMailbox = d.notifications.filter((n) => n.recipientId === 'board-mailbox').map((n) => n.reason);
    expect(toMailbox).toEqual(['copied']);
    expect(d.notifications.some((n) => n.recipientId === 'bm-nell' && n.reason === 'respond')).toBe(true);
  });
});

describe('seed 004: "Jointly agreed response from Team Manager and Head of Service" (Gloucestershire stage 3)', () => {
  let id = '';

  it('one respondent answering does not answer the stage; the other is asked to co-sign', async () => {
    await clock('2026-11-23T10:00:00Z');
    const r = await as('chair-cara').post(
      '/api/disputes',
      body({
        socialWorkerId: 'sw-south',
        startStageId: 'stage-3',
        reason: 'Two earlier concerns unresolved.',
      }),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    id = r.body.id;
    expect(r.body.respondents).toEqual(['hos-south', 'tm-south']);
    const answered = await as('hos-south').post(`/api/disputes/${id}/responses`, {
      version: r.body.version,
      outcome: 'actions-agreed',
      text: 'Visits restart this week; the team manager and I agree the plan.',
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    const d = await read(id);
    expect(d.stage.jointResponse).toBe(true);
    expect(d.stage.answered).toBe(false);
    expect(d.stage.stillToAnswer).toEqual(['tm-south']);
    expect(d.notifications.some((n) => n.recipientId === 'tm-south' && n.reason === 'co-sign-needed')).toBe(
      true,
    );
  });

  it('bad input: co-signing a response one did not share in is refused, and nothing is stored', async () => {
    const before = await read(id);
    const copiedWorker = await as('sw-south').post(`/api/disputes/${id}/co-sign`, {
      version: before.version,
      responseBy: 'hos-south',
    });
    expect(copiedWorker.status).toBe(403);
    expect(copiedWorker.body.message).toMatch(/you did not share in it/);
    const chair = await as('chair-cara').post(`/api/disputes/${id}/co-sign`, {
      version: before.version,
      responseBy: 'hos-south',
    });
    expect(chair.status).toBe(403);
    const nobodysResponse = await as('tm-south').post(`/api/disputes/${id}/co-sign`, {
      version: before.version,
      responseBy: 'sw-south',
    });
    expect(nobodysResponse.status).toBe(400);
    expect(nobodysResponse.body.field).toBe('responseBy');
    expect((await read(id)).version).toBe(before.version);
  });

  it('the one still to answer is reminded; once they co-sign, the stage is answered and no deadline is missed', async () => {
    // Stage 3 opened Mon 23 Nov, 4 working days: due Fri 27 Nov; the reminder goes out on Thu 26 Nov.
    await clock('2026-11-26T09:30:00Z');
    let d = await read(id);
    const reminder = d.events.filter((e) => e.type === 'ReminderDue').at(-1)!;
    expect(reminder.recipientIds).toEqual(['tm-south']);
    const signed = await as('tm-south').post(`/api/disputes/${id}/co-sign`, {
      version: d.version,
      responseBy: 'hos-south',
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    d = await read(id);
    expect(d.stage.answered).toBe(true);
    expect(d.stage.coSignedBy).toEqual(['tm-south']);
    await clock('2026-11-30T10:00:00Z');
    d = await read(id);
    expect(d.events.map((e) => e.type)).not.toContain('DeadlineMissed');
  });

  it('a stage that asks for no joint response cannot be co-signed (400)', async () => {
    await clock('2026-11-30T10:00:00Z');
    const r = await as('chair-cara').post(
      '/api/disputes',
      body({ socialWorkerId: 'sw-south', startStageId: 'stage-1', reason: 'Straight to the team manager.' }),
    );
    const co = await as('tm-south').post(`/api/disputes/${r.body.id}/co-sign`, {
      version: r.body.version,
      responseBy: 'tm-south',
    });
    expect(co.status).toBe(400);
    expect(co.body.message).toMatch(/does not ask for a jointly agreed response/);
  });
});

describe('issue 12 item 4: nothing silent', () => {
  it('reminders reach whoever asked for more time; seed 004 "copied into all communications" covers responses and extensions; an extension past the cap is recorded and flagged', async () => {
    await clock('2026-11-23T10:00:00Z');
    const r = await as('chair-cara').post(
      '/api/disputes',
      body({ socialWorkerId: 'sw-south', startStageId: 'stage-1', reason: 'Straight to the team manager.' }),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = r.body.id;
    const capOn = r.body.capOn as string;
    const more = await as('tm-south').post(`/api/disputes/${id}/responses`, {
      version: r.body.version,
      outcome: 'needs-more-time',
      text: 'Short of staff this week.',
      moreTimeUntil: '2026-12-04',
    });
    expect(more.status, JSON.stringify(more.body)).toBe(200);
    let d = await read(id);
    const onResponse = d.notifications.filter((n) => n.recipientId === 'sw-south').map((n) => n.reason);
    expect(onResponse.filter((x) => x === 'copied')).toHaveLength(2); // the opening and the response

    await clock('2026-11-26T09:30:00Z'); // the day before Fri 27 Nov
    d = await read(id);
    expect(d.events.filter((e) => e.type === 'ReminderDue').at(-1)!.recipientIds).toEqual(['tm-south']);

    const ext = await as('chair-cara').post(`/api/disputes/${id}/extend`, {
      version: d.version,
      dueOn: '2027-01-05',
      reason: 'Agreed with the head of service after the holiday.',
    });
    expect(ext.status, JSON.stringify(ext.body)).toBe(200);
    d = await read(id);
    const extended = d.events.filter((e) => e.type === 'Extended').at(-1)!;
    expect(extended.beyondCapOn).toBe(capOn);
    expect(
      d.notifications.some((n) => n.recipientId === 'sw-south' && n.reason === 'extension-beyond-cap'),
    ).toBe(true);
  });

  it('an automatic step refused (a vacant post) tells the chair and the admins at once, shows on the dispute and the admin view, and is reported once each working day', async () => {
    await clock('2026-11-23T10:00:00Z');
    const cara = as('chair-cara');
    const r = await cara.post(
      '/api/disputes',
      body({
        protocolId: 'calderdale',
        socialWorkerId: 'sw-south',
        theme: 'statutory-requirements',
        chairSetWorkingDays: 2,
      }),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = r.body.id;
    const esc = await cara.post(`/api/disputes/${id}/escalate`, {
      version: r.body.version,
      reason: 'No answer.',
    });
    expect(esc.status, JSON.stringify(esc.body)).toBe(200);
    // Stage 1 (5 working days) is due Mon 30 Nov; Calderdale moves on by itself to stage 2, whose senior
    // manager (the South service manager) is vacant.
    await clock('2026-12-01T08:00:00Z');
    let d = await read(id);
    const refused = d.events.filter((e) => e.type === 'AutomaticStepRefused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ toStageId: 'stage-2', forDate: '2026-12-01' });
    expect(refused[0]!.alertedIds).toEqual(expect.arrayContaining(['chair-cara', 'hos-sg', 'cpc-tm']));
    expect(d.stage.stepRefused?.why).toMatch(
      /Nobody holds the role "Senior Manager \/ Designated Child Protection Lead"/,
    );
    const told = d.notifications.filter((n) => n.reason === 'step-refused').map((n) => n.recipientId);
    expect(told.sort()).toEqual(['chair-cara', 'cpc-tm', 'hos-sg']);

    const admin = await as('hos-sg').get('/api/admin/overview');
    expect(admin.status).toBe(200);
    expect(admin.body.refusedSteps).toEqual(
      expect.arrayContaining([expect.objectContaining({ disputeId: id, toStageId: 'stage-2' })]),
    );
    expect((await cara.get('/api/admin/overview')).status).toBe(403);

    // Later the same day: no second notice. The next working day: one more, and only one.
    await clock('2026-12-01T15:00:00Z');
    expect((await read(id)).events.filter((e) => e.type === 'AutomaticStepRefused')).toHaveLength(1);
    await clock('2026-12-02T09:30:00Z');
    await clock('2026-12-02T12:00:00Z');
    d = await read(id);
    const again = d.events.filter((e) => e.type === 'AutomaticStepRefused');
    expect(again.map((e) => e.forDate)).toEqual(['2026-12-01', '2026-12-02']);
  });

  it('a notice that a notice failed is never itself reported again: one summary per dispute per day', async () => {
    await clock('2026-12-03T10:00:00Z');
    const r = await as('chair-cara').post(
      '/api/disputes',
      body({
        socialWorkerId: 'sw-south',
        startStageId: 'stage-3',
        reason: 'Two earlier concerns unresolved.',
      }),
    );
    expect(r.status).toBe(201);
    // Nobody here has the Teams app: every delivery dies, the summaries to the chair too.
    for (let i = 0; i < 3; i++) await deliverOutbox(app.services, app.delivery);
    const d = await read(r.body.id);
    const dead = d.notifications.filter((n) => n.status === 'dead' && n.reason !== 'delivery-failed');
    expect(dead.length).toBeGreaterThan(1);
    const summaries = d.notifications.filter((n) => n.reason === 'delivery-failed');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.recipientId).toBe('chair-cara');
  });
});
