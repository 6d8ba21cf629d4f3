// The moments that also go to a person's Teams activity feed, besides the card in their chat: being
// asked to respond, a response due on the next working day, a decision the chair must take after a
// missed deadline, and the overall time limit reached. Everything else (copies, "for your
// information", meetings) stays a card only, so the feed (the bell people watch) carries only what
// asks something of them.
import type { DisputeEvent } from './dispute-events.ts';
import type { Notification, NotificationReason } from './notifications.ts';

export type FeedMoment = 'asked-to-respond' | 'deadline-tomorrow' | 'decision-needed' | 'cap-reached';

/**
 * The outbox reason of a feed row, for each moment: a feed row keeps the reason of the card it goes
 * with, and only a `reminder` sent the working day before the due date is given a feed row, so the
 * reason alone says the moment when the row is delivered.
 */
export const feedMomentOfReason: Partial<Record<NotificationReason, FeedMoment>> = {
  respond: 'asked-to-respond',
  reminder: 'deadline-tomorrow',
  'chair-decision-needed': 'decision-needed',
  'cap-reached': 'cap-reached',
};

/** The feed moment of a notification about `event`, or null when it is a card only. */
export function feedMomentOf(notification: Notification, event: DisputeEvent | undefined): FeedMoment | null {
  const moment = feedMomentOfReason[notification.reason] ?? null;
  // The due-day reminder is a card only: the day before is the one that still leaves time to answer.
  if (moment === 'deadline-tomorrow' && !(event?.type === 'ReminderDue' && event.kind === 'before-due'))
    return null;
  return moment;
}
