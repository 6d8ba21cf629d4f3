// Examples of the dispute state machine, each naming the seed its rule comes from
// (the seeds, kept outside the repository: 000 Bradford, 001 Liquidlogic, 002 and 004 Gloucestershire, 003 Calderdale).
// Every date here was worked out by hand on the England-and-Wales calendar: weekends, Christmas Day
// Fri 2026-12-25, the Boxing Day substitute Mon 2026-12-28 and New Year's Day Fri 2027-01-01.
import { describe, expect, it } from 'vitest';
import { scheduledDeadlines, commandForDeadline } from '../../src/core/dispute/deadline-schedule.ts';
import {
  textLimits,
  type DisputeCommand,
  type EarlierDispute,
  type EscalateCommand,
  type RespondCommand,
  type Roster,
} from '../../src/core/dispute/dispute-commands.ts';
import type { ResponseOutcome } from '../../src/core/dispute/dispute-events.ts';
import { initialState } from '../../src/core/dispute/dispute-state.ts';
import { previewEscalation } from '../../src/core/preview/escalation-preview.ts';
import type { Protocol } from '../../src/core/protocol/protocol-schema.ts';
import {
  CHAIR_ID,
  SYSTEM,
  attempt,
  calendarFor,
  chair,
  councilRoster,
  eventsOf,
  holder,
  justAfter,
  londonAt,
  ofType,
  person,
  protocolById,
  raiseCommand,
  refusalOf,
  rosterFor,
  run,
  step,
  stranger,
  type Run,
} from './support/dispute-fixtures.ts';

const G = protocolById('gloucestershire');
const C = protocolById('calderdale');
const B = protocolById('bradford');

/** Monday 23 November 2026, 10:00 in London (GMT). */
const RAISED_AT = '2026-11-23T10:00:00Z';

const escalate = (
  toStageId: string | null = null,
  roster: Roster = councilRoster(),
  reason = 'The concern remains unresolved.',
): EscalateCommand => ({
  type: 'escalate',
  toStageId,
  reason,
  roster,
});
const respond = (
  outcome: ResponseOutcome = 'actions-agreed',
  moreTimeUntil: string | null = null,
  text = 'The core group meets on Friday and the plan will be updated.',
): RespondCommand => ({ type: 'respond', outcome, text, actionsProposed: null, moreTimeUntil });
const missed = (stageId: string, roster: Roster = councilRoster()): DisputeCommand => ({
  type: 'deadline-missed',
  stageId,
  roster,
});
const overdue = (stageId: string): DisputeCommand => ({
  type: 'chair-decision-overdue',
  stageId,
  roster: councilRoster(),
});
const remind = (stageId: string, kind: 'before-due' | 'due-today' | 'chair-decision'): DisputeCommand => ({
  type: 'remind',
  stageId,
  kind,
});
const capReached = (): DisputeCommand => ({ type: 'cap-reached', roster: councilRoster() });
const extend = (dueOn: string, reason = 'The team manager is on leave until Monday.'): DisputeCommand => ({
  type: 'extend',
  dueOn,
  reason,
});

function raised(protocol: Protocol, overrides: Parameters<typeof raiseCommand>[0] = {}, at = RAISED_AT): Run {
  return run(protocol, [step(raiseCommand(overrides), chair, at)]);
}

/** Gloucestershire escalated by the chair to Formal Stage 1 on Wed 2026-11-25 (stage 1 due Tue 2026-12-01). */
function glosAtStage1(): Run {
  return run(G, [step(escalate(), chair, '2026-11-25T10:00:00Z')], raised(G));
}

/** Gloucestershire stage 1 missed: recorded just after close of business (17:30) on Tue 2026-12-01. */
function glosStage1Missed(): Run {
  return run(G, [step(missed('stage-1'), SYSTEM, justAfter(G, '2026-12-01'))], glosAtStage1());
}

const sorted = (xs: readonly string[]) => [...xs].sort();

describe('raising a dispute opens the first stage (seed 002: informal, "two working days to respond")', () => {
  // Reworked for SEEDS.md "Working days" (close of business): due at 17:30 London on the 2nd working
  // day, not at the end of the day. Mon 23 Nov + 2 wd = Wed 25 Nov; GMT, so 17:30+00:00.
  it('raised Mon 2026-11-23, the Gloucestershire informal stage is due Wed 2026-11-25 at close of business, 17:30 London', () => {
    const { state, events } = raised(G);
    expect(events.map((e) => e.type)).toEqual(['Raised', 'StageOpened']);
    const [r] = ofType(events, 'Raised');
    expect(r).toMatchObject({
      raiserId: CHAIR_ID,
      socialWorkerId: 'sw-1',
      startStageId: 'informal',
      recurrenceOf: [],
      bypassReason: null,
    });
    const [opened] = ofType(events, 'StageOpened');
    expect(opened).toMatchObject({
      stageId: 'informal',
      openedOn: '2026-11-23',
      workingDays: 2,
      dueOn: '2026-11-25',
      dueAt: '2026-11-25T17:30:00.000+00:00',
      // Seed 002: "the Social Worker / Team Manager has two working days to respond to the alert".
      respondentIds: ['sw-1', 'tm-1'],
      notifiedIds: [],
      copiedIds: [],
      meeting: null,
      capOn: null,
    });
    expect(state).toMatchObject({ status: 'open', version: 2, raiserId: CHAIR_ID, capOn: null });
    expect(state.stage?.dueOn).toBe('2026-11-25');
  });

  it('raised Thu 2026-12-24, skips Christmas Day (Fri 25) and the Boxing Day substitute (Mon 28): due Wed 2026-12-30 (seed 002)', () => {
    const [opened] = ofType(raised(G, {}, '2026-12-24T10:00:00Z').events, 'StageOpened');
    expect(opened).toMatchObject({
      openedOn: '2026-12-24',
      dueOn: '2026-12-30',
      dueAt: '2026-12-30T17:30:00.000+00:00',
    });
  });

  it('in summer time the stage is due at close of business London time, 17:30+01:00 (seed 002; SEEDS.md "Working days")', () => {
    const [opened] = ofType(raised(G, {}, '2026-06-15T08:00:00Z').events, 'StageOpened');
    expect(opened).toMatchObject({
      openedOn: '2026-06-15',
      dueOn: '2026-06-17',
      dueAt: '2026-06-17T17:30:00.000+01:00',
    });
  });

  it('counts day 0 as the London date: 23:30 UTC on Sunday 2026-06-14 is Monday in London, so due Wed 2026-06-17', () => {
    const [opened] = ofType(raised(G, {}, '2026-06-14T23:30:00Z').events, 'StageOpened');
    expect(opened).toMatchObject({ openedOn: '2026-06-15', dueOn: '2026-06-17' });
  });

  it('only a person holding the cp-chair post may raise a practice dispute (seed 002: "the Child Protection Conference Chair")', () => {
    const empty: Run = { state: initialState(), events: [] };
    for (const who of [person('sw-2', ['social-worker']), person('chair-2'), stranger]) {
      const refusal = refusalOf(G, empty, step(raiseCommand(), who, RAISED_AT));
      expect(refusal.code).toBe('not-allowed');
      expect(refusal.message).toContain('Child Protection Conference Chair');
    }
    expect(refusalOf(G, empty, step(raiseCommand(), SYSTEM, RAISED_AT)).code).toBe('not-allowed');
    const other = run(G, [step(raiseCommand(), person('chair-2', ['cp-chair']), RAISED_AT)]);
    expect(other.state.raiserId).toBe('chair-2');
  });

  it('a concern about a chair may be raised by any professional: the protocol requires no post (seeds 000, 002)', () => {
    const p = protocolById('concern-about-chair');
    // Seed 002 takes the concern within 5 working days of the conference: Friday's, raised on Monday.
    const { state } = run(p, [
      step(raiseCommand({ conferenceDate: '2026-11-20' }), person('prof-1'), RAISED_AT),
    ]);
    expect(state).toMatchObject({ status: 'open', raiserId: 'prof-1' });
    expect(state.stage?.respondentIds).toEqual(['cp-service-manager']);
  });

  it.each([
    ['theme', { theme: 'no-such-theme' }],
    ['child.name', { child: { name: '  ', dateOfBirth: '2019-04-02', caseNumber: 'CN-1' } }],
    [
      'child.name',
      {
        child: { name: 'x'.repeat(textLimits.childName + 1), dateOfBirth: '2019-04-02', caseNumber: 'CN-1' },
      },
    ],
    ['child.dateOfBirth', { child: { name: 'A.B.', dateOfBirth: '02/04/2019', caseNumber: 'CN-1' } }],
    ['child.dateOfBirth', { child: { name: 'A.B.', dateOfBirth: '2019-02-29', caseNumber: 'CN-1' } }],
    ['child.dateOfBirth', { child: { name: 'A.B.', dateOfBirth: '2026-11-20', caseNumber: 'CN-1' } }],
    ['child.caseNumber', { child: { name: 'A.B.', dateOfBirth: '2019-04-02', caseNumber: '' } }],
    [
      'child.caseNumber',
      {
        child: { name: 'A.B.', dateOfBirth: '2019-04-02', caseNumber: '9'.repeat(textLimits.caseNumber + 1) },
      },
    ],
    ['conferenceDate', { conferenceDate: '2026-02-30' }],
    ['conferenceDate', { conferenceDate: '2026-11-19T10:00' }],
    ['concern', { concern: '   ' }],
    ['concern', { concern: 'x'.repeat(textLimits.concern + 1) }],
    ['actionsRequired', { actionsRequired: '' }],
    ['actionsRequired', { actionsRequired: 'x'.repeat(textLimits.actionsRequired + 1) }],
    ['socialWorkerId', { socialWorkerId: '' }],
    ['socialWorkerId', { socialWorkerId: CHAIR_ID }],
    ['startStageId', { startStageId: 'stage-9', reason: 'Serious harm' }],
    ['reason', { startStageId: 'stage-3', reason: 'x'.repeat(textLimits.reason + 1) }],
    ['chairSetWorkingDays', { chairSetWorkingDays: 3 }],
  ] as const)('refuses a bad raise, naming the field %s', (field, overrides) => {
    const refusal = refusalOf(
      G,
      { state: initialState(), events: [] },
      step(raiseCommand(overrides), chair, RAISED_AT),
    );
    expect(refusal).toMatchObject({ code: 'invalid', field });
  });

  it('accepts a concern exactly at the text limit', () => {
    const { state } = raised(G, { concern: 'x'.repeat(textLimits.concern) });
    expect(state.concern).toHaveLength(textLimits.concern);
  });

  it.each([11, 0, 2.5])(
    'refuses a Calderdale informal time of %s working days: the chair sets it, "will not exceed 10 working days" (seed 003, 6.13)',
    (days) => {
      const refusal = refusalOf(
        C,
        { state: initialState(), events: [] },
        step(raiseCommand({ chairSetWorkingDays: days }), chair, RAISED_AT),
      );
      expect(refusal).toMatchObject({ code: 'invalid', field: 'chairSetWorkingDays' });
      expect(refusal.message).toContain('10 working days');
    },
  );

  it('a Calderdale chair-set time counts from the day raised, and defaults to the 10-day maximum (seed 003)', () => {
    expect(ofType(raised(C, { chairSetWorkingDays: 3 }).events, 'StageOpened')[0]).toMatchObject({
      workingDays: 3,
      dueOn: '2026-11-26',
    });
    expect(ofType(raised(C, { chairSetWorkingDays: 10 }).events, 'StageOpened')[0]).toMatchObject({
      workingDays: 10,
      dueOn: '2026-12-07',
    });
    expect(ofType(raised(C).events, 'StageOpened')[0]).toMatchObject({
      workingDays: 10,
      dueOn: '2026-12-07',
    });
    expect(ofType(raised(C, { chairSetWorkingDays: 4 }).events, 'Raised')[0]?.chairSetWorkingDays).toBe(4);
  });

  it('a dispute is raised once; anything else before it is raised is not found', () => {
    expect(refusalOf(G, raised(G), step(raiseCommand(), chair, RAISED_AT)).code).toBe('no-longer-applies');
    expect(
      refusalOf(G, { state: initialState(), events: [] }, step(respond(), holder('socialWorker'), RAISED_AT))
        .code,
    ).toBe('not-found');
  });

  it('a dispute is decided under its own protocol only', () => {
    const refusal = refusalOf(C, raised(G), step(respond(), holder('socialWorker'), RAISED_AT));
    expect(refusal.code).toBe('invalid');
  });
});

