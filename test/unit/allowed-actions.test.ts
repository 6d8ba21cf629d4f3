// What allowedActions offers, on real dates under three councils' protocols, and that decide agrees.
import { describe, expect, it } from 'vitest';
import { allowedActions } from '../../src/core/dispute/allowed-actions.ts';
import type { AllowedActions } from '../../src/core/dispute/allowed-actions-schema.ts';
import { offeredCommandTypes } from '../../src/core/dispute/allowed-actions-schema.ts';
import type { Actor, DisputeCommand } from '../../src/core/dispute/dispute-commands.ts';
import type { Protocol } from '../../src/core/protocol/protocol-schema.ts';
import {
  SYSTEM,
  attempt,
  calendarFor,
  chair,
  councilRoster,
  justAfter,
  person,
  personFor,
  protocolById,
  raiseCommand,
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

const offer = (p: Protocol, r: Run, actor: Actor, now: string): AllowedActions =>
  allowedActions(r.state, actor, p, calendarFor(p), now);
const accepted = (p: Protocol, r: Run, c: DisputeCommand, by: Actor, at: string) =>
  attempt(p, r.state, { command: c, by, at }).ok;
const raised = (p: Protocol, overrides: Parameters<typeof raiseCommand>[0] = {}): Run =>
  run(p, [step(raiseCommand({ conferenceDate: '2026-11-20', ...overrides }), chair, RAISED_AT)]);

describe('Gloucestershire stage 6: the Chief Executive decides (issue 15: the bot and the tab disagreed)', () => {
  const s6 = () => raised(G, { startStageId: 'stage-6', reason: 'The Director could not resolve it' });
  const ceo = person(personFor('chiefExecutive'));
  const now = '2026-11-24T10:00:00Z';

  it('the deciding respondent may resolve, as decide allows: the bot card was right', () => {
    const allowed = offer(G, s6(), ceo, now);
    expect(allowed.resolve).toEqual({ as: 'deciding-respondent', summaryMaxLength: 4000 });
    expect(accepted(G, s6(), { type: 'resolve', summary: 'Decided.', keepMonitoring: false }, ceo, now)).toBe(
      true,
    );
    // The Chief Executive also chairs the stage's optional meeting ("decide whether to meet").
    expect(offeredCommandTypes(allowed)).toEqual([
      'acknowledge',
      'respond',
      'resolve',
      'add-note',
      'request-meeting',
    ]);
  });

  it('the chair may resolve, withdraw and give more time, but not escalate past the last stage', () => {
    const allowed = offer(G, s6(), chair, now);
    expect(allowed.resolve?.as).toBe('chair');
    expect(allowed.escalate).toBeNull();
    // Four working days from Mon 23 Nov: due Fri 27 Nov, so the earliest new date is Mon 30 Nov.
    expect(allowed.extend).toMatchObject({ currentDueOn: '2026-11-27', earliestDueOn: '2026-11-30' });
    expect(offeredCommandTypes(allowed)).toEqual([
      'extend',
      'resolve',
      'withdraw',
      'add-note',
      'request-meeting',
    ]);
  });

  it('someone copied may only add a note; a stranger and the deadline engine nothing', () => {
    expect(offeredCommandTypes(offer(G, s6(), person(personFor('director')), now))).toEqual(['add-note']);
    expect(offeredCommandTypes(offer(G, s6(), stranger, now))).toEqual([]);
    expect(offeredCommandTypes(offer(G, s6(), SYSTEM, now))).toEqual([]);
  });

  it('at stage 1 the respondent answers but does not decide', () => {
    const r = raised(G, { startStageId: 'stage-1', reason: 'Straight to the formal stage' });
    const tm = person(r.state.stage!.respondentIds[0]!);
    const allowed = offer(G, r, tm, now);
    expect(allowed.resolve).toBeNull();
    expect(allowed.respond?.outcomes).toEqual([
      'actions-agreed',
      'actions-completed',
      'disagree',
      'needs-more-time',
    ]);
  });
});

describe('Calderdale: grounds for moving on, and the referral to the Board (6.11, 6.16)', () => {
  const informal = () => raised(C);

  it('from the informal stage the chair may go to stage 1, or refer straight to stage 3 after consulting', () => {
    const allowed = offer(C, informal(), chair, '2026-11-24T10:00:00Z');
    expect(allowed.escalate).toMatchObject({
      defaultStageId: 'stage-1',
      targets: [
        { stageId: 'stage-1', isNext: true, needsConsultation: false },
        { stageId: 'stage-3', isNext: false, needsConsultation: true },
      ],
      grounds: { asked: false, required: false },
    });
    const refer = {
      type: 'escalate',
      toStageId: 'stage-3',
      reason: 'Refer.',
      roster: councilRoster(),
    } as const;
    expect(accepted(C, informal(), { ...refer, consulted: false }, chair, '2026-11-24T10:00:00Z')).toBe(
      false,
    );
    expect(accepted(C, informal(), { ...refer, consulted: true }, chair, '2026-11-24T10:00:00Z')).toBe(true);
  });

  it('at stage 1, before its deadline, the chair can move on only once a response gives grounds', () => {
    const at1 = run(
      C,
      [
        step(
          { type: 'escalate', toStageId: null, reason: 'No progress.', roster: councilRoster() },
          chair,
          '2026-11-24T10:00:00Z',
        ),
      ],
      informal(),
    );
    expect(at1.state.stage?.id).toBe('stage-1');
    expect(offer(C, at1, chair, '2026-11-25T10:00:00Z').escalate).toBeNull();
    const tm = person(at1.state.stage!.respondentIds[0]!);
    const answered = run(
      C,
      [step({ type: 'respond', outcome: 'disagree', text: 'We disagree.' }, tm, '2026-11-25T11:00:00Z')],
      at1,
    );
    expect(offer(C, answered, chair, '2026-11-25T12:00:00Z').escalate?.grounds).toEqual({
      asked: true,
      required: true,
      allowed: ['dissatisfied-with-response'],
    });
    // Past its due time, unanswered, the stage has gone unanswered in time (before the sweeper moves it on).
    const due = at1.state.stage!.dueOn;
    expect(offer(C, at1, chair, justAfter(C, due)).escalate?.grounds.allowed).toEqual([
      'not-answered-in-time',
    ]);
  });
});

describe('Bradford: dates over Christmas, and the Head of Service confirms the meeting (stage 3)', () => {
  it('more time is asked for from the next working day: Thu 24 Dec 2026 gives Tue 29 Dec', () => {
    const r = run(B, [step(raiseCommand({ conferenceDate: '2026-12-21' }), chair, '2026-12-22T10:00:00Z')]);
    const respondent = person(r.state.stage!.respondentIds[0]!);
    expect(offer(B, r, respondent, '2026-12-24T10:00:00Z').respond?.moreTimeEarliestOn).toBe('2026-12-29');
  });

  it('only the Head of Service is offered the proposed times, and only those still to come', () => {
    const s3 = raised(B, { startStageId: 'stage-3', reason: 'Risk of harm', immediateRisk: true });
    const slots = [
      { start: '2026-11-24T09:00:00Z', end: '2026-11-24T10:00:00Z' },
      { start: '2026-11-30T10:00:00Z', end: '2026-11-30T11:00:00Z' },
    ];
    const proposed = run(
      B,
      [step({ type: 'propose-meeting-slots', stageId: 'stage-3', slots }, SYSTEM, RAISED_AT)],
      s3,
    );
    const hos = person(personFor('headOfService'));
    const now = '2026-11-25T10:00:00Z';
    expect(offer(B, proposed, hos, now).confirmMeetingSlot).toEqual({ slots: [slots[1]] });
    expect(offer(B, proposed, chair, now).confirmMeetingSlot).toBeNull();
    expect(accepted(B, proposed, { type: 'confirm-meeting-slot', start: slots[0]!.start }, hos, now)).toBe(
      false,
    );
    expect(accepted(B, proposed, { type: 'confirm-meeting-slot', start: slots[1]!.start }, hos, now)).toBe(
      true,
    );
  });
});
