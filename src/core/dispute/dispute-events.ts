// The events of a dispute. The stream is the audit trail for the child's file: who did what, when,
// and who was told. State is a fold of these; nothing else is stored about a dispute.

export interface ChildDetails {
  name: string;
  dateOfBirth: string;
  caseNumber: string;
}

export interface MeetingPlan {
  need: 'optional' | 'required';
  chairId: string | null;
  attendeeIds: string[];
}

export type ResponseOutcome = 'actions-agreed' | 'actions-completed' | 'disagree' | 'needs-more-time';
export const responseOutcomes: readonly ResponseOutcome[] = [
  'actions-agreed',
  'actions-completed',
  'disagree',
  'needs-more-time',
];

export type ReminderKind = 'before-due' | 'due-today' | 'chair-decision';
export type EscalationCause = 'chair' | 'deadline' | 'no-chair-decision';
export type MeetingOutcome = 'resolved' | 'actions-agreed' | 'not-resolved' | 'not-held';

interface Base {
  /** ISO-8601 instant with offset. */
  at: string;
  /** A directory person id, or `system` for the deadline engine. */
  actorId: string;
}

export interface Raised extends Base {
  type: 'Raised';
  disputeId: string;
  protocolId: string;
  raiserId: string;
  socialWorkerId: string;
  child: ChildDetails;
  conferenceDate: string;
  theme: string;
  concern: string;
  actionsRequired: string;
  immediateRisk: boolean;
  startStageId: string;
  /** Why the chair started beyond the first stage. */
  bypassReason: string | null;
  /** Earlier unresolved disputes with a similar concern for this child (the recurrence rule). */
  recurrenceOf: string[];
  /** The chair-set limit for a stage whose limit the chair sets. */
  chairSetWorkingDays: number | null;
}

export interface StageOpened extends Base {
  type: 'StageOpened';
  stageId: string;
  openedOn: string;
  workingDays: number;
  dueOn: string;
  dueAt: string;
  respondentIds: string[];
  copiedIds: string[];
  notifiedIds: string[];
  meeting: MeetingPlan | null;
  /** Set when this stage starts the protocol's overall cap. */
  capOn: string | null;
  /** Who stands in for someone away at this stage, and why (absent when nobody does). */
  routingNotes?: { personId: string; reason: string }[];
}

export interface Acknowledged extends Base {
  type: 'Acknowledged';
  stageId: string;
}

export interface Responded extends Base {
  type: 'Responded';
  stageId: string;
  outcome: ResponseOutcome;
  text: string;
  actionsProposed: string | null;
  moreTimeUntil: string | null;
}

/** A respondent agreed a response another respondent wrote (a jointly agreed response). */
export interface CoSigned extends Base {
  type: 'CoSigned';
  stageId: string;
  responseBy: string;
}

export interface Extended extends Base {
  type: 'Extended';
  stageId: string;
  previousDueOn: string;
  dueOn: string;
  dueAt: string;
  reason: string;
  /** Set when the new date is after the overall cap: the extension crosses it (flagged, recorded). */
  beyondCapOn?: string;
}

export interface ReminderDue extends Base {
  type: 'ReminderDue';
  stageId: string;
  kind: ReminderKind;
  /** The London date the reminder is for (one per kind per day). */
  forDate: string;
  recipientIds: string[];
}

export interface DeadlineMissed extends Base {
  type: 'DeadlineMissed';
  stageId: string;
  dueOn: string;
  action: 'escalate' | 'ask-chair';
  consultIds: string[];
  /** ask-chair: the product escalates by itself at the end of this day without a decision. */
  autoEscalateOn: string | null;
}

export interface Escalated extends Base {
  type: 'Escalated';
  fromStageId: string;
  toStageId: string;
  reason: string;
  cause: EscalationCause;
}

/**
 * An automatic step (moving the dispute on at a missed deadline) could not be taken: a role nobody
 * holds, a vacant post. The chair and the council's administrators are told at once, and again each
 * working day it stays refused (one notice per dispute per day).
 */
export interface AutomaticStepRefused extends Base {
  type: 'AutomaticStepRefused';
  stageId: string;
  /** The stage the dispute should have moved to. */
  toStageId: string;
  why: string;
  /** The London date of this notice. */
  forDate: string;
  alertedIds: string[];
}

export interface CapReached extends Base {
  type: 'CapReached';
  capOn: string;
  alertedIds: string[];
}

export interface Resolved extends Base {
  type: 'Resolved';
  stageId: string;
  summary: string;
  keepMonitoring: boolean;
}

export interface Withdrawn extends Base {
  type: 'Withdrawn';
  stageId: string;
  reason: string;
}

export interface NoteAdded extends Base {
  type: 'NoteAdded';
  stageId: string;
  text: string;
}

export interface MeetingOutcomeRecorded extends Base {
  type: 'MeetingOutcomeRecorded';
  stageId: string;
  outcome: MeetingOutcome;
  text: string;
}

/** A resolution meeting booked in the attendees' calendars (by Graph, or as an invitation). */
export interface MeetingBooked extends Base {
  type: 'MeetingBooked';
  stageId: string;
  /** Stable for the stage: the calendar's idempotency key and the invitation's UID. */
  meetingKey: string;
  start: string;
  end: string;
  provider: 'graph' | 'ics';
  eventId: string;
  joinUrl: string | null;
  chairId: string;
  attendeeIds: string[];
  /** Things the chair should know (a Teams meeting created without a join link). */
  warnings: string[];
}

/** No time could be found before the deadline, or the calendar refused: the chair decides. */
export interface MeetingNotBooked extends Base {
  type: 'MeetingNotBooked';
  stageId: string;
  reason: string;
  nextBestSlots: { start: string; end: string }[];
}

export interface MeetingMoved extends Base {
  type: 'MeetingMoved';
  stageId: string;
  meetingKey: string;
  start: string;
  end: string;
  /** iCalendar SEQUENCE: raised on every change. */
  sequence: number;
  reason: string;
}

export interface MeetingCancelled extends Base {
  type: 'MeetingCancelled';
  stageId: string;
  meetingKey: string;
  sequence: number;
  reason: string;
}

export type MeetingResponse = 'accepted' | 'tentative' | 'declined' | 'none';

export interface MeetingResponseRecorded extends Base {
  type: 'MeetingResponseRecorded';
  stageId: string;
  meetingKey: string;
  personId: string;
  response: MeetingResponse;
}

/**
 * The record was disposed of at the end of its retention period (records management): every
 * personal field of the earlier events was erased by the database's one disposal function, which
 * also appended this event. What is left is the de-identified skeleton (docs/records-management.md).
 */
export interface Redacted extends Base {
  type: 'Redacted';
  /** The retention rule that fell due, in words (e.g. "7 years after closure"). */
  rule: string;
  /** The social worker's team at disposal (not a person): the board report's by-team figure. */
  team: string | null;
}

export type DisputeEvent =
  | Redacted
  | MeetingBooked
  | MeetingNotBooked
  | MeetingMoved
  | MeetingCancelled
  | MeetingResponseRecorded
  | Raised
  | StageOpened
  | Acknowledged
  | Responded
  | CoSigned
  | Extended
  | ReminderDue
  | DeadlineMissed
  | Escalated
  | CapReached
  | AutomaticStepRefused
  | Resolved
  | Withdrawn
  | NoteAdded
  | MeetingOutcomeRecorded;

export type DisputeEventType = DisputeEvent['type'];