describe('who responds and who is copied at each stage (seed 004)', () => {
  /** Every Gloucestershire stage in turn, the chair escalating on each due date of the preview. */
  function glosLadder(roster: Roster = councilRoster()): Run {
    const on = ['2026-11-25', '2026-12-01', '2026-12-07', '2026-12-11', '2026-12-17', '2026-12-23'];
    return run(
      G,
      on.map((d) => step(escalate(null, roster), chair, `${d}T10:00:00Z`)),
      raised(G, { roster }),
    );
  }

  // Reworked: the preview now shows the road if nobody acts (with the chair's decision windows), so
  // the chair's own ladder is checked against dates worked by hand: each stage opens the day the
  // chair escalates and is due 4 working days later (24 Dec, then 29-31 Dec past Christmas Day and
  // the Boxing Day substitute on Mon 28 Dec).
  it('opens each stage with its respondents, copies and meeting, on the days the chair escalates', () => {
    const opened = ofType(glosLadder().events, 'StageOpened');
    expect(opened.map((o) => [o.stageId, o.openedOn, o.dueOn])).toEqual([
      ['informal', '2026-11-23', '2026-11-25'],
      ['stage-1', '2026-11-25', '2026-12-01'],
      ['stage-2', '2026-12-01', '2026-12-07'],
      ['stage-3', '2026-12-07', '2026-12-11'],
      ['stage-4', '2026-12-11', '2026-12-17'],
      ['stage-5', '2026-12-17', '2026-12-23'],
      ['stage-6', '2026-12-23', '2026-12-31'],
    ]);
    const byStage = Object.fromEntries(opened.map((o) => [o.stageId, o]));
    expect(byStage['stage-1']).toMatchObject({ respondentIds: ['tm-1'], copiedIds: ['sw-1'] });
    expect(sorted(byStage['stage-2']!.respondentIds)).toEqual(['sw-1', 'tm-1']);
    expect(byStage['stage-2']!.copiedIds).toEqual([]);
    expect(byStage['stage-2']!.meeting).toEqual({
      need: 'required',
      chairId: CHAIR_ID,
      attendeeIds: ['tm-1', 'sw-1'],
    });
    expect(sorted(byStage['stage-3']!.respondentIds)).toEqual(['hos-1', 'tm-1']);
    expect(sorted(byStage['stage-3']!.copiedIds)).toEqual(['chair-manager', 'hos-safeguarding', 'sw-1']);
    expect(byStage['stage-4']).toMatchObject({ respondentIds: ['ad-1'] });
    expect(sorted(byStage['stage-4']!.copiedIds)).toEqual([
      'chair-manager',
      'hos-1',
      'hos-safeguarding',
      'tm-1',
    ]);
    expect(byStage['stage-4']!.meeting).toEqual({
      need: 'optional',
      chairId: 'ad-1',
      attendeeIds: [CHAIR_ID, 'tm-1', 'hos-1'],
    });
    expect(sorted(byStage['stage-5']!.copiedIds)).toEqual([
      'ad-1',
      'chair-manager',
      'hos-1',
      'hos-safeguarding',
      'tm-1',
    ]);
    expect(byStage['stage-6']).toMatchObject({ respondentIds: ['ceo'] });
    expect(sorted(byStage['stage-6']!.copiedIds)).toEqual([
      'ad-1',
      'chair-manager',
      'dcs-1',
      'hos-1',
      'hos-safeguarding',
      'tm-1',
    ]);
  });

  it('the team manager is told of every formal stage, as respondent or copied ("copied into all communications within the Formal Dispute stages", seed 004)', () => {
    for (const o of ofType(glosLadder().events, 'StageOpened').filter((x) => x.stageId !== 'informal')) {
      expect([...o.respondentIds, ...o.copiedIds], o.stageId).toContain('tm-1');
    }
  });

  it('the Head of Service for Safeguarding is copied from stage 3 on, not before (seed 004)', () => {
    for (const o of ofType(glosLadder().events, 'StageOpened')) {
      const late = ['stage-3', 'stage-4', 'stage-5', 'stage-6'].includes(o.stageId);
      expect(o.copiedIds.includes('hos-safeguarding'), o.stageId).toBe(late);
    }
  });

  it('the raising chair is never copied or notified, even when they also hold a copied role', () => {
    const roster = councilRoster({ headOfServiceSafeguarding: [CHAIR_ID], chairManager: [CHAIR_ID] });
    for (const o of ofType(glosLadder(roster).events, 'StageOpened')) {
      expect(o.copiedIds, o.stageId).not.toContain(CHAIR_ID);
      expect(o.notifiedIds, o.stageId).not.toContain(CHAIR_ID);
    }
  });

  it('a respondent is not copied as well, and a person holding two copied roles is copied once', () => {
    const roster = councilRoster({ chairManager: ['hos-safeguarding'] });
    for (const o of ofType(glosLadder(roster).events, 'StageOpened')) {
      expect(
        o.copiedIds.filter((id) => o.respondentIds.includes(id)),
        o.stageId,
      ).toEqual([]);
      expect(new Set(o.copiedIds).size, o.stageId).toBe(o.copiedIds.length);
    }
  });
});

describe('going straight to a later stage', () => {
  it('Gloucestershire: the chair may start at stage 3 with a reason ("may bypass any stage", seed 002); the cap starts there', () => {
    const { events, state } = raised(G, {
      startStageId: 'stage-3',
      reason: 'Third similar concern this year.',
    });
    expect(ofType(events, 'Raised')[0]).toMatchObject({
      startStageId: 'stage-3',
      bypassReason: 'Third similar concern this year.',
    });
    expect(ofType(events, 'StageOpened')[0]).toMatchObject({
      stageId: 'stage-3',
      dueOn: '2026-11-27',
      capOn: '2026-12-21',
    });
    expect(state.capOn).toBe('2026-12-21');
  });

  it('Gloucestershire: starting beyond the first stage without a reason is refused (seed 002)', () => {
    const refusal = refusalOf(
      G,
      { state: initialState(), events: [] },
      step(raiseCommand({ startStageId: 'stage-3', reason: '  ' }), chair, RAISED_AT),
    );
    expect(refusal).toMatchObject({ code: 'invalid', field: 'reason' });
  });

  it('Gloucestershire: the chair may escalate from informal straight to stage 5 (seed 002)', () => {
    const { state } = run(G, [step(escalate('stage-5'), chair, '2026-11-24T10:00:00Z')], raised(G));
    expect(state.stage?.id).toBe('stage-5');
    expect(state.stagesVisited).toEqual(['informal', 'stage-5']);
  });

  it('Bradford: stages are followed in sequence unless the child is at immediate risk (seed 000)', () => {
    const empty: Run = { state: initialState(), events: [] };
    const refusal = refusalOf(
      B,
      empty,
      step(raiseCommand({ startStageId: 'stage-3', reason: 'Urgent' }), chair, RAISED_AT),
    );
    expect(refusal).toMatchObject({ code: 'invalid', field: 'startStageId' });
    expect(refusal.message).toContain('immediate risk');

    const atRisk = raised(B, {
      startStageId: 'stage-3',
      reason: 'Child at immediate risk',
      immediateRisk: true,
    });
    expect(atRisk.state.stage?.id).toBe('stage-3');
    expect(atRisk.state.stage?.meeting).toMatchObject({ need: 'required', chairId: 'sr-manager' });
  });

  it('Bradford: the chair escalates to the next stage, but may not skip one without immediate risk (seed 000)', () => {
    const b = raised(B);
    expect(refusalOf(B, b, step(escalate('stage-3'), chair, '2026-11-24T10:00:00Z'))).toMatchObject({
      code: 'invalid',
      field: 'toStageId',
    });
    expect(run(B, [step(escalate('stage-2'), chair, '2026-11-24T10:00:00Z')], b).state.stage?.id).toBe(
      'stage-2',
    );
    const risky = raised(B, { immediateRisk: true });
    expect(
      run(B, [step(escalate('deputy-director'), chair, '2026-11-24T10:00:00Z')], risky).state.stage?.id,
    ).toBe('deputy-director');
  });

  it('Calderdale: the chair can refer to the Board (stage 3) from informal "at any point" (seed 003, 6.11)', () => {
    const c = raised(C, { chairSetWorkingDays: 5 });
    const { state, events } = run(
      C,
      [step({ ...escalate('stage-3'), consulted: true }, chair, '2026-11-24T10:00:00Z')],
      c,
    );
    expect(state.stage?.id).toBe('stage-3');
    const opened = ofType(events, 'StageOpened').at(-1)!;
    expect(opened).toMatchObject({
      respondentIds: ['board-manager'],
      notifiedIds: ['independent-chair'],
      copiedIds: ['sqa-manager'],
    });
    expect(
      raised(C, { startStageId: 'stage-3', reason: 'Agencies cannot agree', consulted: true }).state.stage
        ?.id,
    ).toBe('stage-3');
  });

  it('Calderdale: skipping to stage 2 is not allowed without immediate risk (seed 003)', () => {
    expect(refusalOf(C, raised(C), step(escalate('stage-2'), chair, '2026-11-24T10:00:00Z'))).toMatchObject({
      code: 'invalid',
      field: 'toStageId',
    });
  });
});

