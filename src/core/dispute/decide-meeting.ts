// The rules of a stage's resolution meeting: booked by the system once a calendar has found a
// time, moved by the chair, cancelled when the dispute is resolved, withdrawn or moves on, and
// every attendee's answer recorded (a decline goes to the chair).
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.ts';
import { instantMillis, isValidInstant } from '../calendar/instants.ts';
import type { Stage } from '../protocol/protocol-schema.ts';
import { textLimits, type DisputeCommand } from './dispute-commands.ts';
import type { DisputeEvent, MeetingCancelled } from './dispute-events.ts';
import { isMeetingChair, isRaiser } from './dispute-participants.ts';
import { activeMeeting, type DisputeState } from './dispute-state.ts';
import { refuse, type Refusal } from './refusal.ts';

type MeetingCommand = Extract<
  DisputeCommand,
  { type: 'record-meeting-booked' | 'record-meeting-not-booked' | 'record-meeting-response' | 'move-meeting' }
>;

export const meetingKeyOf = (disputeId: string, stageId: string) => `${disputeId}:${stageId}`;

export function decideMeeting(
  state: DisputeState,
  stage: Stage,
  command: MeetingCommand,
  by: string,
  now: string,
  calendar: WorkingDayCalendar,
): DisputeEvent[] | Refusal {
  const plan = state.stage?.meeting;
  const booked = activeMeeting(state);
  const base = { at: now, actorId: by, stageId: stage.id };
  switch (command.type) {
    case 'record-meeting-booked':
      if (command.stageId !== stage.id)
        return refuse('no-longer-applies', 'The dispute has moved on from that stage.');
      if (!plan) return refuse('no-longer-applies', `"${stage.name}" has no meeting.`);
      if (booked) return refuse('no-longer-applies', 'The meeting for this stage is already booked.');
      return [
        {
          ...base,
          type: 'MeetingBooked',
          meetingKey: meetingKeyOf(state.id, stage.id),
          start: command.slot.start,
          end: command.slot.end,
          provider: command.provider,
          eventId: command.eventId,
          joinUrl: command.joinUrl,
          chairId: plan.chairId ?? state.raiserId,
          attendeeIds: plan.attendeeIds,
          warnings: command.warnings,
        },
      ];
    case 'record-meeting-not-booked':
      if (command.stageId !== stage.id)
        return refuse('no-longer-applies', 'The dispute has moved on from that stage.');
      if (booked) return refuse('no-longer-applies', 'The meeting for this stage is already booked.');
      return [
        { ...base, type: 'MeetingNotBooked', reason: command.reason, nextBestSlots: command.nextBestSlots },
      ];
    case 'record-meeting-response': {
      if (command.stageId !== stage.id || !booked)
        return refuse('no-longer-applies', 'There is no meeting booked at this stage.');
      if (command.personId !== booked.chairId && !booked.attendeeIds.includes(command.personId))
        return refuse('no-longer-applies', 'That person is not invited to the meeting.');
      if ((booked.responses[command.personId] ?? 'none') === command.response)
        return refuse('no-longer-applies', 'That answer is already recorded.');
      return [
        {
          ...base,
          type: 'MeetingResponseRecorded',
          meetingKey: booked.meetingKey,
          personId: command.personId,
          response: command.response,
        },
      ];
    }
    case 'move-meeting': {
      if (!isRaiser(state, by) && !isMeetingChair(state, by))
        return refuse('not-allowed', 'Only the chair of the dispute or of the meeting can move the meeting.');
      if (!booked) return refuse('invalid', 'There is no meeting booked at this stage to move.');
      const reason = command.reason.trim();
      if (!reason) return refuse('invalid', 'Please give a reason: the attendees will see it.', 'reason');
      if (reason.length > textLimits.reason)
        return refuse(
          'invalid',
          `The reason is too long: at most ${textLimits.reason} characters.`,
          'reason',
        );
      if (!isValidInstant(command.start) || !isValidInstant(command.end))
        return refuse('invalid', 'The new time must be a date and time.', 'start');
      if (instantMillis(command.end) <= instantMillis(command.start))
        return refuse('invalid', 'The meeting must end after it starts.', 'end');
      if (instantMillis(command.start) <= instantMillis(now))
        return refuse('invalid', 'The new time must be in the future.', 'start');
      const day = calendar.londonDateOf(command.start);
      const why = calendar.whyNotWorking(day);
      if (why) return refuse('invalid', `${day} is not a working day (${why.name ?? why.reason}).`, 'start');
      return [
        {
          ...base,
          type: 'MeetingMoved',
          meetingKey: booked.meetingKey,
          start: command.start,
          end: command.end,
          sequence: booked.sequence + 1,
          reason,
        },
      ];
    }
  }
}

/** The stage's meeting is no longer needed: the dispute closed or moved on. */
export function cancelActiveMeeting(
  state: DisputeState,
  reason: string,
  by: string,
  now: string,
): MeetingCancelled[] {
  const booked = activeMeeting(state);
  // A meeting that has already taken place stays in the calendars as it was.
  if (!booked || instantMillis(booked.end) <= instantMillis(now)) return [];
  return [
    {
      type: 'MeetingCancelled',
      at: now,
      actorId: by,
      stageId: booked.stageId,
      meetingKey: booked.meetingKey,
      sequence: booked.sequence + 1,
      reason,
    },
  ];
}
