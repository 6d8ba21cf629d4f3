// Resolution meetings in the state machine (seed 004, Gloucestershire stage 2: "request resolutions
// meeting to be held within 4 working days").
import { describe, expect, it } from 'vitest';
import { notificationsFor } from '../../src/core/dispute/notifications.ts';
import { activeMeeting } from '../../src/core/dispute/dispute-state.ts';
import type { DisputeCommand } from '../../src/core/dispute/dispute-commands.ts';
import {
  SYSTEM,
  chair,
  councilRoster,
  eventsOf,
  holder,
  personFor,
  protocolById,
  raiseCommand,
  refusalOf,
  run,
  step,
  type Run,
} from './support/dispute-fixtures.ts';

const G = protocolById('gloucestershire');
const T0 = '2026-11-23T10:00:00Z';

function atStage2(): Run {
  return run(G, [
    step(raiseCommand({ startStageId: 'stage-2', reason: 'Plan drifting for months.' }), chair, T0),
  ]);
}

const booked = (r: Run): Run =>
  run(
    G,
    [
      step(
        {
          type: 'record-meeting-booked',
          stageId: 'stage-2',
          slot: { start: '2026-11-24T10:00:00.000+00:00', end: '2026-11-24T11:00:00.000+00:00' },
          provider: 'graph',
          eventId: 'AAMkAGI1',
          joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc',
          warnings: [],
        },
        SYSTEM,
        '2026-11-23T10:05:00Z',
      ),
    ],
    r,
  );

describe('resolution meetings (seed 004, stage 2)', () => {
  it('opening a stage with a required meeting asks the calendar to book it', () => {
    const r = atStage2();
    const jobs = notificationsFor(run(G, []).state, r.events).filter((n) => n.reason === 'book-meeting');
    expect(jobs).toEqual([
      expect.objectContaining({ recipientId: chair.kind === 'person' ? chair.id : '', stageId: 'stage-2' }),
    ]);
  });

  it('the system records the booking: the chair chairs, the team manager and social worker attend', () => {
    const r = booked(atStage2());
    const m = activeMeeting(r.state)!;
    expect(m).toMatchObject({
      chairId: 'chair-1',
      provider: 'graph',
      sequence: 0,
      joinUrl: expect.stringContaining('teams'),
    });
    expect(m.attendeeIds.sort()).toEqual([personFor('socialWorker'), personFor('teamManager')].sort());
    const told = notificationsFor(atStage2().state, r.events.slice(-1)).map(
      (n) => `${n.recipientId}:${n.reason}`,
    );
    expect(told).toEqual(
      expect.arrayContaining([
        `${personFor('teamManager')}:meeting-booked`,
        `${personFor('socialWorker')}:meeting-booked`,
      ]),
    );
  });

  it('a person cannot record a booking, and a second booking is refused', () => {
    const command: DisputeCommand = {
      type: 'record-meeting-booked',
      stageId: 'stage-2',
      slot: { start: '2026-11-24T10:00:00Z', end: '2026-11-24T11:00:00Z' },
      provider: 'ics',
      eventId: 'x',
      joinUrl: null,
      warnings: [],
    };
    expect(refusalOf(G, atStage2(), step(command, chair, T0)).code).toBe('not-allowed');
    expect(refusalOf(G, booked(atStage2()), step(command, SYSTEM, T0)).code).toBe('no-longer-applies');
  });

  it('a decline is recorded once and goes to the chair', () => {
    const r = booked(atStage2());
    const decline: DisputeCommand = {
      type: 'record-meeting-response',
      stageId: 'stage-2',
      personId: personFor('teamManager'),
      response: 'declined',
    };
    const events = eventsOf(G, r, step(decline, SYSTEM, '2026-11-23T12:00:00Z'));
    expect(events).toEqual([
      expect.objectContaining({ type: 'MeetingResponseRecorded', response: 'declined' }),
    ]);
    expect(notificationsFor(r.state, events)).toEqual([
      expect.objectContaining({ recipientId: 'chair-1', reason: 'meeting-declined' }),
    ]);
    const again = run(G, [step(decline, SYSTEM, '2026-11-23T12:00:00Z')], r);
    expect(refusalOf(G, again, step(decline, SYSTEM, '2026-11-23T12:05:00Z')).code).toBe('no-longer-applies');
  });

  it('the chair moves it (sequence raised, the calendar told); not to a bank holiday, not by others', () => {
    const r = booked(atStage2());
    const move = (start: string, end: string): DisputeCommand => ({
      type: 'move-meeting',
      start,
      end,
      reason: 'The team manager is in court.',
    });
    const events = eventsOf(
      G,
      r,
      step(move('2026-11-25T14:00:00Z', '2026-11-25T15:00:00Z'), chair, '2026-11-23T12:00:00Z'),
    );
    expect(events).toEqual([expect.objectContaining({ type: 'MeetingMoved', sequence: 1 })]);
    expect(notificationsFor(r.state, events).map((n) => n.reason)).toContain('update-meeting');
    expect(
      refusalOf(G, r, step(move('2026-12-25T10:00:00Z', '2026-12-25T11:00:00Z'), chair, T0)).message,
    ).toMatch(/Christmas Day/);
    expect(
      refusalOf(G, r, step(move('2026-11-25T14:00:00Z', '2026-11-25T15:00:00Z'), holder('teamManager'), T0))
        .code,
    ).toBe('not-allowed');
  });

  it('resolving cancels the meeting (and the calendar is told); so does moving on to the next stage', () => {
    const r = booked(atStage2());
    const resolved = eventsOf(
      G,
      r,
      step(
        { type: 'resolve', summary: 'Agreed by phone.', keepMonitoring: true },
        chair,
        '2026-11-23T15:00:00Z',
      ),
    );
    expect(resolved.map((e) => e.type)).toEqual(['Resolved', 'MeetingCancelled']);
    expect(resolved[1]).toMatchObject({ sequence: 1 });
    expect(notificationsFor(r.state, resolved).map((n) => n.reason)).toContain('cancel-meeting');
    const escalated = eventsOf(
      G,
      r,
      step({ type: 'escalate', reason: 'Refused.', roster: councilRoster() }, chair, '2026-11-23T15:00:00Z'),
    );
    expect(escalated.map((e) => e.type)).toEqual(['MeetingCancelled', 'Escalated', 'StageOpened']);
  });

  it('no slot before the deadline is recorded with the next best times, for the chair', () => {
    const events = eventsOf(
      G,
      atStage2(),
      step(
        {
          type: 'record-meeting-not-booked',
          stageId: 'stage-2',
          reason: 'No time before the deadline.',
          nextBestSlots: [{ start: '2026-11-30T09:00:00Z', end: '2026-11-30T10:00:00Z' }],
        },
        SYSTEM,
        T0,
      ),
    );
    expect(notificationsFor(atStage2().state, events)).toEqual([
      expect.objectContaining({ recipientId: 'chair-1', reason: 'meeting-not-booked' }),
    ]);
  });
});

describe('a meeting that has already taken place', () => {
  it('is not cancelled when the dispute is resolved afterwards', () => {
    const r = booked(atStage2());
    const events = eventsOf(
      G,
      r,
      step(
        { type: 'resolve', summary: 'Agreed at the meeting.', keepMonitoring: true },
        chair,
        '2026-11-24T12:00:00Z',
      ),
    );
    expect(events.map((e) => e.type)).toEqual(['Resolved']);
  });
});
