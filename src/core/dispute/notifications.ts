// Who must be told of each event, and why. The application layer writes these as outbox rows in
// the same transaction as the events; delivery (Teams, email) happens later, with retries.
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
  | 'cap-reached'
  | 'closed';

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
 */
export function notificationsFor(before: DisputeState, events: readonly DisputeEvent[]): Notification[] {
  const out: Notification[] = [];
  let state = before;
  events.forEach((event, eventIndex) => {
    const add = (ids: readonly string[], reason: NotificationReason, stageId: string | null) => {
      for (const recipientId of ids) {
        if (recipientId === event.actorId) continue;
        if (out.some((n) => n.eventIndex === eventIndex && n.recipientId === recipientId)) continue;
        out.push({ eventIndex, recipientId, reason, stageId });
      }
    };
    const raiser = event.type === 'Raised' ? event.raiserId : state.raiserId;
    switch (event.type) {
      case 'StageOpened':
        add(event.respondentIds, 'respond', event.stageId);
        add(event.notifiedIds, 'told', event.stageId);
        add(event.copiedIds, 'copied', event.stageId);
        if (event.meeting)
          add([...(event.meeting.chairId ? [event.meeting.chairId] : []), ...event.meeting.attendeeIds], 'told', event.stageId);
        // The chair hears of a stage the system opened (a deadline escalation).
        add([raiser], 'told', event.stageId);
        break;
      case 'Acknowledged':
      case 'Responded':
        add([raiser], 'response-received', event.stageId);
        break;
      case 'Extended':
        add(state.stage?.respondentIds ?? [], 'told', event.stageId);
        break;
      case 'ReminderDue':
        add(event.recipientIds, event.kind === 'chair-decision' ? 'chair-decision-needed' : 'reminder', event.stageId);
        break;
      case 'DeadlineMissed':
        if (event.action === 'ask-chair') {
          add([raiser], 'chair-decision-needed', event.stageId);
          add(event.consultIds, 'consulted', event.stageId);
        }
        break;
      case 'CapReached':
        add(event.alertedIds, 'cap-reached', state.stage?.id ?? null);
        break;
      case 'Resolved':
      case 'Withdrawn':
        add(state.participantIds, 'closed', event.stageId);
        break;
      case 'MeetingOutcomeRecorded': {
        const m = state.stage?.meeting;
        if (m) add([raiser, ...(m.chairId ? [m.chairId] : []), ...m.attendeeIds], 'told', event.stageId);
        break;
      }
      case 'Raised':
      case 'Escalated':
      case 'NoteAdded':
        break;
    }
    state = evolve(state, event);
  });
  return out;
}