describe('recurrence: "not classed as informal, if similar concerns were previously raised but remained unresolved" (seed 004)', () => {
  const earlier = (status: EarlierDispute['status'], theme = 'plan-management'): EarlierDispute[] => [
    { disputeId: 'dispute-0', theme, status },
  ];

  it.each(['open'] as const)(
    'an earlier %s dispute with the same theme starts the new one at formal stage 1',
    (status) => {
      const { events, state } = raised(G, { earlierDisputes: earlier(status) });
      expect(ofType(events, 'Raised')[0]).toMatchObject({
        startStageId: 'stage-1',
        recurrenceOf: ['dispute-0'],
        bypassReason: null,
      });
      expect(ofType(events, 'StageOpened')[0]).toMatchObject({
        stageId: 'stage-1',
        dueOn: '2026-11-27',
        respondentIds: ['tm-1'],
      });
      expect(state.recurrenceOf).toEqual(['dispute-0']);
      expect(state.capOn).not.toBeNull();
    },
  );

  // Issue 12 item 8: a withdrawn dispute was not left unresolved, it was taken back; it does not count.
  it.each(['resolved', 'withdrawn'] as const)(
    'an earlier %s dispute with the same theme does not',
    (status) => {
      const { events } = raised(G, { earlierDisputes: earlier(status) });
      expect(ofType(events, 'Raised')[0]).toMatchObject({ startStageId: 'informal', recurrenceOf: [] });
    },
  );

  it('an earlier unresolved dispute with a different theme does not', () => {
    const { events } = raised(G, { earlierDisputes: earlier('open', 'general-issues') });
    expect(ofType(events, 'Raised')[0]).toMatchObject({ startStageId: 'informal', recurrenceOf: [] });
  });

  it('records every earlier open dispute of the same theme, not resolved or withdrawn ones', () => {
    const { state } = raised(G, {
      earlierDisputes: [
        { disputeId: 'd-a', theme: 'plan-management', status: 'open' },
        { disputeId: 'd-b', theme: 'plan-management', status: 'resolved' },
        { disputeId: 'd-c', theme: 'plan-management', status: 'withdrawn' },
      ],
    });
    expect(state.recurrenceOf).toEqual(['d-a']);
  });

  it('Calderdale has no recurrence rule (seed 003), so an unresolved earlier dispute changes nothing', () => {
    expect(raised(C, { earlierDisputes: earlier('open') }).state.stage?.id).toBe('informal');
  });
});

describe('responding', () => {
  it('only a current respondent may respond: not the chair, not the copied social worker, not a stranger (seed 002 stage 1)', () => {
    const s1 = glosAtStage1();
    const at = '2026-11-26T10:00:00Z';
    for (const who of [chair, stranger, holder('headOfService')])
      expect(refusalOf(G, s1, step(respond(), who, at)).code).toBe('not-allowed');
    // The social worker answered the informal stage, which has closed: a late answer, refused as such
    // (issue 12, bad input: "a closed stage's late response").
    expect(refusalOf(G, s1, step(respond(), holder('socialWorker'), at))).toMatchObject({
      code: 'no-longer-applies',
      field: 'stageId',
    });
    const [r] = eventsOf(G, s1, step(respond(), holder('teamManager'), at));
    expect(r).toMatchObject({
      type: 'Responded',
      actorId: 'tm-1',
      stageId: 'stage-1',
      outcome: 'actions-agreed',
    });
  });

  it('the team manager may answer the informal alert, as may the social worker (seed 002: "the Social Worker / Team Manager has two working days to respond to the alert")', () => {
    const g = raised(G);
    expect(eventsOf(G, g, step(respond(), holder('teamManager'), '2026-11-24T10:00:00Z'))).toHaveLength(1);
    expect(eventsOf(G, g, step(respond(), holder('socialWorker'), '2026-11-24T10:00:00Z'))).toHaveLength(1);
    expect(refusalOf(G, g, step(respond(), holder('headOfService'), '2026-11-24T10:00:00Z')).code).toBe(
      'not-allowed',
    );
  });

  it('a respondent of an earlier stage is no longer one: stage 3 Head of Service is only copied at stage 4 (seed 004)', () => {
    const g = run(
      G,
      [
        step(escalate('stage-3'), chair, '2026-11-24T10:00:00Z'),
        step(escalate(), chair, '2026-11-25T10:00:00Z'),
      ],
      raised(G),
    );
    expect(g.state.stage?.id).toBe('stage-4');
    // Refused as a late answer to a closed stage (issue 12), not as a stranger's.
    expect(refusalOf(G, g, step(respond(), holder('headOfService'), '2026-11-26T10:00:00Z')).code).toBe(
      'no-longer-applies',
    );
  });

  it('needs-more-time asks for a future working day; a bank holiday is refused with its name', () => {
    const s1 = glosAtStage1();
    const at = '2026-11-26T10:00:00Z';
    const tm = holder('teamManager');
    const christmas = refusalOf(G, s1, step(respond('needs-more-time', '2026-12-25'), tm, at));
    expect(christmas).toMatchObject({ code: 'invalid', field: 'moreTimeUntil' });
    expect(christmas.message).toContain('Christmas Day');
    expect(refusalOf(G, s1, step(respond('needs-more-time', '2026-12-28'), tm, at)).message).toContain(
      'Boxing Day',
    );
    expect(refusalOf(G, s1, step(respond('needs-more-time', '2026-11-28'), tm, at)).message).toContain(
      'weekend',
    );
    expect(refusalOf(G, s1, step(respond('needs-more-time', '2026-11-26'), tm, at)).message).toContain(
      'after today',
    );
    expect(refusalOf(G, s1, step(respond('needs-more-time', '26/11/2026'), tm, at))).toMatchObject({
      field: 'moreTimeUntil',
    });
    expect(refusalOf(G, s1, step(respond('needs-more-time', null), tm, at))).toMatchObject({
      field: 'moreTimeUntil',
    });
    const [r] = eventsOf(G, s1, step(respond('needs-more-time', '2026-12-04'), tm, at));
    expect(r).toMatchObject({ type: 'Responded', outcome: 'needs-more-time', moreTimeUntil: '2026-12-04' });
  });

  it('moreTimeUntil is ignored unless more time is asked for', () => {
    const [r] = eventsOf(
      G,
      glosAtStage1(),
      step(respond('disagree', '2026-12-25'), holder('teamManager'), '2026-11-26T10:00:00Z'),
    );
    expect(r).toMatchObject({ outcome: 'disagree', moreTimeUntil: null });
  });

  it('refuses an empty or over-long response, and over-long actions', () => {
    const s1 = glosAtStage1();
    const tm = holder('teamManager');
    const at = '2026-11-26T10:00:00Z';
    expect(refusalOf(G, s1, step(respond('actions-agreed', null, '  '), tm, at))).toMatchObject({
      code: 'invalid',
      field: 'text',
    });
    expect(
      refusalOf(
        G,
        s1,
        step(respond('actions-agreed', null, 'x'.repeat(textLimits.responseText + 1)), tm, at),
      ),
    ).toMatchObject({
      code: 'invalid',
      field: 'text',
    });
    const longActions: RespondCommand = {
      ...respond(),
      actionsProposed: 'y'.repeat(textLimits.responseText + 1),
    };
    expect(refusalOf(G, s1, step(longActions, tm, at))).toMatchObject({
      code: 'invalid',
      field: 'actionsProposed',
    });
    expect(
      eventsOf(G, s1, step(respond('actions-agreed', null, 'x'.repeat(textLimits.responseText)), tm, at)),
    ).toHaveLength(1);
  });

  it('only a respondent acknowledges, once', () => {
    const g = raised(G);
    const sw = holder('socialWorker');
    const acked = run(G, [step({ type: 'acknowledge' }, sw, '2026-11-23T11:00:00Z')], g);
    expect(acked.state.stage?.acknowledgedBy).toEqual(['sw-1']);
    expect(refusalOf(G, acked, step({ type: 'acknowledge' }, sw, '2026-11-23T12:00:00Z')).code).toBe(
      'no-longer-applies',
    );
    expect(refusalOf(G, g, step({ type: 'acknowledge' }, chair, '2026-11-23T12:00:00Z')).code).toBe(
      'not-allowed',
    );
  });
});

