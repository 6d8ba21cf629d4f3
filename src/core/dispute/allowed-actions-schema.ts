// The shape of what one reader may do to a dispute now, with each form's constraints: the mirror of
// `decide`, drawn by the bot's cards and the tab alike. It is a zod schema because the OpenAPI
// document and the tab's generated client are built from it; the type is inferred from it.
// Each action is null when it is not offered, so a client never has to re-derive a rule.
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
const maxLength = z.number().int().positive();
const slot = z.object({ start: z.string(), end: z.string() });

export const responseOutcomeSchema = z.enum([
  'actions-agreed',
  'actions-completed',
  'disagree',
  'needs-more-time',
]);
export const meetingOutcomeSchema = z.enum(['resolved', 'actions-agreed', 'not-resolved', 'not-held']);
export const escalationGroundsSchema = z.enum(['not-answered-in-time', 'dissatisfied-with-response']);

export const EscalationTargetSchema = z.object({
  stageId: z.string(),
  name: z.string(),
  /** The next stage in order; any other is reached directly, as the protocol allows. */
  isNext: z.boolean(),
  /**
   * A referral (Calderdale 6.11): the chair must confirm having consulted `consultRoles` (send
   * `consulted: true`), and the protocol's pre-alert roles are told by email first.
   */
  needsConsultation: z.boolean(),
});

export const AllowedActionsSchema = z
  .object({
    acknowledge: z.object({ stageId: z.string() }).nullable(),
    respond: z
      .object({
        /** The stage being answered: send it back, so an answer to a stage since closed is refused. */
        stageId: z.string(),
        outcomes: z.array(responseOutcomeSchema),
        textMaxLength: maxLength,
        actionsProposedMaxLength: maxLength,
        /** With "needs-more-time": the earliest day one may ask for (any later working day will do). */
        moreTimeEarliestOn: isoDate,
      })
      .nullable(),
    coSign: z
      .object({
        /** Whose responses this reader may co-sign, oldest first. */
        responseBy: z.array(z.string()).min(1),
        /** The one signed when none is named: the latest. */
        defaultResponseBy: z.string(),
      })
      .nullable(),
    extend: z
      .object({
        currentDueOn: isoDate,
        /** The earliest new due date: a working day after today (and after the current due date, unless deciding at a missed deadline). */
        earliestDueOn: isoDate,
        /** There is no latest date; a date after the overall limit is allowed but recorded as crossing it. */
        capOn: isoDate.nullable(),
        reasonMaxLength: maxLength,
      })
      .nullable(),
    escalate: z
      .object({
        /** The next stage: the target when none is chosen. */
        defaultStageId: z.string(),
        targets: z.array(EscalationTargetSchema).min(1),
        /** The roles a referral asks the chair to consult first (role labels). */
        consultRoles: z.array(z.string()),
        grounds: z.object({
          /** Whether the stage asks why it moves on (Calderdale 6.16). */
          asked: z.boolean(),
          /** Whether the grounds must be given now (before a missed deadline). */
          required: z.boolean(),
          /** The grounds the facts bear out now. */
          allowed: z.array(escalationGroundsSchema),
        }),
        reasonMaxLength: maxLength,
        recommendationsMaxLength: maxLength,
      })
      .nullable(),
    resolve: z
      .object({
        /** Resolving as the chair, or as the respondent who decides at this stage (Gloucestershire). */
        as: z.enum(['chair', 'deciding-respondent']),
        summaryMaxLength: maxLength,
      })
      .nullable(),
    withdraw: z.object({ reasonMaxLength: maxLength }).nullable(),
    addNote: z.object({ textMaxLength: maxLength }).nullable(),
    requestMeeting: z
      .object({
        /** Asking again after the last meeting was recorded as not held, or after it could not be booked. */
        again: z.boolean(),
        reasonMaxLength: maxLength,
      })
      .nullable(),
    recordMeetingOutcome: z
      .object({ outcomes: z.array(meetingOutcomeSchema), textMaxLength: maxLength })
      .nullable(),
    /** Bradford stage 3: the proposed times this reader may confirm (only those still to come). */
    confirmMeetingSlot: z.object({ slots: z.array(slot).min(1) }).nullable(),
    moveMeeting: z
      .object({
        /** The meeting as booked now; the new time must be in the future, on a working day, and end after it starts. */
        start: z.string(),
        end: z.string(),
        reasonMaxLength: maxLength,
      })
      .nullable(),
  })
  .describe('What this reader may do to the dispute now; each action is null when it is not offered.');

export type AllowedActions = z.infer<typeof AllowedActionsSchema>;

/** Nothing offered: the shape for a reader with no part in the dispute, or a closed one. */
export const noActions: AllowedActions = {
  acknowledge: null,
  respond: null,
  coSign: null,
  extend: null,
  escalate: null,
  resolve: null,
  withdraw: null,
  addNote: null,
  requestMeeting: null,
  recordMeetingOutcome: null,
  confirmMeetingSlot: null,
  moveMeeting: null,
};

/** Each offer's key, with the command type `decide` takes for it. */
export const commandTypeOf = {
  acknowledge: 'acknowledge',
  respond: 'respond',
  coSign: 'co-sign',
  extend: 'extend',
  escalate: 'escalate',
  resolve: 'resolve',
  withdraw: 'withdraw',
  addNote: 'add-note',
  requestMeeting: 'request-meeting',
  recordMeetingOutcome: 'record-meeting-outcome',
  confirmMeetingSlot: 'confirm-meeting-slot',
  moveMeeting: 'move-meeting',
} as const satisfies Record<keyof AllowedActions, string>;

export type OfferedCommandType = (typeof commandTypeOf)[keyof AllowedActions];

/** The command types offered, in the schema's order. */
export function offeredCommandTypes(allowed: AllowedActions): OfferedCommandType[] {
  return (Object.keys(commandTypeOf) as (keyof AllowedActions)[])
    .filter((k) => allowed[k] !== null)
    .map((k) => commandTypeOf[k]);
}
