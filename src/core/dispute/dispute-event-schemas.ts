// The events of a dispute, declared once: the stream is the audit trail for the child's file: who
// did what, when, and who was told. State is a fold of these; nothing else is stored about a dispute.
// They are zod schemas because the API lists them (src/contract/dispute-events.ts adds the sequence
// number); the core's types are inferred from them (dispute-events.ts).
import { z } from 'zod';

/** An instant as the events write it: ISO 8601 with an offset (the API's words for it too). */
const instant = z.string().describe('ISO 8601 instant with offset');
const ids = z.array(z.string());
const int = z.number().int();

/** The fields every event has. */
const base = {
  /** ISO-8601 instant with offset. */
  at: instant,
  /** A directory person id, or `system` for the deadline engine. */
  actorId: z.string(),
};
const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...base, ...shape });

export const ChildDetailsSchema = z.object({
  name: z.string(),
  dateOfBirth: z.string(),
  caseNumber: z.string(),
});

export const MeetingPlanSchema = z.object({
  need: z.enum(['optional', 'required']),
  chairId: z.string().nullable(),
  attendeeIds: ids,
  /** Who confirms the date from the proposed times (Bradford stage 3); absent: nobody, the earliest is booked. */
  confirmerIds: ids.optional(),
});

const SlotSchema = z.object({ start: instant, end: instant });

export const ResponseOutcomeSchema = z.enum([
  'actions-agreed',
  'actions-completed',
  'disagree',
  'needs-more-time',
]);
export const ReminderKindSchema = z.enum(['before-due', 'due-today', 'chair-decision']);
export const EscalationCauseSchema = z.enum(['chair', 'deadline', 'no-chair-decision']);
/** Why the chair moved on before a deadline was missed, in the seed's words (Calderdale 6.16). */
export const EscalationGroundsSchema = z.enum(['not-answered-in-time', 'dissatisfied-with-response']);
export const MeetingOutcomeSchema = z.enum(['resolved', 'actions-agreed', 'not-resolved', 'not-held']);
export const MeetingResponseSchema = z.enum(['accepted', 'tentative', 'declined', 'none']);

export const RaisedSchema = event('Raised', {
  disputeId: z.string(),
  protocolId: z.string(),
  raiserId: z.string(),
  socialWorkerId: z.string(),
  child: ChildDetailsSchema,
  conferenceDate: z.string(),
  theme: z.string(),
  concern: z.string(),
  actionsRequired: z.string(),
  immediateRisk: z.boolean(),
  startStageId: z.string(),
  /** Why the chair started beyond the first stage. */
  bypassReason: z.string().nullable(),
  /** Earlier unresolved disputes with a similar concern for this child (the recurrence rule). */
  recurrenceOf: ids,
  /** The chair-set limit for a stage whose limit the chair sets. */
  chairSetWorkingDays: int.nullable(),
  /** The conference chair whose decision is challenged (a dissent from a conference decision). */
  challengedChairId: z.string().nullable().optional(),
});

export const StageOpenedSchema = event('StageOpened', {
  stageId: z.string(),
  openedOn: z.string(),
  workingDays: int,
  dueOn: z.string(),
  dueAt: instant,
  respondentIds: ids,
  copiedIds: ids,
  notifiedIds: ids,
  meeting: MeetingPlanSchema.nullable(),
  /** Set when this stage starts the protocol's overall cap. */
  capOn: z.string().nullable(),
  /** Who stands in for someone away at this stage, and why (absent when nobody does). */
  routingNotes: z.array(z.object({ personId: z.string(), reason: z.string() })).optional(),
});

export const AcknowledgedSchema = event('Acknowledged', { stageId: z.string() });

export const RespondedSchema = event('Responded', {
  stageId: z.string(),
  outcome: ResponseOutcomeSchema,
  text: z.string(),
  actionsProposed: z.string().nullable(),
  moreTimeUntil: z.string().nullable(),
});

/** A respondent agreed a response another respondent wrote (a jointly agreed response). */
export const CoSignedSchema = event('CoSigned', { stageId: z.string(), responseBy: z.string() });

export const ExtendedSchema = event('Extended', {
  stageId: z.string(),
  previousDueOn: z.string(),
  dueOn: z.string(),
  dueAt: instant,
  reason: z.string(),
  /** Set when the new date is after the overall cap: the extension crosses it (flagged, recorded). */
  beyondCapOn: z.string().optional(),
});

export const ReminderDueSchema = event('ReminderDue', {
  stageId: z.string(),
  kind: ReminderKindSchema,
  /** The London date the reminder is for (one per kind per day). */
  forDate: z.string(),
  recipientIds: ids,
});

export const DeadlineMissedSchema = event('DeadlineMissed', {
  stageId: z.string(),
  dueOn: z.string(),
  action: z.enum(['escalate', 'ask-chair']),
  consultIds: ids,
  /** ask-chair: the product escalates by itself at close of business on this day without a decision. */
  autoEscalateOn: z.string().nullable(),
});

export const EscalatedSchema = event('Escalated', {
  fromStageId: z.string(),
  toStageId: z.string(),
  reason: z.string(),
  cause: EscalationCauseSchema,
  /** Why the chair moved on, where the stage asks (absent on older events). */
  grounds: EscalationGroundsSchema.nullable().optional(),
  /** The chair's recommendations for remedial action at this escalation (Appendix 1, per stage). */
  recommendations: z.string().nullable().optional(),
});