describe('giving more time', () => {
  it('the chair gives more time to a working day after the current due date, with a reason', () => {
    const [e] = eventsOf(G, raised(G), step(extend('2026-11-27'), chair, '2026-11-24T10:00:00Z'));
    expect(e).toMatchObject({
      type: 'Extended',
      previousDueOn: '2026-11-25',
      dueOn: '2026-11-27',
      dueAt: '2026-11-27T17:30:00.000+00:00',
      reason: 'The team manager is on leave until Monday.',
    });
  });

  it('only the chair, with a reason, to a working day after today and after the current due date', () => {
    const g = raised(G);
    const at = '2026-11-24T10:00:00Z';
    expect(refusalOf(G, g, step(extend('2026-11-27'), holder('socialWorker'), at)).code).toBe('not-allowed');
    expect(refusalOf(G, g, step(extend('2026-11-27'), holder('teamManager'), at)).code).toBe('not-allowed');
    expect(refusalOf(G, g, step(extend('2026-11-27', ' '), chair, at))).toMatchObject({
      code: 'invalid',
      field: 'reason',
    });
    expect(refusalOf(G, g, step(extend('2026-11-28'), chair, at))).toMatchObject({
      code: 'invalid',
      field: 'dueOn',
    });
    expect(refusalOf(G, g, step(extend('2026-11-24'), chair, at))).toMatchObject({
      code: 'invalid',
      field: 'dueOn',
    });
    expect(refusalOf(G, g, step(extend('2026-11-25'), chair, at))).toMatchObject({
      code: 'invalid',
      field: 'dueOn',
    });
    expect(refusalOf(G, g, step(extend('2026-12-25'), chair, at)).message).toContain('Christmas Day');
  });

  it('more time after a missed deadline clears the chair decision and starts a new deadline (seed 004 stage 1)', () => {
    const waiting = glosStage1Missed();
    expect(waiting.state.stage?.awaitingChairDecision).not.toBeNull();
    const after = run(G, [step(extend('2026-12-07'), chair, '2026-12-02T10:00:00Z')], waiting);
    expect(after.state.stage).toMatchObject({ awaitingChairDecision: null, dueOn: '2026-12-07' });
    expect(refusalOf(G, after, step(overdue('stage-1'), SYSTEM, justAfter(G, '2026-12-03'))).code).toBe(
      'no-longer-applies',
    );
    expect(
      refusalOf(G, after, step(remind('stage-1', 'chair-decision'), SYSTEM, '2026-12-03T09:00:00Z')).code,
    ).toBe('no-longer-applies');
    // The new deadline can itself be missed.
    const again = run(G, [step(missed('stage-1'), SYSTEM, justAfter(G, '2026-12-07'))], after);
    expect(ofType(again.events, 'DeadlineMissed').map((m) => m.dueOn)).toEqual(['2026-12-01', '2026-12-07']);
  });
});

describe('escalating', () => {
  it('the chair escalates to the next stage with a reason; the event records cause "chair"', () => {
    const events = eventsOf(G, raised(G), step(escalate(), chair, '2026-11-25T10:00:00Z'));
    expect(events.map((e) => e.type)).toEqual(['Escalated', 'StageOpened']);
    expect(events[0]).toMatchObject({
      fromStageId: 'informal',
      toStageId: 'stage-1',
      cause: 'chair',
      actorId: CHAIR_ID,
    });
  });

  it('only the chair escalates', () => {
    const s1 = glosAtStage1();
    for (const who of [holder('teamManager'), holder('socialWorker'), holder('chairManager'), stranger])
      expect(refusalOf(G, s1, step(escalate(), who, '2026-11-26T10:00:00Z')).code).toBe('not-allowed');
  });

  it('a dispute only moves forward', () => {
    const s2 = run(G, [step(escalate(), chair, '2026-11-26T10:00:00Z')], glosAtStage1());
    for (const back of ['stage-2', 'stage-1', 'informal'])
      expect(refusalOf(G, s2, step(escalate(back), chair, '2026-11-27T10:00:00Z')), back).toMatchObject({
        code: 'invalid',
        field: 'toStageId',
      });
    expect(refusalOf(G, s2, step(escalate('stage-99'), chair, '2026-11-27T10:00:00Z'))).toMatchObject({
      field: 'toStageId',
    });
  });

  it('needs a reason', () => {
    expect(
      refusalOf(G, raised(G), step(escalate(null, councilRoster(), ''), chair, '2026-11-24T10:00:00Z')),
    ).toMatchObject({
      code: 'invalid',
      field: 'reason',
    });
  });

  it('there is no stage after the last (seed 002 stage 6)', () => {
    const s6 = raised(G, { startStageId: 'stage-6', reason: 'Directors could not agree' });
    expect(refusalOf(G, s6, step(escalate(), chair, '2026-11-24T10:00:00Z'))).toMatchObject({
      code: 'invalid',
      field: 'toStageId',
    });
  });

  it('a stage whose respondent nobody holds cannot open: role-unfilled, naming the role (seed 002 stage 3)', () => {
    const roster = councilRoster({ headOfService: [] });
    const refusal = refusalOf(
      G,
      glosAtStage1(),
      step(escalate('stage-3', roster), chair, '2026-11-26T10:00:00Z'),
    );
    expect(refusal.code).toBe('role-unfilled');
    expect(refusal.message).toContain('Head of Service');
  });

  it('a required meeting nobody can chair cannot open: role-unfilled, naming the role (seed 000 stage 2, chaired by the CPC Team Manager)', () => {
    const refusal = refusalOf(
      B,
      raised(B),
      step(escalate(null, rosterFor(B, { chairManager: [] })), chair, '2026-11-24T10:00:00Z'),
    );
    expect(refusal.code).toBe('role-unfilled');
    expect(refusal.message).toContain('CPC Team Manager');
  });
});

