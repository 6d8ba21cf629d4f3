// Issue 12 items 5-7 in the core: each example names the seed line or the SEEDS.md decision it
// enforces (seeds: 000 Bradford, 002/004 Gloucestershire, 003 Calderdale).
import { describe, expect, it } from 'vitest';
import { buildDisputeForm } from '../../src/app/dispute-form.ts';
import { caseNote } from '../../src/core/records/case-note.ts';
import { previewEscalation } from '../../src/core/preview/escalation-preview.ts';
import type { DisputeCommand } from '../../src/core/dispute/dispute-commands.ts';
import type { DisputeEvent } from '../../src/core/dispute/dispute-events.ts';
import { builtinProtocols } from '../../src/protocols/builtin-protocols.ts';
import { initialState } from '../../src/core/dispute/dispute-state.ts';
import {
  CHAIR_ID,
  SYSTEM,
  attempt,
  calendarFor,
  chair,
  councilRoster,
  holder,
  justAfter,
  ofType,
  protocolById,
  raiseCommand,
  refusalOf,
  run,
  step,
  type Run,
} from './support/dispute-fixtures.ts';

const G = protocolById('gloucestershire');
const C = protocolById('calderdale');
const B = protocolById('bradford');
const D = protocolById('calderdale-conference-dissent');
const MONDAY = '2026-11-23T10:00:00Z';

const escalate = (extra: Partial<Extract<DisputeCommand, { type: 'escalate' }>> = {}): DisputeCommand => ({
  type: 'escalate',
  reason: 'The concern remains unresolved.',
  roster: councilRoster(),
  ...extra,
});
const raised = (protocol = G, extra: Parameters<typeof raiseCommand>[0] = {}): Run =>
  run(protocol, [step(raiseCommand(extra), chair, MONDAY)]);

