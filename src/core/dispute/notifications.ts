// Who must be told of each event, and why. The application layer writes these as outbox rows in
// the same transaction as the events; delivery (Teams, email) happens later, with retries.
import type { Protocol } from '../protocol/protocol-schema.ts';
import { stageById } from '../protocol/stage-queries.ts';
import type { DisputeEvent } from './dispute-events.ts';
import { evolve, type DisputeState } from './dispute-state.ts';

export type NotificationReason =
  | 'respond'
  | 'copied'
  | 'told'
  | 'reminder'
  | 'chair-decision-needed'
  | 'consulted'
  | 'response-received'
  /** A jointly agreed response waits for this respondent's answer or co-signature. */
  | 'co-sign-needed'
  /** An automatic step (moving on at a missed deadline) was refused: a role nobody holds. */
  | 'step-refused'
  /** The chair gave more time past the overall cap. */
  | 'extension-beyond-cap'
  | 'cap-reached'
  | 'closed'
  | 'meeting-booked'
  | 'meeting-moved'
  | 'meeting-cancelled'
  | 'meeting-declined'
  | 'meeting-not-booked'
  | 'immediate-review'
  | 'pre-alert'
  | 'confirm-meeting-date'
  | 'file-local-record'
  // Jobs for the calendar rather than messages to a person (the recipient is the meeting's chair).
  | 'book-meeting'
  | 'update-meeting'
  | 'cancel-meeting';

/** Reasons that are calendar work, delivered by the meeting adapter, not as a message. */
export const meetingJobReasons: readonly NotificationReason[] = [
  'book-meeting',
  'update-meeting',
  'cancel-meeting',
];

export interface Notification {
  /** Index of the causing event in the list given. */
  eventIndex: number;
  recipientId: string;
  reason: NotificationReason;
  stageId: string | null;
}

/**
 * `before` is the state the events were decided on. Nobody is notified of their own action, and
 * each person is notified once per event (the strongest reason wins: respond beats copied).
 * `protocol` adds what depends on it: co-signatures at jointly answered stages, and copies of every
 * communication where the protocol copies people into all of them.
 */
