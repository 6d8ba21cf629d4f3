// The rules of a stage's resolution meeting: booked by the system once a calendar has found a
// time, moved by the chair, cancelled when the dispute is resolved, withdrawn or moves on, and
// every attendee's answer recorded (a decline goes to the chair).
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.ts';
import { instantMillis, isValidInstant } from '../calendar/instants.ts';
import type { Stage } from '../protocol/protocol-schema.ts';
import { textLimits, type DisputeCommand, type RecordMeetingOutcomeCommand } from './dispute-commands.ts';
import type { DisputeEvent, MeetingCancelled } from './dispute-events.ts';
import { isMeetingChair, isRaiser } from './dispute-participants.ts';
import { activeMeeting, type DisputeState } from './dispute-state.ts';
import { refuse, type Refusal } from './refusal.ts';

type MeetingCommand = Extract<
  DisputeCommand,
  {
    type:
      | 'record-meeting-booked'
      | 'record-meeting-not-booked'
      | 'record-meeting-response'
      | 'move-meeting'
      | 'request-meeting'
      | 'propose-meeting-slots'
      | 'confirm-meeting-slot';
  }
>;

/**
 * Why the current stage's meeting is not to be booked now, or null when it is. SEEDS.md "Meetings":
 * never after the chair recorded one as not held (unless the chair asks again); an optional meeting
 * only when the chair asks for it; where someone confirms the date, only the time they confirmed.
 */
export function whyMeetingIsNotToBeBooked(state: DisputeState, stage: Stage): string | null {
  const current = state.stage;
  const plan = current?.meeting;
  if (!current || !plan) return `"${stage.name}" has no meeting.`;
  if (current.meetingOutcome === 'not-held')
    return 'The chair recorded the meeting as not held: a new one is booked only when the chair asks for it.';
  if (activeMeeting(state)) return 'The meeting for this stage is already booked.';
  if (plan.need === 'optional' && !current.meetingRequested)
    return `The meeting at "${stage.name}" is optional and the chair has not asked for it.`;
  return null;
}

/** Whether a meeting was held, booked or asked for at the current stage: its outcome can be recorded. */
export function stageHasMeeting(state: DisputeState): boolean {
  const current = state.stage;
  if (!current?.meeting) return false;
  return (
    current.meeting.need === 'required' ||
    current.meetingRequested !== null ||
    state.meetings.some((m) => m.stageId === current.id)
  );
}

export const meetingKeyOf = (disputeId: string, stageId: string) => `${disputeId}:${stageId}`;