describe('missed deadlines', () => {
  it('only the deadline engine records a missed deadline, and the engine cannot act for a person', () => {
    const s1 = glosAtStage1();
    expect(refusalOf(G, s1, step(missed('stage-1'), chair, justAfter(G, '2026-12-01'))).code).toBe(
      'not-allowed',
    );
    expect(refusalOf(G, s1, step(respond(), SYSTEM, '2026-11-26T10:00:00Z')).code).toBe('not-allowed');
    expect(refusalOf(G, s1, step(escalate(), SYSTEM, '2026-11-26T10:00:00Z')).code).toBe('not-allowed');
  });

  // Reworked for close of business (SEEDS.md "Working days"): the stage falls due at 17:30 London on
  // Tue 2026-12-01 (GMT, so 17:30Z), not at midnight. A second before is in time; 17:30 itself is due.
  it('is refused before close of business on the due day, London time, and recorded from 17:30', () => {
    const s1 = glosAtStage1();
    expect(refusalOf(G, s1, step(missed('stage-1'), SYSTEM, '2026-12-01T17:29:59.999Z')).code).toBe(
      'no-longer-applies',
    );
    expect(eventsOf(G, s1, step(missed('stage-1'), SYSTEM, '2026-12-01T17:30:00.000Z'))[0]?.type).toBe(
      'DeadlineMissed',
    );
    expect(refusalOf(G, s1, step(missed('stage-1'), SYSTEM, '2026-12-01T16:00:00Z')).code).toBe(
      'no-longer-applies',
    );
    expect(refusalOf(G, s1, step(missed('informal'), SYSTEM, justAfter(G, '2026-12-01'))).code).toBe(
      'no-longer-applies',
    );
  });

  it('Calderdale stage 1 moves to stage 2 by itself: "will progress to stage 2" (seed 003, 6.16)', () => {
    const c1 = run(
      C,
      [step(escalate(), chair, '2026-11-25T10:00:00Z')],
      raised(C, { chairSetWorkingDays: 2 }),
    );
    expect(c1.state.stage).toMatchObject({ id: 'stage-1', dueOn: '2026-12-02' });
    const events = eventsOf(C, c1, step(missed('stage-1'), SYSTEM, justAfter(C, '2026-12-02')));
    expect(events.map((e) => e.type)).toEqual(['DeadlineMissed', 'Escalated', 'StageOpened']);
    expect(events[0]).toMatchObject({
      stageId: 'stage-1',
      dueOn: '2026-12-02',
      action: 'escalate',
      autoEscalateOn: null,
      actorId: 'system',
    });
    expect(events[1]).toMatchObject({ fromStageId: 'stage-1', toStageId: 'stage-2', cause: 'deadline' });
    // Stage 2 is sent at close of business on Wed 2026-12-02, when stage 1 fell due, so that is its
    // day 0 and nothing is back-dated (SEEDS.md "Nothing is back-dated"); 3 x 5 days keep to the cap.
    expect(events[2]).toMatchObject({
      stageId: 'stage-2',
      openedOn: '2026-12-02',
      dueOn: '2026-12-09',
      respondentIds: ['senior-1'],
      capOn: null,
    });
  });

  it("Calderdale: if nobody holds the next stage's role, the missed deadline is still recorded and the chair asked", () => {
    const c1 = run(
      C,
      [step(escalate(), chair, '2026-11-25T10:00:00Z')],
      raised(C, { chairSetWorkingDays: 2 }),
    );
    const events = eventsOf(
      C,
      c1,
      step(missed('stage-1', councilRoster({ seniorManager: [] })), SYSTEM, justAfter(C, '2026-12-02')),
    );
    // Issue 12 item 4 (nothing silent): the refused automatic step is recorded and the chair told.
    expect(events.map((e) => e.type)).toEqual(['DeadlineMissed', 'AutomaticStepRefused']);
    expect(events[0]).toMatchObject({ action: 'ask-chair', autoEscalateOn: null });
    expect(events[1]).toMatchObject({ toStageId: 'stage-2', alertedIds: [CHAIR_ID] });
  });

  it('Gloucestershire stage 1 asks the chair, who consults their line manager; it escalates by itself 2 working days later (seed 004)', () => {
    const events = eventsOf(G, glosAtStage1(), step(missed('stage-1'), SYSTEM, justAfter(G, '2026-12-01')));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'DeadlineMissed',
      stageId: 'stage-1',
      dueOn: '2026-12-01',
      action: 'ask-chair',
      consultIds: ['chair-manager'],
      // Reworked for close of business: the deadline is missed at 17:30 on Tue 2026-12-01, so the
      // chair is asked that day; two working days later is Thu 2026-12-03 (was Fri 12-04 when the
      // sweep ran after midnight).
      autoEscalateOn: '2026-12-03',
    });
  });

  it('then, without a chair decision, chair-decision-overdue moves to stage 2 with cause "no-chair-decision"', () => {
    const waiting = glosStage1Missed();
    expect(refusalOf(G, waiting, step(overdue('stage-1'), SYSTEM, '2026-12-03T17:00:00Z')).code).toBe(
      'no-longer-applies',
    );
    expect(refusalOf(G, waiting, step(overdue('stage-1'), chair, justAfter(G, '2026-12-03'))).code).toBe(
      'not-allowed',
    );
    const events = eventsOf(G, waiting, step(overdue('stage-1'), SYSTEM, justAfter(G, '2026-12-03')));
    expect(events.map((e) => e.type)).toEqual(['Escalated', 'StageOpened']);
    expect(events[0]).toMatchObject({
      fromStageId: 'stage-1',
      toStageId: 'stage-2',
      cause: 'no-chair-decision',
      actorId: 'system',
    });
    expect(events[0]).toMatchObject({ reason: expect.stringContaining('2 working days') });
    // Reworked: stage 2 is sent at close of business on Thu 2026-12-03, when the chair's window ends,
    // so that is day 0 (SEEDS.md "Nothing is back-dated"); due the fourth working day after: Wed 12-09.
    expect(events[1]).toMatchObject({
      stageId: 'stage-2',
      openedOn: '2026-12-03',
      dueOn: '2026-12-09',
      at: '2026-12-03T17:30:01.000+00:00',
    });
  });

  it('a chair decision in time (escalating) leaves nothing for chair-decision-overdue', () => {
    const decided = run(G, [step(escalate(), chair, '2026-12-03T10:00:00Z')], glosStage1Missed());
    expect(refusalOf(G, decided, step(overdue('stage-1'), SYSTEM, justAfter(G, '2026-12-03'))).code).toBe(
      'no-longer-applies',
    );
  });

  it('a stage answered in time is not missed', () => {
    const answered = run(G, [step(respond(), holder('teamManager'), '2026-11-30T10:00:00Z')], glosAtStage1());
    expect(refusalOf(G, answered, step(missed('stage-1'), SYSTEM, justAfter(G, '2026-12-01'))).code).toBe(
      'no-longer-applies',
    );
  });

  it('asking for more time is not an answer: the deadline is still missed', () => {
    const asked = run(
      G,
      [step(respond('needs-more-time', '2026-12-04'), holder('teamManager'), '2026-11-30T10:00:00Z')],
      glosAtStage1(),
    );
    expect(eventsOf(G, asked, step(missed('stage-1'), SYSTEM, justAfter(G, '2026-12-01')))[0]?.type).toBe(
      'DeadlineMissed',
    );
  });

  it('the same missed deadline is recorded once', () => {
    expect(
      refusalOf(G, glosStage1Missed(), step(missed('stage-1'), SYSTEM, '2026-12-02T10:00:00Z')).code,
    ).toBe('no-longer-applies');
  });

  describe('Gloucestershire stage 2: "If meeting request is rejected or not held within timescale" (seed 004)', () => {
    /** Stage 2 opened Tue 2026-12-01, due Mon 2026-12-07. */
    const atStage2 = () => run(G, [step(escalate(), chair, '2026-12-01T10:00:00Z')], glosAtStage1());
    const bothAnswer = (r: Run) =>
      run(
        G,
        [
          step(respond(), holder('teamManager'), '2026-12-02T10:00:00Z'),
          step(respond(), holder('socialWorker'), '2026-12-02T11:00:00Z'),
        ],
        r,
      );

    it('responses without the meeting held still count as a missed deadline; the chair consults their manager and HoS Safeguarding', () => {
      const s2 = atStage2();
      expect(s2.state.stage?.dueOn).toBe('2026-12-07');
      const [m] = eventsOf(G, bothAnswer(s2), step(missed('stage-2'), SYSTEM, justAfter(G, '2026-12-07')));
      expect(m).toMatchObject({
        type: 'DeadlineMissed',
        action: 'ask-chair',
        consultIds: ['chair-manager', 'hos-safeguarding'],
      });
    });

    it('a meeting recorded as not held is a missed deadline too', () => {
      const notHeld = run(
        G,
        [
          step(
            {
              type: 'record-meeting-outcome',
              outcome: 'not-held',
              text: 'The team manager declined the meeting.',
            },
            chair,
            '2026-12-03T10:00:00Z',
          ),
        ],
        bothAnswer(atStage2()),
      );
      expect(eventsOf(G, notHeld, step(missed('stage-2'), SYSTEM, justAfter(G, '2026-12-07')))[0]?.type).toBe(
        'DeadlineMissed',
      );
    });

    it('a meeting held in time answers the stage', () => {
      const held = run(
        G,
        [
          step(
            {
              type: 'record-meeting-outcome',
              outcome: 'actions-agreed',
              text: 'Plan to be updated by Friday.',
            },
            chair,
            '2026-12-03T10:00:00Z',
          ),
        ],
        atStage2(),
      );
      expect(held.state.stage?.meetingOutcome).toBe('actions-agreed');
      expect(refusalOf(G, held, step(missed('stage-2'), SYSTEM, justAfter(G, '2026-12-07'))).code).toBe(
        'no-longer-applies',
      );
    });

    it('only the chair of the dispute or of the meeting records it, and only where the stage has a meeting', () => {
      const outcome: DisputeCommand = {
        type: 'record-meeting-outcome',
        outcome: 'resolved',
        text: 'Agreed.',
      };
      expect(
        refusalOf(G, atStage2(), step(outcome, holder('teamManager'), '2026-12-03T10:00:00Z')).code,
      ).toBe('not-allowed');
      expect(refusalOf(G, glosAtStage1(), step(outcome, chair, '2026-11-26T10:00:00Z')).code).toBe('invalid');
    });
  });
});

describe('the last stage never escalates by itself (seed 002 stage 6: "Chief Executive Officer to determine resolution")', () => {
  /** Started at stage 6 on Mon 2026-11-23: due Fri 2026-11-27. */
  const atStage6 = () => raised(G, { startStageId: 'stage-6', reason: 'The Director could not resolve it' });

  it('a missed deadline at stage 6 asks the chair, with no date to escalate by itself', () => {
    const s6 = atStage6();
    expect(s6.state.stage?.dueOn).toBe('2026-11-27');
    const [m] = eventsOf(G, s6, step(missed('stage-6'), SYSTEM, justAfter(G, '2026-11-27')));
    expect(m).toMatchObject({
      type: 'DeadlineMissed',
      action: 'ask-chair',
      autoEscalateOn: null,
      consultIds: ['chair-manager', 'hos-safeguarding'],
    });
    const after = run(G, [step(missed('stage-6'), SYSTEM, justAfter(G, '2026-11-27'))], s6);
    expect(refusalOf(G, after, step(overdue('stage-6'), SYSTEM, '2026-12-30T10:00:00Z')).code).toBe(
      'no-longer-applies',
    );
    expect(scheduledDeadlines(after.state, G, calendarFor(G)).map((d) => d.kind)).toEqual([
      'chair-decision-reminder',
      'cap',
    ]);
  });

  it('the Chief Executive may resolve at stage 6', () => {
    const [r] = eventsOf(
      G,
      atStage6(),
      step(
        { type: 'resolve', summary: 'The plan will be reviewed at a new conference.', keepMonitoring: true },
        holder('chiefExecutive'),
        '2026-11-26T10:00:00Z',
      ),
    );
    expect(r).toMatchObject({ type: 'Resolved', actorId: 'ceo', stageId: 'stage-6', keepMonitoring: true });
  });

  it('a respondent at an earlier stage may not resolve: only the chair (seed 002 stage 5)', () => {
    const s5 = raised(G, { startStageId: 'stage-5', reason: 'Serious and urgent' });
    const resolve: DisputeCommand = { type: 'resolve', summary: 'Sorted.', keepMonitoring: false };
    const refusal = refusalOf(G, s5, step(resolve, holder('director'), '2026-11-24T10:00:00Z'));
    expect(refusal.code).toBe('not-allowed');
    expect(eventsOf(G, s5, step(resolve, chair, '2026-11-24T10:00:00Z'))[0]?.type).toBe('Resolved');
  });
});

