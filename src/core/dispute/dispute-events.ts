// The events of a dispute as the core uses them: each type is inferred from its schema, declared
// once in dispute-event-schemas.ts (with the doc of every field). The stream is the audit trail for
// the child's file: who did what, when, and who was told. State is a fold of these.
import type { z } from 'zod';
import {
  EscalationGroundsSchema,
  ResponseOutcomeSchema,
  type AcknowledgedSchema,
  type AutomaticStepRefusedSchema,
  type CapReachedSchema,
  type ChildDetailsSchema,
  type CoSignedSchema,
  type DeadlineMissedSchema,
  type disputeEventSchemas,
  type EscalatedSchema,
  type EscalationCauseSchema,
  type ExtendedSchema,
  type ImmediateReviewAlertedSchema,
  type MeetingBookedSchema,
  type MeetingCancelledSchema,
  type MeetingMovedSchema,
  type MeetingNotBookedSchema,
  type MeetingOutcomeRecordedSchema,
  type MeetingOutcomeSchema,
  type MeetingPlanSchema,
  type MeetingRequestedSchema,
  type MeetingResponseRecordedSchema,
  type MeetingResponseSchema,
  type MeetingSlotConfirmedSchema,
  type MeetingSlotsProposedSchema,
  type NoteAddedSchema,
  type RaisedSchema,
  type RedactedSchema,
  type ReferralPreAlertedSchema,
  type ReminderDueSchema,
  type ReminderKindSchema,
  type RespondedSchema,
  type ResolvedSchema,
  type StageOpenedSchema,
  type WithdrawnSchema,
} from './dispute-event-schemas.ts';

export type ChildDetails = z.infer<typeof ChildDetailsSchema>;
export type MeetingPlan = z.infer<typeof MeetingPlanSchema>;

export type ResponseOutcome = z.infer<typeof ResponseOutcomeSchema>;
export const responseOutcomes: readonly ResponseOutcome[] = ResponseOutcomeSchema.options;

export type ReminderKind = z.infer<typeof ReminderKindSchema>;
export type EscalationCause = z.infer<typeof EscalationCauseSchema>;
/** Why the chair moved on before a deadline was missed, in the seed's words (Calderdale 6.16). */
export type EscalationGrounds = z.infer<typeof EscalationGroundsSchema>;
export const escalationGrounds: readonly EscalationGrounds[] = EscalationGroundsSchema.options;
export type MeetingOutcome = z.infer<typeof MeetingOutcomeSchema>;
export type MeetingResponse = z.infer<typeof MeetingResponseSchema>;

export type Raised = z.infer<typeof RaisedSchema>;
export type StageOpened = z.infer<typeof StageOpenedSchema>;
export type Acknowledged = z.infer<typeof AcknowledgedSchema>;
export type Responded = z.infer<typeof RespondedSchema>;
export type CoSigned = z.infer<typeof CoSignedSchema>;
export type Extended = z.infer<typeof ExtendedSchema>;
export type ReminderDue = z.infer<typeof ReminderDueSchema>;
export type DeadlineMissed = z.infer<typeof DeadlineMissedSchema>;
export type Escalated = z.infer<typeof EscalatedSchema>;
export type ImmediateReviewAlerted = z.infer<typeof ImmediateReviewAlertedSchema>;
export type ReferralPreAlerted = z.infer<typeof ReferralPreAlertedSchema>;
export type MeetingRequested = z.infer<typeof MeetingRequestedSchema>;
export type MeetingSlotsProposed = z.infer<typeof MeetingSlotsProposedSchema>;
export type MeetingSlotConfirmed = z.infer<typeof MeetingSlotConfirmedSchema>;
export type AutomaticStepRefused = z.infer<typeof AutomaticStepRefusedSchema>;
export type CapReached = z.infer<typeof CapReachedSchema>;
export type Resolved = z.infer<typeof ResolvedSchema>;
export type Withdrawn = z.infer<typeof WithdrawnSchema>;
export type NoteAdded = z.infer<typeof NoteAddedSchema>;
export type MeetingOutcomeRecorded = z.infer<typeof MeetingOutcomeRecordedSchema>;
export type MeetingBooked = z.infer<typeof MeetingBookedSchema>;
export type MeetingNotBooked = z.infer<typeof MeetingNotBookedSchema>;
export type MeetingMoved = z.infer<typeof MeetingMovedSchema>;
export type MeetingCancelled = z.infer<typeof MeetingCancelledSchema>;
export type MeetingResponseRecorded = z.infer<typeof MeetingResponseRecordedSchema>;
export type Redacted = z.infer<typeof RedactedSchema>;

export type DisputeEvent = z.infer<(typeof disputeEventSchemas)[number]>;

export type DisputeEventType = DisputeEvent['type'];