describe('Calderdale (seed 003)', () => {
  it('6.6: a dissent on risk of significant harm alerts the Service Manager for Safeguarding & QA at once and names the challenged chair', () => {
    const r = run(D, [
      step(
        raiseCommand({ immediateRisk: true, challengedChairId: 'chair-2' }),
        holder('professional'),
        MONDAY,
      ),
    ]);
    expect(ofType(r.events, 'ImmediateReviewAlerted')).toEqual([
      expect.objectContaining({ alertedIds: ['sqa-manager'], challengedChairId: 'chair-2' }),
    ]);
    expect(r.state.participantIds).toContain('chair-2');
    // Without risk: the review runs in its 5 working days, with no immediate alert.
    const calm = run(D, [
      step(raiseCommand({ challengedChairId: 'chair-2' }), holder('professional'), MONDAY),
    ]);
    expect(ofType(calm.events, 'ImmediateReviewAlerted')).toEqual([]);
  });

  it('6.10: on immediate risk the practice dispute alerts "the service manager with responsibility for safeguarding"', () => {
    const r = raised(C, { immediateRisk: true, chairSetWorkingDays: 5 });
    expect(ofType(r.events, 'ImmediateReviewAlerted')[0]).toMatchObject({
      alertedIds: ['sqa-manager'],
      challengedChairId: null,
    });
  });

  it('6.11: a referral straight to the Board needs the consultation confirmed, and alerts the three the seed lists first', () => {
    const start = raised(C, { chairSetWorkingDays: 5 });
    expect(refusalOf(C, start, step(escalate({ toStageId: 'stage-3' }), chair, MONDAY))).toMatchObject({
      code: 'invalid',
      field: 'consulted',
    });
    const r = run(C, [step(escalate({ toStageId: 'stage-3', consulted: true }), chair, MONDAY)], start);
    const types = r.events.map((e) => e.type);
    expect(types.indexOf('ReferralPreAlerted')).toBeLessThan(types.lastIndexOf('StageOpened'));
    expect(ofType(r.events, 'ReferralPreAlerted')[0]).toMatchObject({
      consultedIds: ['chair-manager'],
      alertedIds: [
        'sqa-manager',
        'head-of-commissioning-partnerships-1',
        'designated-board-representative-1',
      ],
    });
    // Raising straight at the Board is the same referral.
    const direct = { startStageId: 'stage-3', reason: 'Serious and urgent.', chairSetWorkingDays: null };
    expect(attempt(C, initialState(), step(raiseCommand(direct), chair, MONDAY))).toMatchObject({
      ok: false,
      refusal: { field: 'consulted' },
    });
    const referred = run(C, [step(raiseCommand({ ...direct, consulted: true }), chair, MONDAY)]);
    expect(referred.events.map((e) => e.type)).toEqual(['Raised', 'ReferralPreAlerted', 'StageOpened']);
    // Going to stage 3 as the next stage is not a referral: nothing more is asked.
    const s2 = run(
      C,
      [
        step(escalate(), chair, MONDAY),
        step({ type: 'respond', outcome: 'disagree', text: 'No.' }, holder('teamManager'), MONDAY),
        step(escalate({ grounds: 'dissatisfied-with-response' }), chair, MONDAY),
        step({ type: 'respond', outcome: 'disagree', text: 'No.' }, holder('seniorManager'), MONDAY),
        step(escalate({ grounds: 'dissatisfied-with-response' }), chair, MONDAY),
      ],
      start,
    );
    expect(ofType(s2.events, 'ReferralPreAlerted')).toEqual([]);
  });

  it('6.16: a missed stage-1 deadline moves on by itself, recorded as "not answered in time"', () => {
    const s1 = run(C, [step(escalate(), chair, MONDAY)], raised(C, { chairSetWorkingDays: 5 }));
    const due = s1.state.stage!.dueOn;
    const r = run(
      C,
      [
        step(
          { type: 'deadline-missed', stageId: 'stage-1', roster: councilRoster() },
          SYSTEM,
          justAfter(C, due),
        ),
      ],
      s1,
    );
    expect(ofType(r.events, 'Escalated').at(-1)).toMatchObject({
      cause: 'deadline',
      grounds: 'not-answered-in-time',
    });
  });

  it('the form (Appendix 1): "Response expected within", the recommendations given at each escalation, and the reason with its ground', () => {
    const r = run(
      C,
      [
        step(escalate(), chair, MONDAY),
        step({ type: 'respond', outcome: 'disagree', text: 'No.' }, holder('teamManager'), MONDAY),
        step(
          escalate({
            grounds: 'dissatisfied-with-response',
            recommendations: 'Review the visits this week.',
          }),
          chair,
          MONDAY,
        ),
      ],
      raised(C, { chairSetWorkingDays: 3 }),
    );
    const form = buildDisputeForm({
      reference: 'CPD-TEST01',
      protocol: C,
      events: r.events,
      partyOf: (id) => ({ name: id, status: '' }),
      londonDateOf: (i) => calendarFor(C).londonDateOf(i),
      now: MONDAY,
    });
    expect(form.stages.map((s) => s.responseExpectedWithin)).toEqual([
      '3 working days',
      '5 working days',
      '5 working days',
    ]);
    expect(form.stages.map((s) => s.recommendations)).toEqual([
      raiseCommand().actionsRequired,
      raiseCommand().actionsRequired,
      'Review the visits this week.',
    ]);
    expect(form.stages[2]!.concern).toBe('Dissatisfied with the response. The concern remains unresolved.');
  });

  it("the form gives the meeting's date as the day it was held, not the day its outcome was written", () => {
    const r = run(
      C,
      [
        step(escalate(), chair, MONDAY),
        step(escalate({ grounds: 'not-answered-in-time' }), chair, '2026-12-01T10:00:00Z'),
      ],
      raised(C, { chairSetWorkingDays: 5 }),
    );
    const booked: DisputeEvent = {
      type: 'MeetingRequested',
      at: '2026-12-01T10:05:00Z',
      actorId: CHAIR_ID,
      stageId: 'stage-2',
      reason: 'Talk it through.',
    };
    const withMeeting = run(
      C,
      [
        step({ type: 'request-meeting', reason: 'Talk it through.' }, chair, booked.at),
        step(
          {
            type: 'record-meeting-booked',
            stageId: 'stage-2',
            slot: { start: '2026-12-03T10:00:00.000+00:00', end: '2026-12-03T11:00:00.000+00:00' },
            provider: 'ics',
            eventId: 'e-1',
            joinUrl: null,
            warnings: [],
          },
          SYSTEM,
          '2026-12-01T10:06:00Z',
        ),
        step(
          { type: 'record-meeting-outcome', outcome: 'actions-agreed', text: 'Agreed a plan.' },
          chair,
          '2026-12-07T09:00:00Z',
        ),
      ],
      r,
    );
    const form = buildDisputeForm({
      reference: 'CPD-TEST02',
      protocol: C,
      events: withMeeting.events,
      partyOf: (id) => ({ name: id, status: '' }),
      londonDateOf: (i) => calendarFor(C).londonDateOf(i),
      now: '2026-12-07T09:00:00Z',
    });
    expect(form.stages.at(-1)!.meeting).toMatchObject({ date: '2026-12-03', text: 'Agreed a plan.' });
  });

  it('the informal time carries the seed conflict (Appendix 1: 5 wd; 6.13: up to 10), marked on the protocol file', () => {
    expect(C.stages[0]!.responseTime.source.conflict).toMatch(/Appendix 1.*5 working days.*6\.13/);
    // And the preview a chair sees when raising says so.
    const preview = previewEscalation(C, calendarFor(C), '2026-11-23');
    expect(preview.warnings.some((w) => w.startsWith('"Informal PDRP": The seed contradicts itself'))).toBe(
      true,
    );
  });
});