describe('the overall cap (seed 002: 20 working days; seed 003: "will not exceed 15 working days")', () => {
  it('Gloucestershire: the cap starts when stage 1 opens (Wed 2026-11-25) and falls on Wed 2026-12-23', () => {
    const s1 = glosAtStage1();
    expect(ofType(s1.events, 'StageOpened').map((o) => o.capOn)).toEqual([null, '2026-12-23']);
    expect(s1.state.capOn).toBe('2026-12-23');
    const s2 = run(G, [step(escalate(), chair, '2026-11-26T10:00:00Z')], s1);
    expect(ofType(s2.events, 'StageOpened').at(-1)?.capOn).toBeNull();
    expect(s2.state.capOn).toBe('2026-12-23');
  });

  it('Calderdale: the cap starts when stage 1 opens (Wed 2026-11-25) and falls on Wed 2026-12-16', () => {
    const c1 = run(
      C,
      [step(escalate(), chair, '2026-11-25T10:00:00Z')],
      raised(C, { chairSetWorkingDays: 2 }),
    );
    expect(c1.state.capOn).toBe('2026-12-16');
  });

  it('cap-reached is refused before the end of the cap day; then alerts the chair and their manager, once', () => {
    // The team manager answers, so the dispute stays open at stage 1 until the cap.
    const s1 = run(G, [step(respond(), holder('teamManager'), '2026-11-30T10:00:00Z')], glosAtStage1());
    expect(refusalOf(G, s1, step(capReached(), SYSTEM, '2026-12-23T16:00:00Z')).code).toBe(
      'no-longer-applies',
    );
    expect(refusalOf(G, s1, step(capReached(), chair, justAfter(G, '2026-12-23'))).code).toBe('not-allowed');
    const reached = run(G, [step(capReached(), SYSTEM, justAfter(G, '2026-12-23'))], s1);
    const [c] = ofType(reached.events, 'CapReached');
    expect(c).toMatchObject({ capOn: '2026-12-23' });
    expect(sorted(c!.alertedIds)).toEqual(['chair-1', 'chair-manager']);
    expect(reached.state.capReachedAt).not.toBeNull();
    expect(refusalOf(G, reached, step(capReached(), SYSTEM, '2026-12-29T10:00:00Z')).code).toBe(
      'no-longer-applies',
    );
    expect(scheduledDeadlines(reached.state, G, calendarFor(G)).some((d) => d.kind === 'cap')).toBe(false);
  });

  it('there is no cap before the first formal stage, nor in Bradford (seed 000 gives none)', () => {
    expect(refusalOf(G, raised(G), step(capReached(), SYSTEM, '2027-03-01T10:00:00Z')).code).toBe(
      'no-longer-applies',
    );
    expect(raised(B).state.capOn).toBeNull();
    expect(refusalOf(B, raised(B), step(capReached(), SYSTEM, '2027-03-01T10:00:00Z')).code).toBe(
      'no-longer-applies',
    );
  });
});

describe('reminders', () => {
  it('before-due and due-today reminders go to respondents, once per day, on the right days', () => {
    const g = raised(G); // due Wed 2026-11-25
    expect(refusalOf(G, g, step(remind('informal', 'before-due'), chair, '2026-11-24T09:00:00Z')).code).toBe(
      'not-allowed',
    );
    const before = run(G, [step(remind('informal', 'before-due'), SYSTEM, '2026-11-24T09:00:00Z')], g);
    expect(ofType(before.events, 'ReminderDue').at(-1)).toMatchObject({
      kind: 'before-due',
      forDate: '2026-11-24',
      recipientIds: ['sw-1', 'tm-1'],
    });
    expect(
      refusalOf(G, before, step(remind('informal', 'before-due'), SYSTEM, '2026-11-24T15:00:00Z')).code,
    ).toBe('no-longer-applies');
    expect(
      refusalOf(G, before, step(remind('informal', 'due-today'), SYSTEM, '2026-11-24T15:00:00Z')).code,
    ).toBe('no-longer-applies');
    expect(
      refusalOf(G, before, step(remind('informal', 'before-due'), SYSTEM, '2026-11-25T09:00:00Z')).code,
    ).toBe('no-longer-applies');
    const today = run(G, [step(remind('informal', 'due-today'), SYSTEM, '2026-11-25T09:00:00Z')], before);
    expect(ofType(today.events, 'ReminderDue').at(-1)).toMatchObject({
      kind: 'due-today',
      forDate: '2026-11-25',
    });
    expect(
      refusalOf(G, today, step(remind('informal', 'due-today'), SYSTEM, '2026-11-25T12:00:00Z')).code,
    ).toBe('no-longer-applies');
    expect(
      refusalOf(G, today, step(remind('stage-1', 'due-today'), SYSTEM, '2026-11-25T12:00:00Z')).code,
    ).toBe('no-longer-applies');
  });

  it('no reminder once the stage is answered', () => {
    const answered = run(G, [step(respond(), holder('socialWorker'), '2026-11-23T15:00:00Z')], raised(G));
    expect(
      refusalOf(G, answered, step(remind('informal', 'before-due'), SYSTEM, '2026-11-24T09:00:00Z')).code,
    ).toBe('no-longer-applies');
    expect(
      refusalOf(G, answered, step(remind('informal', 'due-today'), SYSTEM, '2026-11-25T09:00:00Z')).code,
    ).toBe('no-longer-applies');
  });

  it('at a stage with two respondents, only the one who has not answered is reminded (seed 004 stage 2)', () => {
    const s2 = run(
      G,
      [
        step(escalate(), chair, '2026-12-01T10:00:00Z'),
        step(respond(), holder('teamManager'), '2026-12-02T10:00:00Z'),
      ],
      glosAtStage1(),
    );
    const [r] = eventsOf(G, s2, step(remind('stage-2', 'before-due'), SYSTEM, '2026-12-04T09:00:00Z'));
    expect(r).toMatchObject({ type: 'ReminderDue', recipientIds: ['sw-1'] });
  });

  it('the chair-decision reminder goes to the chair only while a decision is awaited, once per day', () => {
    expect(
      refusalOf(G, glosAtStage1(), step(remind('stage-1', 'chair-decision'), SYSTEM, '2026-11-27T09:00:00Z'))
        .code,
    ).toBe('no-longer-applies');
    const waiting = glosStage1Missed();
    const reminded = run(
      G,
      [step(remind('stage-1', 'chair-decision'), SYSTEM, '2026-12-03T09:00:00Z')],
      waiting,
    );
    expect(ofType(reminded.events, 'ReminderDue').at(-1)).toMatchObject({
      kind: 'chair-decision',
      recipientIds: [CHAIR_ID],
      forDate: '2026-12-03',
    });
    expect(
      refusalOf(G, reminded, step(remind('stage-1', 'chair-decision'), SYSTEM, '2026-12-03T14:00:00Z')).code,
    ).toBe('no-longer-applies');
    expect(
      eventsOf(G, reminded, step(remind('stage-1', 'chair-decision'), SYSTEM, '2026-12-04T09:00:00Z')),
    ).toHaveLength(1);
    // A missed deadline ends the respondents' reminders.
    expect(
      refusalOf(G, waiting, step(remind('stage-1', 'before-due'), SYSTEM, '2026-12-03T09:00:00Z')).code,
    ).toBe('no-longer-applies');
  });
});

describe('resolving and withdrawing', () => {
  const resolve: DisputeCommand = {
    type: 'resolve',
    summary: 'Core group held; plan updated.',
    keepMonitoring: false,
  };
  const note = (text = 'Core group minutes attached to the file.'): DisputeCommand => ({
    type: 'add-note',
    text,
  });

  it('the chair resolves; a respondent at a stage that does not decide cannot; a summary is required', () => {
    const s1 = glosAtStage1();
    expect(refusalOf(G, s1, step(resolve, holder('teamManager'), '2026-11-26T10:00:00Z')).code).toBe(
      'not-allowed',
    );
    expect(refusalOf(G, s1, step({ ...resolve, summary: ' ' }, chair, '2026-11-26T10:00:00Z'))).toMatchObject(
      { code: 'invalid', field: 'summary' },
    );
    const done = run(G, [step(resolve, chair, '2026-11-26T10:00:00Z')], s1);
    expect(done.state).toMatchObject({ status: 'resolved', closedAt: '2026-11-26T10:00:00Z' });
  });

  it('only the chair withdraws, with a reason', () => {
    const g = raised(G);
    expect(
      refusalOf(
        G,
        g,
        step({ type: 'withdraw', reason: 'Raised in error' }, holder('socialWorker'), '2026-11-24T10:00:00Z'),
      ).code,
    ).toBe('not-allowed');
    expect(
      refusalOf(G, g, step({ type: 'withdraw', reason: '' }, chair, '2026-11-24T10:00:00Z')),
    ).toMatchObject({ field: 'reason' });
    expect(
      run(G, [step({ type: 'withdraw', reason: 'Raised in error' }, chair, '2026-11-24T10:00:00Z')], g).state
        .status,
    ).toBe('withdrawn');
  });

  it.each([
    ['resolved', resolve],
    ['withdrawn', { type: 'withdraw', reason: 'Child moved out of area.' } as DisputeCommand],
  ] as const)('a %s dispute refuses everything but notes by the people involved', (status, closing) => {
    const closed = run(G, [step(closing, chair, '2026-11-26T10:00:00Z')], glosAtStage1());
    expect(closed.state.status).toBe(status);
    const at = '2026-11-27T10:00:00Z';
    const personCommands: [DisputeCommand, ReturnType<typeof holder>][] = [
      [respond(), holder('teamManager')],
      [{ type: 'acknowledge' }, holder('teamManager')],
      [escalate(), chair],
      [extend('2026-12-04'), chair],
      [resolve, chair],
      [{ type: 'withdraw', reason: 'again' }, chair],
      [{ type: 'record-meeting-outcome', outcome: 'resolved', text: 'x' }, chair],
    ];
    for (const [command, who] of personCommands) {
      const refusal = refusalOf(G, closed, step(command, who, at));
      expect(refusal.code, command.type).toBe('closed');
      expect(refusal.message).toContain(status);
    }
    for (const command of [
      missed('stage-1'),
      overdue('stage-1'),
      remind('stage-1', 'before-due'),
      capReached(),
    ])
      expect(refusalOf(G, closed, step(command, SYSTEM, '2027-01-04T10:00:00Z')).code, command.type).toBe(
        'no-longer-applies',
      );

    for (const who of [chair, holder('teamManager'), holder('socialWorker')]) {
      const [n] = eventsOf(G, closed, step(note(), who, at));
      expect(n).toMatchObject({ type: 'NoteAdded', stageId: 'stage-1' });
    }
    expect(refusalOf(G, closed, step(note(), stranger, at)).code).toBe('not-allowed');
    expect(refusalOf(G, closed, step(note(), SYSTEM, at)).code).toBe('not-allowed');
    expect(refusalOf(G, closed, step(note('  '), chair, at))).toMatchObject({
      code: 'invalid',
      field: 'text',
    });
    expect(refusalOf(G, closed, step(note('x'.repeat(textLimits.note + 1)), chair, at))).toMatchObject({
      code: 'invalid',
      field: 'text',
    });
    expect(scheduledDeadlines(closed.state, G, calendarFor(G))).toEqual([]);
  });

  it('a stranger cannot add a note to an open dispute either', () => {
    expect(refusalOf(G, raised(G), step(note(), stranger, '2026-11-24T10:00:00Z')).code).toBe('not-allowed');
  });
});