/** On risk of significant harm: the people the protocol names were alerted at once (Calderdale 6.6, 6.10). */
export const ImmediateReviewAlertedSchema = event('ImmediateReviewAlerted', {
  stageId: z.string(),
  alertedIds: ids,
  /** The conference chair whose decision is challenged, named and told; null when the flow names none. */
  challengedChairId: z.string().nullable(),
});

/**
 * A referral straight to a later stage (Calderdale 6.11): the chair confirmed consulting these
 * people, and these were alerted before the stage was sent.
 */
export const ReferralPreAlertedSchema = event('ReferralPreAlerted', {
  toStageId: z.string(),
  consultedIds: ids,
  alertedIds: ids,
});

/** The chair asked for a meeting the stage allows (optional), or asked again after one was not held. */
export const MeetingRequestedSchema = event('MeetingRequested', { stageId: z.string(), reason: z.string() });

/** Times proposed to the person who confirms the meeting's date (Bradford stage 3: the Head of Service). */
export const MeetingSlotsProposedSchema = event('MeetingSlotsProposed', {
  stageId: z.string(),
  slots: z.array(SlotSchema),
  confirmerIds: ids,
});

/** The confirmer chose one of the proposed times; the calendar books it. */
export const MeetingSlotConfirmedSchema = event('MeetingSlotConfirmed', {
  stageId: z.string(),
  start: instant,
  end: instant,
});

/**
 * An automatic step (moving the dispute on at a missed deadline) could not be taken: a role nobody
 * holds, a vacant post. The chair and the council's administrators are told at once, and again each
 * working day it stays refused (one notice per dispute per day).
 */
export const AutomaticStepRefusedSchema = event('AutomaticStepRefused', {
  stageId: z.string(),
  /** The stage the dispute should have moved to. */
  toStageId: z.string(),
  why: z.string(),
  /** The London date of this notice. */
  forDate: z.string(),
  alertedIds: ids,
});

export const CapReachedSchema = event('CapReached', { capOn: z.string(), alertedIds: ids });

export const ResolvedSchema = event('Resolved', {
  stageId: z.string(),
  summary: z.string(),
  keepMonitoring: z.boolean(),
  /** The locally held record the chair is prompted to put on the child's file now (seed 004). */
  localRecordToFile: z.string().optional(),
});

export const WithdrawnSchema = event('Withdrawn', { stageId: z.string(), reason: z.string() });

export const NoteAddedSchema = event('NoteAdded', { stageId: z.string(), text: z.string() });

export const MeetingOutcomeRecordedSchema = event('MeetingOutcomeRecorded', {
  stageId: z.string(),
  outcome: MeetingOutcomeSchema,
  text: z.string(),
});

/** A resolution meeting booked in the attendees' calendars (by Graph, or as an invitation). */
export const MeetingBookedSchema = event('MeetingBooked', {
  stageId: z.string(),
  /** Stable for the stage: the calendar's idempotency key and the invitation's UID. */
  meetingKey: z.string(),
  start: instant,
  end: instant,
  provider: z.enum(['graph', 'ics']),
  eventId: z.string(),
  joinUrl: z.string().nullable(),
  chairId: z.string(),
  attendeeIds: ids,
  /** Things the chair should know (a Teams meeting created without a join link). */
  warnings: z.array(z.string()),
});

/** No time could be found before the deadline, or the calendar refused: the chair decides. */
export const MeetingNotBookedSchema = event('MeetingNotBooked', {
  stageId: z.string(),
  reason: z.string(),
  nextBestSlots: z.array(SlotSchema),
});

export const MeetingMovedSchema = event('MeetingMoved', {
  stageId: z.string(),
  meetingKey: z.string(),
  start: instant,
  end: instant,
  /** iCalendar SEQUENCE: raised on every change. */
  sequence: int,
  reason: z.string(),
});

export const MeetingCancelledSchema = event('MeetingCancelled', {
  stageId: z.string(),
  meetingKey: z.string(),
  sequence: int,
  reason: z.string(),
});

export const MeetingResponseRecordedSchema = event('MeetingResponseRecorded', {
  stageId: z.string(),
  meetingKey: z.string(),
  personId: z.string(),
  response: MeetingResponseSchema,
});

/**
 * The record was disposed of at the end of its retention period (records management): every
 * personal field of the earlier events was erased by the database's one disposal function, which
 * also appended this event. What is left is the de-identified skeleton (docs/records-management.md).
 */
export const RedactedSchema = event('Redacted', {
  /** The retention rule that fell due, in words (e.g. "7 years after closure"). */
  rule: z.string(),
  /** The social worker's team at disposal (not a person): the board report's by-team figure. */
  team: z.string().nullable(),
});

/** Every kind of event, in the order the API document lists them. */
export const disputeEventSchemas = [
  RedactedSchema,
  ImmediateReviewAlertedSchema,
  ReferralPreAlertedSchema,
  MeetingRequestedSchema,
  MeetingSlotsProposedSchema,
  MeetingSlotConfirmedSchema,
  MeetingBookedSchema,
  MeetingNotBookedSchema,
  MeetingMovedSchema,
  MeetingCancelledSchema,
  MeetingResponseRecordedSchema,
  RaisedSchema,
  StageOpenedSchema,
  AcknowledgedSchema,
  RespondedSchema,
  CoSignedSchema,
  ExtendedSchema,
  ReminderDueSchema,
  DeadlineMissedSchema,
  EscalatedSchema,
  CapReachedSchema,
  AutomaticStepRefusedSchema,
  ResolvedSchema,
  WithdrawnSchema,
  NoteAddedSchema,
  MeetingOutcomeRecordedSchema,
] as const;
