// Words for the API's codes, kept in one place so every view says the same thing.

export const outcomeLabels: Record<string, string> = {
  'actions-agreed': 'Actions agreed',
  'actions-completed': 'Actions completed',
  disagree: 'Disagree with the concern',
  'needs-more-time': 'Needs more time',
};

export const meetingOutcomeLabels: Record<string, string> = {
  resolved: 'Resolved at the meeting',
  'actions-agreed': 'Actions agreed',
  'not-resolved': 'Not resolved',
  'not-held': 'The meeting was not held',
};

export const notificationReasonLabels: Record<string, string> = {
  respond: 'Asked to respond',
  told: 'Told',
  copied: 'Copied',
  consulted: 'Consulted',
  reminder: 'Reminder',
  'response-received': 'Response received',
  'co-sign-needed': 'Asked to co-sign',
  'step-refused': 'Automatic step refused',
  'extension-beyond-cap': 'More time past the overall limit',
  'deadline-missed': 'Deadline missed',
  'chair-decision': 'Chair to decide',
  'cap-reached': 'Overall time limit reached',
  closed: 'Dispute closed',
  'delivery-failed': 'A message could not be delivered',
  'meeting-booked': 'Meeting booked',
  'meeting-moved': 'Meeting moved',
  'meeting-cancelled': 'Meeting cancelled',
  'meeting-declined': 'Meeting declined',
  'meeting-not-booked': 'Meeting not booked',
  'book-meeting': 'Calendar: book the meeting',
  'update-meeting': 'Calendar: move the meeting',
  'cancel-meeting': 'Calendar: cancel the meeting',
};

export const deliveryStatusLabels: Record<string, string> = {
  pending: 'Waiting to send',
  delivered: 'Delivered',
  dead: 'Failed',
};

export const channelLabels: Record<string, string> = {
  teams: 'Teams',
  email: 'Email',
  log: 'Log only',
  feed: 'Teams activity feed',
};

export const statusLabels: Record<string, string> = {
  open: 'Open',
  resolved: 'Resolved',
  withdrawn: 'Withdrawn',
};

export const causeLabels: Record<string, string> = {
  chair: 'by the chair',
  deadline: 'because the deadline passed',
  'no-chair-decision': 'because no decision was made in time',
};

export const reminderLabels: Record<string, string> = {
  'before-due': 'Reminder: due soon',
  'due-today': 'Reminder: due today',
  'chair-decision': 'Reminder: the chair to decide',
};

export function labelOf(map: Record<string, string>, code: string): string {
  return map[code] ?? code.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export const groundsLabels: Record<string, string> = {
  'not-answered-in-time': 'Not answered in time',
  'dissatisfied-with-response': 'Dissatisfied with the response',
};

/** A code list the server sends, as options for a choice, in the server's order. */
export function optionsOf(map: Record<string, string>, codes: readonly string[]) {
  return codes.map((value) => ({ value, label: labelOf(map, value) }));
}