describe('scheduledDeadlines: when the sweeper must act', () => {
  const cal = calendarFor(G);

  // Reworked for SEEDS.md "Working days": stage and cap deadlines fire at close of business, 17:30
  // London, on their day; reminders still go at 09:00.
  it('reminds at 09:00 London the working day before, and on the due day, and fires the stage at close of business on the due day', () => {
    expect(scheduledDeadlines(raised(G).state, G, cal)).toEqual([
      {
        kind: 'reminder-before-due',
        stageId: 'informal',
        dueAt: '2026-11-24T09:00:00.000+00:00',
        key: 'informal:reminder-before-due:2026-11-24',
      },
      {
        kind: 'reminder-due-today',
        stageId: 'informal',
        dueAt: '2026-11-25T09:00:00.000+00:00',
        key: 'informal:reminder-due-today:2026-11-25',
      },
      {
        kind: 'stage-due',
        stageId: 'informal',
        dueAt: '2026-11-25T17:30:00.000+00:00',
        key: 'informal:stage-due:2026-11-25',
      },
    ]);
  });

  it('the working day before a Monday due date is the Friday; the cap is scheduled once stage 1 opens', () => {
    const s1 = glosAtStage1(); // due Tue 2026-12-01, cap Wed 2026-12-23
    expect(scheduledDeadlines(s1.state, G, cal).map((d) => [d.kind, d.dueAt])).toEqual([
      ['reminder-before-due', '2026-11-30T09:00:00.000+00:00'],
      ['reminder-due-today', '2026-12-01T09:00:00.000+00:00'],
      ['stage-due', '2026-12-01T17:30:00.000+00:00'],
      ['cap', '2026-12-23T17:30:00.000+00:00'],
    ]);
  });

  it('the reminder before a due date after Christmas falls on the last working day before it', () => {
    // Raised Thu 2026-12-24, due Wed 2026-12-30: the day before is Tue 2026-12-29.
    expect(scheduledDeadlines(raised(G, {}, '2026-12-24T10:00:00Z').state, G, cal)[0]?.dueAt).toBe(
      '2026-12-29T09:00:00.000+00:00',
    );
  });

  // Reworked for close of business: stage 1 is missed at 17:30 on Tue 2026-12-01, so the chair is
  // reminded on Wed 12-02 and Thu 12-03 at 09:00 and the dispute moves on at 17:30 on Thu 12-03.
  it('while a chair decision is awaited: a reminder each working day and the automatic escalation at close of business on its last day', () => {
    const waiting = glosStage1Missed();
    expect(scheduledDeadlines(waiting.state, G, cal)).toEqual([
      {
        kind: 'chair-decision-reminder',
        stageId: 'stage-1',
        dueAt: '2026-12-02T09:00:00.000+00:00',
        key: 'stage-1:chair-decision-reminder:2026-12-02',
      },
      {
        kind: 'chair-decision-due',
        stageId: 'stage-1',
        dueAt: '2026-12-03T17:30:00.000+00:00',
        key: 'stage-1:chair-decision-due:2026-12-03',
      },
      {
        kind: 'cap',
        stageId: 'stage-1',
        dueAt: '2026-12-23T17:30:00.000+00:00',
        key: 'cap:2026-12-23',
      },
    ]);
    const reminded = run(
      G,
      [step(remind('stage-1', 'chair-decision'), SYSTEM, '2026-12-02T09:00:00Z')],
      waiting,
    );
    expect(scheduledDeadlines(reminded.state, G, cal)[0]).toMatchObject({
      kind: 'chair-decision-reminder',
      dueAt: '2026-12-03T09:00:00.000+00:00',
    });
    const twice = run(
      G,
      [step(remind('stage-1', 'chair-decision'), SYSTEM, '2026-12-03T09:00:00Z')],
      reminded,
    );
    expect(scheduledDeadlines(twice.state, G, cal).map((d) => d.kind)).toEqual(['chair-decision-due', 'cap']);
  });

  it('keys are stable: the same deadline computed again, or after an unrelated event, has the same key', () => {
    const g = raised(G);
    const keys = scheduledDeadlines(g.state, G, cal).map((d) => d.key);
    expect(scheduledDeadlines(g.state, G, cal).map((d) => d.key)).toEqual(keys);
    const noted = run(
      G,
      [step({ type: 'add-note', text: 'Phoned the social worker.' }, chair, '2026-11-23T12:00:00Z')],
      g,
    );
    expect(scheduledDeadlines(noted.state, G, cal).map((d) => d.key)).toEqual(keys);
    const ackd = run(G, [step({ type: 'acknowledge' }, holder('socialWorker'), '2026-11-23T12:00:00Z')], g);
    expect(scheduledDeadlines(ackd.state, G, cal).map((d) => d.key)).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a new due date gives new keys for the stage deadlines', () => {
    const extended = run(G, [step(extend('2026-11-27'), chair, '2026-11-24T10:00:00Z')], raised(G));
    expect(scheduledDeadlines(extended.state, G, cal).map((d) => d.key)).toEqual([
      'informal:reminder-before-due:2026-11-26',
      'informal:reminder-due-today:2026-11-27',
      'informal:stage-due:2026-11-27',
    ]);
  });

  it('each scheduled deadline, fired when due, is a command decide accepts', () => {
    const g = raised(G);
    for (const d of scheduledDeadlines(g.state, G, cal)) {
      const firedAt = d.kind === 'stage-due' ? justAfter(G, '2026-11-25') : d.dueAt;
      const decision = attempt(G, g.state, step(commandForDeadline(d, councilRoster()), SYSTEM, firedAt));
      expect(decision.ok, d.kind).toBe(true);
    }
  });

  it('across the October clock change the London offset is right (BST before Sun 2026-10-25, GMT after)', () => {
    // Raised Mon 2026-10-19 09:00 BST: due Wed 2026-10-21, all in summer time.
    expect(
      scheduledDeadlines(raised(G, {}, '2026-10-19T08:00:00Z').state, G, cal).map((d) => d.dueAt),
    ).toEqual([
      '2026-10-20T09:00:00.000+01:00',
      '2026-10-21T09:00:00.000+01:00',
      '2026-10-21T17:30:00.000+01:00',
    ]);
    // Raised Fri 2026-10-23 10:00 BST: due Tue 2026-10-27, after the clocks go back.
    const friday = raised(G, {}, '2026-10-23T09:00:00Z');
    expect(friday.state.stage?.dueOn).toBe('2026-10-27');
    expect(scheduledDeadlines(friday.state, G, cal).map((d) => d.dueAt)).toEqual([
      '2026-10-26T09:00:00.000+00:00',
      '2026-10-27T09:00:00.000+00:00',
      '2026-10-27T17:30:00.000+00:00',
    ]);
  });

  it('across the March clock change, and deadlines compare as instants, not strings', () => {
    // Raised Fri 2026-03-27 (GMT): due Tue 2026-03-31, in summer time.
    const g = raised(G, {}, '2026-03-27T10:00:00Z');
    expect(scheduledDeadlines(g.state, G, cal).map((d) => d.dueAt)).toEqual([
      '2026-03-30T09:00:00.000+01:00',
      '2026-03-31T09:00:00.000+01:00',
      '2026-03-31T17:30:00.000+01:00',
    ]);
    // Reworked for close of business: 16:45 UTC on the due day is 17:45 BST, past 17:30 London,
    // though a string comparison with '2026-03-31T17:30' would say it is earlier.
    expect(eventsOf(G, g, step(missed('informal'), SYSTEM, '2026-03-31T16:45:00Z'))[0]?.type).toBe(
      'DeadlineMissed',
    );
    // 16:15 UTC is 17:15 BST on the due day: not yet.
    expect(refusalOf(G, g, step(missed('informal'), SYSTEM, '2026-03-31T16:15:00Z')).code).toBe(
      'no-longer-applies',
    );
  });
});

