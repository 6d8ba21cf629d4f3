// One dispute as the REST API shows it to one person (src/app/dispute-view.ts builds it). The
// stage, the meeting, the events and who was told: everything the tab and the bot's cards draw.
import { z } from 'zod';
import { AllowedActionsSchema } from '../core/dispute/allowed-actions-schema.ts';
import { instant, SlotSchema } from './common.ts';
import { DisputeEventSchema } from './dispute-events.ts';

const ids = z.array(z.string());

export const DisputeStageSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    formal: z.boolean(),
    asks: z.string(),
    openedOn: z.string(),
    dueOn: z.string(),
    dueAt: instant,
    overdue: z.boolean(),
    answered: z.boolean(),
    awaitingChairDecision: z.object({ since: z.string(), autoEscalateOn: z.string().nullable() }).nullable(),
    meeting: z
      .object({
        need: z.enum(['optional', 'required']),
        chairId: z.string().nullable(),
        attendeeIds: ids,
        confirmerIds: ids.optional(),
      })
      .nullable(),
    /** "Carla Brightwater is out of the office until …, so this goes to …" */
    routingNotes: z.array(z.object({ personId: z.string(), reason: z.string() })),
    /** Whether every respondent must answer or co-sign one jointly agreed response. */
    jointResponse: z.boolean(),
    /** Respondents still expected to answer (chased by reminders until they do). */
    stillToAnswer: ids,
    coSignedBy: ids,
    /** An automatic step refused (a role nobody holds): retried and reported each working day. */
    stepRefused: z
      .object({ toStageId: z.string(), why: z.string(), since: z.string(), lastOn: z.string() })
      .nullable(),
    /** The stage's values that are this product's choice, not the council's document. */
    productDefaults: z.array(z.string()),
    /** Where the council's document contradicts itself on this stage (shown, not resolved silently). */
    seedConflicts: z.array(z.string()),
    /** Times proposed to whoever confirms the meeting's date, and who confirms. */
    proposedSlots: z.object({ slots: z.array(SlotSchema), confirmerIds: ids }).nullable(),
    confirmedSlot: SlotSchema.nullable(),
    meetingRequested: z.object({ at: instant, reason: z.string() }).nullable(),
  })
  .meta({ id: 'DisputeStage' });

export const DisputeViewSchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    version: z.number().int(),
    protocolId: z.string(),
    status: z.enum(['open', 'resolved', 'withdrawn']),
    /** Initials and no date of birth for a reader who may not see the child's details. */
    child: z.object({
      name: z.string(),
      initials: z.string(),
      dateOfBirth: z.string().nullable(),
      caseNumber: z.string(),
    }),
    conferenceDate: z.string(),
    theme: z.string(),
    concern: z.string(),
    actionsRequired: z.string(),
    immediateRisk: z.boolean(),
    raiserId: z.string(),
    socialWorkerId: z.string(),
    stage: DisputeStageSchema.nullable(),
    /** A record kept off the child's file until resolution, and what to do with it now. */
    localRecord: z
      .object({
        what: z.string(),
        now: z.enum(['keep-locally', 'put-on-child-file']),
        instruction: z.string(),
      })
      .nullable(),
    capOn: z.string().nullable(),
    capReached: z.boolean(),
    /** The current stage's meeting as booked, with who has answered. */
    meeting: z
      .object({
        start: instant,
        end: instant,
        provider: z.enum(['graph', 'ics']),
        joinUrl: z.string().nullable(),
        chairId: z.string(),
        attendeeIds: ids,
        responses: z.record(z.string(), z.string()),
        warnings: z.array(z.string()),
        sequence: z.number().int(),
      })
      .nullable(),
    /** Why the meeting could not be booked, and the next best times. */
    meetingNotBooked: z.object({ reason: z.string(), nextBestSlots: z.array(SlotSchema) }).nullable(),
    respondents: ids,
    copied: ids,
    /** The viewer's roles on this dispute. */
    yourRoles: z.array(z.string()),
    events: z.array(DisputeEventSchema),
    notifications: z.array(
      z.object({
        recipientId: z.string(),
        reason: z.string(),
        stageId: z.string().nullable(),
        channel: z.string(),
        status: z.string(),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
      }),
    ),
    /** Who has opened the dispute, first time each. */
    seenBy: z.array(z.object({ personId: z.string(), at: instant })),
    /** What the viewer may do now, with each form's constraints: the bot and the tab draw from this. */
    allowedActions: AllowedActionsSchema.meta({ id: 'AllowedActions' }),
  })
  .meta({ id: 'DisputeView' });
