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
  /** Who confirms the date from the proposed times (Bradford stage 3); absent: nobody, the earliest is booked. */
  confirmerIds?: string[];
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
/** Why the chair moved on before a deadline was missed, in the seed's words (Calderdale 6.16). */
export type EscalationGrounds = 'not-answered-in-time' | 'dissatisfied-with-response';
export const escalationGrounds: readonly EscalationGrounds[] = [
  'not-answered-in-time',
  'dissatisfied-with-response',
];
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
  /** The conference chair whose decision is challenged (a dissent from a conference decision). */
  challengedChairId?: string | null;
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
  /** ask-chair: the product escalates by itself at close of business on this day without a decision. */
  autoEscalateOn: string | null;
}

export interface Escalated extends Base {
  type: 'Escalated';
  fromStageId: string;
  toStageId: string;
  reason: string;
  cause: EscalationCause;
  /** Why the chair moved on, where the stage asks (absent on older events). */
  grounds?: EscalationGrounds | null;
  /** The chair's recommendations for remedial action at this escalation (Appendix 1, per stage). */
  recommendations?: string | null;
}

/** On risk of significant harm: the people the protocol names were alerted at once (Calderdale 6.6, 6.10). */
export interface ImmediateReviewAlerted extends Base {
  type: 'ImmediateReviewAlerted';
  stageId: string;
  alertedIds: string[];
  /** The conference chair whose decision is challenged, named and told; null when the flow names none. */
  challengedChairId: string | null;
}

/**
 * A referral straight to a later stage (Calderdale 6.11): the chair confirmed consulting these
 * people, and these were alerted before the stage was sent.
 */
export interface ReferralPreAlerted extends Base {
  type: 'ReferralPreAlerted';
  toStageId: string;
  consultedIds: string[];
  alertedIds: string[];
}

/** The chair asked for a meeting the stage allows (optional), or asked again after one was not held. */
export interface MeetingRequested extends Base {
  type: 'MeetingRequested';
  stageId: string;
  reason: string;
}

/** Times proposed to the person who confirms the meeting's date (Bradford stage 3: the Head of Service). */
export interface MeetingSlotsProposed extends Base {
  type: 'MeetingSlotsProposed';
  stageId: string;
  slots: { start: string; end: string }[];
  confirmerIds: string[];
}

/** The confirmer chose one of the proposed times; the calendar books it. */
export interface MeetingSlotConfirmed extends Base {
  type: 'MeetingSlotConfirmed';
  stageId: string;
  start: string;
  end: string;
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
  /** The locally held record the chair is prompted to put on the child's file now (seed 004). */
  localRecordToFile?: string;
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
  | ImmediateReviewAlerted
  | ReferralPreAlerted
  | MeetingRequested
  | MeetingSlotsProposed
  | MeetingSlotConfirmed
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