describe('the escalation preview (seed 002; seed 003; seed 000)', () => {
  // Reworked for SEEDS.md "Working days", "Nothing is back-dated" and "Missed deadline": the preview
  // is the road if nobody acts. Each stage falls due at 17:30 on its n-th working day; Gloucestershire
  // asks the chair, who has 2 working days (this product's default) before the dispute moves on by
  // itself at 17:30, and that is the next stage's day 0. Worked by hand from Mon 2026-11-23:
  //   informal  Mon 23 Nov +2 = Wed 25 Nov; window Thu 26, Fri 27
  //   stage 1   Fri 27 Nov +4 = Thu 3 Dec (30, 1, 2, 3); window Fri 4, Mon 7
  //   stage 2   Mon 7 Dec +4 = Fri 11 Dec; window Mon 14, Tue 15
  //   stage 3   Tue 15 Dec +4 = Mon 21 Dec; window Tue 22, Wed 23
  //   stage 4   Wed 23 Dec +4 = Thu 31 Dec (24, 29, 30, 31: Christmas Day and the Boxing Day
  //             substitute Mon 28 skipped); window Mon 4 Jan, Tue 5 Jan (New Year's Day skipped)
  //   stage 5   Tue 5 Jan +4 = Mon 11 Jan; window Tue 12, Wed 13
  //   stage 6   Wed 13 Jan +4 = Tue 19 Jan (last stage: no window)
  //   cap       from stage 1's day 0, Fri 27 Nov, +20 = Tue 29 Dec
  it("Gloucestershire from Mon 2026-11-23: if nobody acts, each stage is sent at 17:30 when the chair's window closes, across Christmas", () => {
    const preview = previewEscalation(G, calendarFor(G), '2026-11-23');
    expect(
      preview.stages.map((s) => [s.id, s.opens, s.due, s.workingDays, s.chairDecision?.until ?? null]),
    ).toEqual([
      ['informal', '2026-11-23', '2026-11-25', 2, '2026-11-27'],
      ['stage-1', '2026-11-27', '2026-12-03', 4, '2026-12-07'],
      ['stage-2', '2026-12-07', '2026-12-11', 4, '2026-12-15'],
      ['stage-3', '2026-12-15', '2026-12-21', 4, '2026-12-23'],
      ['stage-4', '2026-12-23', '2026-12-31', 4, '2027-01-05'],
      ['stage-5', '2027-01-05', '2027-01-11', 4, '2027-01-13'],
      ['stage-6', '2027-01-13', '2027-01-19', 4, null],
    ]);
    expect(preview.stages[0]).toMatchObject({ opensAt: null, dueAt: '2026-11-25T17:30:00.000+00:00' });
    expect(preview.stages[1]).toMatchObject({
      opensAt: '2026-11-27T17:30:00.000+00:00',
      chairDecision: { workingDays: 2, until: '2026-12-07', untilAt: '2026-12-07T17:30:00.000+00:00' },
    });
    expect(preview.cap).toEqual({ on: '2026-12-29', workingDays: 20, countsFromStageId: 'stage-1' });
    expect(preview.closeOfBusiness).toEqual({ time: '17:30', productDefault: true });
  });

  it('Gloucestershire: warns that six stages of four working days, and the chair\'s windows, cannot fit the 20-working-day limit (seed 002; SEEDS.md "Two clocks")', () => {
    const { warnings } = previewEscalation(G, calendarFor(G), '2026-11-23');
    const [capWarning] = warnings;
    expect(capWarning).toContain(
      'Six stages of four working days (24 in all) cannot fit inside the 20-working-day overall limit',
    );
    expect(capWarning).toContain(
      "the chair's decision windows before each automatic move (10 working days more)",
    );
    expect(capWarning).toContain('reached at close of business on 2026-12-29');
    expect(capWarning).toContain('"Formal Stage 6 - Chief Executive" would not fall due until 2027-01-19');
    // The window is labelled as the product's choice, never as the protocol's (SEEDS.md "Product defaults").
    expect(warnings.join(' ')).toContain(
      "That window is this product's default, not in the source document.",
    );
  });

  // Worked by hand from Mon 2026-12-21: informal +2 = Wed 23 Dec; window Tue 29 Dec (Christmas Day,
  // the weekend and the Boxing Day substitute skipped); stage 1 Tue 29 Dec +4 = Tue 5 Jan (30, 31, 4,
  // 5: New Year's Day skipped); window Thu 7 Jan; stage 2 +4 = Wed 13 Jan; window Fri 15; stage 3 +4 =
  // Thu 21; window Mon 25; stage 4 +4 = Fri 29; window Tue 2 Feb; stage 5 +4 = Mon 8 Feb; window Wed
  // 10; stage 6 +4 = Tue 16 Feb. Cap: Tue 29 Dec +20 working days = Wed 27 Jan.
  it("Gloucestershire from Mon 2026-12-21: across Christmas and New Year's Day 2027", () => {
    const preview = previewEscalation(G, calendarFor(G), '2026-12-21');
    expect(preview.stages.map((s) => [s.id, s.opens, s.due])).toEqual([
      ['informal', '2026-12-21', '2026-12-23'],
      ['stage-1', '2026-12-29', '2027-01-05'],
      ['stage-2', '2027-01-07', '2027-01-13'],
      ['stage-3', '2027-01-15', '2027-01-21'],
      ['stage-4', '2027-01-25', '2027-01-29'],
      ['stage-5', '2027-02-02', '2027-02-08'],
      ['stage-6', '2027-02-10', '2027-02-16'],
    ]);
    expect(preview.cap?.on).toBe('2027-01-27');
  });

  // Reworked by hand from Mon 2026-11-23 (SEEDS.md "Nothing is back-dated": "This is also why
  // Calderdale's 3 x 5 wd fits its 15 wd cap"): informal at its 10-day maximum is due Mon 7 Dec; the
  // chair's window (2 working days, this product's default) ends Wed 9 Dec, when stage 1 is sent;
  // stage 1 due Wed 16 Dec, and stage 2 is sent at 17:30 that day; stage 2 due Wed 23 Dec; stage 3 due
  // Mon 4 Jan (24, 29, 30, 31 Dec, 4 Jan: New Year's Day skipped). Cap: Wed 9 Dec + 15 = Mon 4 Jan.
  it("Calderdale: informal is shown at the chair's 10-working-day maximum, and 3 × 5 days fit the 15-day limit (seed 003)", () => {
    const preview = previewEscalation(C, calendarFor(C), '2026-11-23');
    expect(preview.stages.map((s) => [s.id, s.opens, s.due, s.workingDays])).toEqual([
      ['informal', '2026-11-23', '2026-12-07', 10],
      ['stage-1', '2026-12-09', '2026-12-16', 5],
      ['stage-2', '2026-12-16', '2026-12-23', 5],
      ['stage-3', '2026-12-23', '2027-01-04', 5],
    ]);
    expect(preview.stages.map((s) => s.chairDecision?.until ?? null)).toEqual([
      '2026-12-09',
      null,
      null,
      null,
    ]);
    expect(preview.cap).toEqual({ on: '2027-01-04', workingDays: 15, countsFromStageId: 'stage-1' });
    expect(preview.warnings.some((w) => w.includes('cannot fit'))).toBe(false);
    expect(preview.warnings).toContain(
      'You set the time for "Informal PDRP" (up to 10 working days); this preview shows the maximum.',
    );
  });

  // Reworked by hand: Bradford stage 1 from Mon 23 Nov is due Mon 30 Nov; the chair's window (2 wd)
  // ends Wed 2 Dec, when stage 2 is sent; stage 2 is due Wed 9 Dec.
  it('Bradford: a stage whose time the seed does not give is marked as not in the source document (seed 000 stage 2)', () => {
    const preview = previewEscalation(B, calendarFor(B), '2026-11-23');
    const stage2 = preview.stages.find((s) => s.id === 'stage-2')!;
    expect(stage2).toMatchObject({
      timeFromSource: false,
      workingDays: 5,
      opens: '2026-12-02',
      due: '2026-12-09',
    });
    expect(preview.warnings).toContain(
      'The 5 working days for "CP Dispute Resolution Stage 2" are not in the source document: they are this protocol\'s default.',
    );
    expect(preview.warnings.some((w) => w.includes('"CP Dispute Resolution Stage 1"'))).toBe(false);
    expect(preview.cap).toBeNull();
  });

  // The preview is the road the sweeper takes by itself: run a Calderdale dispute where nobody acts
  // (every deadline missed at close of business, the chair's window left to close) and compare.
  it('Calderdale: the preview and a run where nobody acts agree on every stage date and send time (seed 003: 3 x 5 days within 15)', () => {
    const preview = previewEscalation(C, calendarFor(C), '2026-11-23');
    let r = raised(C, { chairSetWorkingDays: 10 });
    r = run(C, [step(missed('informal'), SYSTEM, londonAt(C, r.state.stage!.dueOn, '17:30'))], r);
    const waiting = r.state.stage!.awaitingChairDecision!;
    r = run(C, [step(overdue('informal'), SYSTEM, londonAt(C, waiting.autoEscalateOn!, '17:30'))], r);
    for (const stageId of ['stage-1', 'stage-2']) {
      r = run(C, [step(missed(stageId), SYSTEM, londonAt(C, r.state.stage!.dueOn, '17:30'))], r);
    }
    const opened = r.events.flatMap((e) =>
      e.type === 'StageOpened' ? [{ id: e.stageId, opens: e.openedOn, due: e.dueOn, at: e.at }] : [],
    );
    expect(opened).toEqual(
      preview.stages.map((s) => ({ id: s.id, opens: s.opens, due: s.due, at: s.opensAt ?? RAISED_AT })),
    );
    expect(r.state.capOn).toBe(preview.cap!.on);
    expect(r.state.stage!.dueOn <= r.state.capOn!).toBe(true);
    expect(preview.warnings.join(' ')).not.toMatch(/cannot fit/);
  });

  it('Gloucestershire: a run where nobody acts reaches the cap on the day the preview says, before stage 6 falls due (SEEDS.md "Two clocks")', () => {
    const preview = previewEscalation(G, calendarFor(G), '2026-11-23');
    let r = raised(G);
    for (let i = 0; i < 6; i++) {
      const id = r.state.stage!.id;
      r = run(G, [step(missed(id), SYSTEM, londonAt(G, r.state.stage!.dueOn, '17:30'))], r);
      const until = r.state.stage!.awaitingChairDecision!.autoEscalateOn!;
      r = run(G, [step(overdue(id), SYSTEM, londonAt(G, until, '17:30'))], r);
      if (r.state.stage!.id === 'stage-4') {
        // The cap falls at 17:30 on Tue 2026-12-29, while stage 4 is open.
        r = run(
          G,
          [
            step(
              { type: 'cap-reached', roster: councilRoster() },
              SYSTEM,
              londonAt(G, preview.cap!.on, '17:30'),
            ),
          ],
          r,
        );
      }
    }
    const opened = ofType(r.events, 'StageOpened').map((e) => [e.stageId, e.openedOn, e.dueOn]);
    expect(opened).toEqual(preview.stages.map((s) => [s.id, s.opens, s.due]));
    expect(ofType(r.events, 'CapReached')).toHaveLength(1);
  });

  it('a preview from a later stage starts there, and the cap counts from it', () => {
    const preview = previewEscalation(G, calendarFor(G), '2026-11-23', { startStageId: 'stage-3' });
    expect(preview.stages.map((s) => s.id)).toEqual(['stage-3', 'stage-4', 'stage-5', 'stage-6']);
    expect(preview.cap).toMatchObject({ countsFromStageId: 'stage-3', on: '2026-12-21' });
    expect(() => previewEscalation(G, calendarFor(G), '2026-11-23', { startStageId: 'nope' })).toThrow(
      RangeError,
    );
  });
});