export function notificationsFor(
  before: DisputeState,
  events: readonly DisputeEvent[],
  protocol?: Protocol,
): Notification[] {
  const out: Notification[] = [];
  // Calendar jobs are kept apart: they may go to someone who is also told of the same event.
  const jobs: Notification[] = [];
  let state = before;
  events.forEach((event, eventIndex) => {
    const add = (ids: readonly string[], reason: NotificationReason, stageId: string | null) => {
      for (const recipientId of ids) {
        // A prompt about one's own action (put the local record on the file) still goes to them.
        if (
          recipientId === event.actorId &&
          !meetingJobReasons.includes(reason) &&
          reason !== 'file-local-record'
        )
          continue;
        if (out.some((n) => n.eventIndex === eventIndex && n.recipientId === recipientId)) continue;
        out.push({ eventIndex, recipientId, reason, stageId });
      }
    };
    const raiser = event.type === 'Raised' ? event.raiserId : state.raiserId;
    const stageNow = state.stage && protocol ? stageById(protocol, state.stage.id) : undefined;
    // Seed 004: "Team Manager to be copied into all communications within the Formal Dispute stages".
    const copyAll = () => {
      if (protocol?.copiedIntoAllCommunications && stageNow?.formal && state.stage)
        add(state.stage.copiedIds, 'copied', state.stage.id);
    };
    switch (event.type) {
      case 'StageOpened':
        add(event.respondentIds, 'respond', event.stageId);
        add(event.notifiedIds, 'told', event.stageId);
        add(event.copiedIds, 'copied', event.stageId);
        if (event.meeting)
          add(
            [...(event.meeting.chairId ? [event.meeting.chairId] : []), ...event.meeting.attendeeIds],
            'told',
            event.stageId,
          );
        // The chair hears of a stage the system opened (a deadline escalation).
        add([raiser], 'told', event.stageId);
        // A required meeting is booked straight away, inside the stage's deadline (or its times
        // proposed to whoever confirms the date).
        if (event.meeting?.need === 'required')
          jobs.push({
            eventIndex,
            recipientId: event.meeting.chairId ?? raiser,
            reason: 'book-meeting',
            stageId: event.stageId,
          });
        break;
      case 'Acknowledged':
        add([raiser], 'response-received', event.stageId);
        break;
      case 'Responded':
        // Asking for more time past the overall cap is flagged to the chair, who decides on it.
        if (event.moreTimeUntil && state.capOn && event.moreTimeUntil > state.capOn)
          add([raiser], 'extension-beyond-cap', event.stageId);
        add([raiser], 'response-received', event.stageId);
        // A jointly agreed response: the other respondents are asked to answer or co-sign it.
        if (stageNow?.jointResponse && event.outcome !== 'needs-more-time' && state.stage)
          add(
            state.stage.respondentIds.filter(
              (id) =>
                !state.stage!.coSignedBy.includes(id) && !state.stage!.responses.some((r) => r.by === id),
            ),
            'co-sign-needed',
            event.stageId,
          );
        copyAll();
        break;
      case 'CoSigned':
        add([raiser], 'response-received', event.stageId);
        add([event.responseBy], 'told', event.stageId);
        copyAll();
        break;
      case 'Extended':
        add(state.stage?.respondentIds ?? [], 'told', event.stageId);
        if (event.beyondCapOn) {
          add([raiser], 'extension-beyond-cap', event.stageId);
          add(state.stage?.copiedIds ?? [], 'extension-beyond-cap', event.stageId);
        }
        copyAll();
        break;
      case 'AutomaticStepRefused':
        add(event.alertedIds, 'step-refused', event.stageId);
        break;
      case 'ReminderDue':
        add(
          event.recipientIds,
          event.kind === 'chair-decision' ? 'chair-decision-needed' : 'reminder',
          event.stageId,
        );
        break;
      case 'DeadlineMissed':
        if (event.action === 'ask-chair') {
          add([raiser], 'chair-decision-needed', event.stageId);
          add(event.consultIds, 'consulted', event.stageId);
        }
        copyAll();
        break;
      case 'CapReached':
        add(event.alertedIds, 'cap-reached', state.stage?.id ?? null);
        if (protocol?.copiedIntoAllCommunications && state.stage)
          add(state.stage.copiedIds, 'cap-reached', state.stage.id);
        break;
      case 'Resolved':
        if (event.localRecordToFile) add([raiser], 'file-local-record', event.stageId);
        add(state.participantIds, 'closed', event.stageId);
        break;
      case 'Withdrawn':
        add(state.participantIds, 'closed', event.stageId);
        break;
      case 'ImmediateReviewAlerted':
        add(event.alertedIds, 'immediate-review', event.stageId);
        if (event.challengedChairId) add([event.challengedChairId], 'told', event.stageId);
        break;
      case 'ReferralPreAlerted':
        add(event.alertedIds, 'pre-alert', state.stage?.id ?? null);
        break;
      case 'MeetingRequested':
      case 'MeetingSlotConfirmed':
        jobs.push({
          eventIndex,
          recipientId: state.stage?.meeting?.chairId ?? raiser,
          reason: 'book-meeting',
          stageId: event.stageId,
        });
        break;
      case 'MeetingSlotsProposed':
        add(event.confirmerIds, 'confirm-meeting-date', event.stageId);
        break;
      case 'MeetingOutcomeRecorded': {
        const m = state.stage?.meeting;
        if (m) add([raiser, ...(m.chairId ? [m.chairId] : []), ...m.attendeeIds], 'told', event.stageId);
        break;
      }
      case 'MeetingBooked':
        add([event.chairId, ...event.attendeeIds, raiser], 'meeting-booked', event.stageId);
        break;
      case 'MeetingNotBooked':
        add([raiser], 'meeting-not-booked', event.stageId);
        break;
      case 'MeetingMoved':
      case 'MeetingCancelled': {
        const m = state.meetings.find((x) => x.meetingKey === event.meetingKey);
        if (!m) break;
        const moved = event.type === 'MeetingMoved';
        add(
          [m.chairId, ...m.attendeeIds, raiser],
          moved ? 'meeting-moved' : 'meeting-cancelled',
          event.stageId,
        );
        jobs.push({
          eventIndex,
          recipientId: m.chairId,
          reason: moved ? 'update-meeting' : 'cancel-meeting',
          stageId: event.stageId,
        });
        break;
      }
      case 'MeetingResponseRecorded':
        if (event.response === 'declined') add([raiser], 'meeting-declined', event.stageId);
        break;
      case 'Raised':
      case 'Escalated':
      case 'NoteAdded':
        break;
    }
    state = evolve(state, event);
  });
  return [...out, ...jobs];
}