describe('records (issue 12 item 6)', () => {
  it('SEEDS.md: moving on after a chair does not decide is described as the product default, never "as the protocol says"', () => {
    const s1 = run(G, [step(escalate(), chair, MONDAY)], raised(G));
    const due = s1.state.stage!.dueOn;
    const missed = run(
      G,
      [
        step(
          { type: 'deadline-missed', stageId: 'stage-1', roster: councilRoster() },
          SYSTEM,
          justAfter(G, due),
        ),
      ],
      s1,
    );
    const autoOn = missed.state.stage!.awaitingChairDecision!.autoEscalateOn!;
    const moved = run(
      G,
      [
        step(
          { type: 'chair-decision-overdue', stageId: 'stage-1', roster: councilRoster() },
          SYSTEM,
          justAfter(G, autoOn),
        ),
      ],
      missed,
    );
    const reason = ofType(moved.events, 'Escalated').at(-1)!.reason;
    expect(reason).toBe(
      "Moved on after 2 working days without a decision: this product's default; the protocol leaves it to the chair.",
    );
  });

  it('Bradford stage 3 (seed 000): "A summary of the meeting will be recorded by the Safeguarding and Reviewing Manager"', () => {
    const r = run(B, [step(escalate(), chair, MONDAY), step(escalate(), chair, MONDAY)], raised(B));
    const note = caseNote(B, r.events, (id) => `name:${id}`);
    expect(note.entries.find((e) => e.stageId === 'stage-3')!.recordedBy).toBe(
      'Safeguarding and Reviewing Service Manager (name:sr-manager)',
    );
    expect(note.entries.find((e) => e.stageId === 'stage-1')!.recordedBy).toMatch(/^.*\(name:chair-1\)$/);
  });

  it("every protocol file marks the meeting notice as the product's choice, not the source's", () => {
    for (const p of builtinProtocols())
      expect(p.meetingNotice).toMatchObject({ workingDays: 1, source: { fromSource: false } });
  });
});