/** The key of the stage's next booking: a meeting asked for again after one was not held is a new event. */
export function nextMeetingKey(state: DisputeState, stageId: string): string {
  const earlier = state.meetings.filter((m) => m.stageId === stageId).length;
  return earlier === 0
    ? meetingKeyOf(state.id, stageId)
    : `${meetingKeyOf(state.id, stageId)}:${earlier + 1}`;
}

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
    case 'record-meeting-booked': {
      if (command.stageId !== stage.id)
        return refuse('no-longer-applies', 'The dispute has moved on from that stage.');
      const why = whyMeetingIsNotToBeBooked(state, stage);
      if (why || !plan) return refuse('no-longer-applies', why ?? `"${stage.name}" has no meeting.`);
      const confirmed = state.stage?.confirmedSlot;
      if (plan.confirmerIds?.length && !confirmed)
        return refuse('no-longer-applies', 'The date of this meeting has not been confirmed yet.');
      if (confirmed && (confirmed.start !== command.slot.start || confirmed.end !== command.slot.end))
        return refuse('no-longer-applies', 'Only the confirmed time can be booked.');
      return [
        {
          ...base,
          type: 'MeetingBooked',
          meetingKey: nextMeetingKey(state, stage.id),
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
    }
    case 'request-meeting': {
      const why = whyNotRequestMeeting(state, stage, by);
      if (why) return why;
      const reason = command.reason.trim();
      if (!reason)
        return refuse('invalid', 'Please say why a meeting would help: the attendees will see it.', 'reason');
      if (reason.length > textLimits.reason)
        return refuse(
          'invalid',
          `The reason is too long: at most ${textLimits.reason} characters.`,
          'reason',
        );
      return [
        ...cancelActiveMeeting(state, 'A new meeting has been asked for.', by, now),
        { ...base, type: 'MeetingRequested', reason },
      ];
    }
    case 'propose-meeting-slots': {
      if (command.stageId !== stage.id)
        return refuse('no-longer-applies', 'The dispute has moved on from that stage.');
      const why = whyMeetingIsNotToBeBooked(state, stage);
      if (why || !plan) return refuse('no-longer-applies', why ?? `"${stage.name}" has no meeting.`);
      if (!plan.confirmerIds?.length)
        return refuse(
          'no-longer-applies',
          'Nobody confirms the date of this meeting: it is booked directly.',
        );
      if (state.stage?.proposedSlots || state.stage?.confirmedSlot)
        return refuse('no-longer-applies', 'Times have already been proposed for this meeting.');
      if (command.slots.length === 0) return refuse('invalid', 'There are no times to propose.');
      return [
        { ...base, type: 'MeetingSlotsProposed', slots: command.slots, confirmerIds: plan.confirmerIds },
      ];
    }
    case 'confirm-meeting-slot': {
      const why = whyNotConfirmMeetingSlot(state, stage, by);
      if (why) return why;
      const proposed = state.stage!.proposedSlots!;
      const slot = proposed.slots.find((x) => instantMillis(x.start) === instantMillis(command.start));
      if (!isValidInstant(command.start) || !slot)
        return refuse(
          'invalid',
          'Please choose one of the proposed times: ' +
            proposed.slots.map((x) => `${calendar.londonDateOf(x.start)} ${x.start}`).join('; ') +
            '.',
          'start',
        );
      if (instantMillis(slot.start) <= instantMillis(now))
        return refuse('invalid', 'That time has passed: please choose a later one.', 'start');
      return [{ ...base, type: 'MeetingSlotConfirmed', start: slot.start, end: slot.end }];
    }
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
      const notNow = whyNotMoveMeeting(state, by);
      if (notNow || !booked)
        return notNow ?? refuse('invalid', 'There is no meeting booked at this stage to move.');
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

/** Whether this person may ask for a meeting at the stage now (the chair of the dispute or of the meeting). */
export function whyNotRequestMeeting(state: DisputeState, stage: Stage, by: string): Refusal | undefined {
  const plan = state.stage?.meeting;
  const booked = activeMeeting(state);
  if (!isRaiser(state, by) && !isMeetingChair(state, by))
    return refuse('not-allowed', 'Only the chair of the dispute or of the meeting can ask for a meeting.');
  if (!plan)
    return refuse('invalid', `The protocol has no meeting at "${stage.name}", so there is none to ask for.`);
  if (booked && state.stage?.meetingOutcome !== 'not-held')
    return refuse('invalid', 'A meeting is already booked at this stage.');
  if (
    state.stage?.meetingRequested &&
    !booked &&
    !state.stage.meetingNotBooked &&
    state.stage.meetingOutcome !== 'not-held'
  )
    return refuse('invalid', 'A meeting has already been asked for at this stage.');
  if (
    plan.need === 'required' &&
    state.stage?.meetingOutcome !== 'not-held' &&
    !state.stage?.meetingNotBooked &&
    !booked
  )
    return refuse('invalid', `The meeting at "${stage.name}" is booked by itself: no need to ask.`);
  return undefined;
}

/** Whether this person is the one asked to confirm the meeting's date, and times await them. */
export function whyNotConfirmMeetingSlot(state: DisputeState, stage: Stage, by: string): Refusal | undefined {
  const plan = state.stage?.meeting;
  if (!plan?.confirmerIds?.length)
    return refuse('invalid', `Nobody confirms the date of the meeting at "${stage.name}".`);
  if (!plan.confirmerIds.includes(by))
    return refuse('not-allowed', 'Only the person asked to confirm the meeting date can confirm it.');
  if (state.stage?.confirmedSlot)
    return refuse('no-longer-applies', 'The meeting date has already been confirmed.');
  if (!state.stage?.proposedSlots)
    return refuse('invalid', 'No times have been proposed for this meeting yet.');
  return undefined;
}

/** The proposed times still open to choose: one that has begun is refused. */
export function confirmableSlots(state: DisputeState, now: string): { start: string; end: string }[] {
  return (state.stage?.proposedSlots?.slots ?? []).filter((x) => instantMillis(x.start) > instantMillis(now));
}

/** Whether this person may move the stage's booked meeting. */
export function whyNotMoveMeeting(state: DisputeState, by: string): Refusal | undefined {
  if (!isRaiser(state, by) && !isMeetingChair(state, by))
    return refuse('not-allowed', 'Only the chair of the dispute or of the meeting can move the meeting.');
  if (!activeMeeting(state)) return refuse('invalid', 'There is no meeting booked at this stage to move.');
  return undefined;
}

/** Whether this person may record the stage's meeting, and whether there is one to record. */
export function whyNotRecordMeetingOutcome(
  state: DisputeState,
  stage: Stage,
  by: string,
): Refusal | undefined {
  // Who may record comes first: someone else learns nothing about the meeting from the refusal.
  if (!isRaiser(state, by) && !isMeetingChair(state, by))
    return refuse('not-allowed', 'Only the chair of the dispute or of the meeting can record the meeting.');
  if (!state.stage?.meeting || !stageHasMeeting(state))
    return refuse(
      'invalid',
      state.stage?.meeting
        ? `No meeting was asked for or booked at "${stage.name}", so there is no meeting outcome to record. Ask for the meeting first, or add a note.`
        : `"${stage.name}" has no meeting, so there is no meeting outcome to record. Add a note instead.`,
      'outcome',
    );
  if (state.stage.meetingOutcome && state.stage.meetingOutcome !== 'not-held')
    return refuse('no-longer-applies', `The meeting at "${stage.name}" is already recorded.`);
  return undefined;
}

export function decideMeetingOutcome(
  state: DisputeState,
  stage: Stage,
  command: RecordMeetingOutcomeCommand,
  by: string,
  now: string,
): DisputeEvent[] | Refusal {
  const why = whyNotRecordMeetingOutcome(state, stage, by);
  if (why) return why;
  const text = command.text.trim();
  if (!text) return refuse('invalid', 'Please write what the meeting decided.', 'text');
  if (text.length > textLimits.note)
    return refuse('invalid', `The record is too long: at most ${textLimits.note} characters.`, 'text');
  return [
    {
      type: 'MeetingOutcomeRecorded',
      at: now,
      actorId: by,
      stageId: stage.id,
      outcome: command.outcome,
      text,
    },
  ];
}