describe('meetings (issue 12 item 7; SEEDS.md "Meetings")', () => {
  const bookedCommand = (stageId: string): DisputeCommand => ({
    type: 'record-meeting-booked',
    stageId,
    slot: { start: '2026-11-25T10:00:00.000+00:00', end: '2026-11-25T11:00:00.000+00:00' },
    provider: 'ics',
    eventId: 'e-1',
    joinUrl: null,
    warnings: [],
  });
  const atStage2 = () => raised(G, { startStageId: 'stage-2', reason: 'Meeting needed now.' });

  it('never booked after the chair recorded the meeting as not held, until the chair asks again', () => {
    const r = run(
      G,
      [
        step(bookedCommand('stage-2'), SYSTEM, MONDAY),
        step(
          { type: 'record-meeting-outcome', outcome: 'not-held', text: 'TM off sick.' },
          chair,
          '2026-11-25T12:00:00Z',
        ),
      ],
      atStage2(),
    );
    const again = {
      ...bookedCommand('stage-2'),
      slot: { start: '2026-11-26T10:00:00.000+00:00', end: '2026-11-26T11:00:00.000+00:00' },
    };
    expect(refusalOf(G, r, step(again, SYSTEM, '2026-11-25T12:05:00Z')).message).toMatch(/not held/);
    const asked = run(
      G,
      [step({ type: 'request-meeting', reason: 'Try again.' }, chair, '2026-11-25T12:10:00Z')],
      r,
    );
    const rebooked = run(G, [step(again, SYSTEM, '2026-11-25T12:15:00Z')], asked);
    expect(ofType(rebooked.events, 'MeetingBooked').at(-1)!.meetingKey).toMatch(/:stage-2:2$/);
  });

  it('Gloucestershire "at any stage": an optional meeting is booked only when the chair asks (seed 002)', () => {
    const s1 = run(G, [step(escalate(), chair, MONDAY)], raised(G));
    expect(s1.state.stage!.meeting).toMatchObject({ need: 'optional', chairId: CHAIR_ID });
    expect(refusalOf(G, s1, step(bookedCommand('stage-1'), SYSTEM, MONDAY)).message).toMatch(/optional/);
    expect(
      refusalOf(G, s1, step({ type: 'request-meeting', reason: 'x' }, holder('teamManager'), MONDAY)).code,
    ).toBe('not-allowed');
    const asked = run(G, [step({ type: 'request-meeting', reason: 'Talk it through.' }, chair, MONDAY)], s1);
    expect(
      ofType(run(G, [step(bookedCommand('stage-1'), SYSTEM, MONDAY)], asked).events, 'MeetingBooked'),
    ).toHaveLength(1);
  });

  it('Bradford stage 3 (seed 000): "the HoS will confirm the date of the meeting": booked only once confirmed, and only that time', () => {
    const s3 = run(B, [step(escalate(), chair, MONDAY), step(escalate(), chair, MONDAY)], raised(B));
    expect(s3.state.stage!.meeting?.confirmerIds).toEqual(['hos-1']);
    const slots = [
      { start: '2026-11-25T10:00:00.000+00:00', end: '2026-11-25T11:00:00.000+00:00' },
      { start: '2026-11-26T10:00:00.000+00:00', end: '2026-11-26T11:00:00.000+00:00' },
    ];
    expect(refusalOf(B, s3, step(bookedCommand('stage-3'), SYSTEM, MONDAY)).message).toMatch(
      /not been confirmed/,
    );
    const proposed = run(
      B,
      [step({ type: 'propose-meeting-slots', stageId: 'stage-3', slots }, SYSTEM, MONDAY)],
      s3,
    );
    expect(
      refusalOf(B, proposed, step({ type: 'confirm-meeting-slot', start: slots[1]!.start }, chair, MONDAY))
        .code,
    ).toBe('not-allowed');
    const confirmed = run(
      B,
      [step({ type: 'confirm-meeting-slot', start: slots[1]!.start }, holder('headOfService'), MONDAY)],
      proposed,
    );
    expect(refusalOf(B, confirmed, step(bookedCommand('stage-3'), SYSTEM, MONDAY)).message).toMatch(
      /confirmed time/,
    );
    const booked = run(
      B,
      [step({ ...bookedCommand('stage-3'), slot: slots[1]! } as DisputeCommand, SYSTEM, MONDAY)],
      confirmed,
    );
    expect(ofType(booked.events, 'MeetingBooked')[0]!.start).toBe(slots[1]!.start);
  });
});
