// The events of a dispute as the dispute view lists them (src/core/dispute/dispute-events.ts),
// each with its sequence number. A compile-time check below keeps these and the core's types equal.
import { z } from 'zod';
import type { DisputeEvent } from '../core/dispute/dispute-events.ts';
import { instant, SlotSchema, type Same } from './common.ts';

const base = { at: instant, actorId: z.string(), seq: z.number().int() };
const ids = z.array(z.string());
const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...base, ...shape });

const MeetingPlanSchema = z.object({
  need: z.enum(['optional', 'required']),
  chairId: z.string().nullable(),
  attendeeIds: ids,
  confirmerIds: ids.optional(),
});

export const DisputeEventSchema = z
  .discriminatedUnion('type', [
    event('Redacted', { rule: z.string(), team: z.string().nullable() }),
    event('ImmediateReviewAlerted', {
      stageId: z.string(),
      alertedIds: ids,
      challengedChairId: z.string().nullable(),
    }),
    event('ReferralPreAlerted', { toStageId: z.string(), consultedIds: ids, alertedIds: ids }),
    event('MeetingRequested', { stageId: z.string(), reason: z.string() }),
    event('MeetingSlotsProposed', { stageId: z.string(), slots: z.array(SlotSchema), confirmerIds: ids }),
    event('MeetingSlotConfirmed', { stageId: z.string(), start: instant, end: instant }),
    event('MeetingBooked', {
      stageId: z.string(),
      meetingKey: z.string(),
      start: instant,
      end: instant,
      provider: z.enum(['graph', 'ics']),
      eventId: z.string(),
      joinUrl: z.string().nullable(),
      chairId: z.string(),
      attendeeIds: ids,
      warnings: z.array(z.string()),
    }),
    event('MeetingNotBooked', {
      stageId: z.string(),
      reason: z.string(),
      nextBestSlots: z.array(SlotSchema),
    }),
    event('MeetingMoved', {
      stageId: z.string(),
      meetingKey: z.string(),
      start: instant,
      end: instant,
      sequence: z.number().int(),
      reason: z.string(),
    }),
    event('MeetingCancelled', {
      stageId: z.string(),
      meetingKey: z.string(),
      sequence: z.number().int(),
      reason: z.string(),
    }),
    event('MeetingResponseRecorded', {
      stageId: z.string(),
      meetingKey: z.string(),
      personId: z.string(),
      response: z.enum(['accepted', 'tentative', 'declined', 'none']),
    }),
    event('Raised', {
      disputeId: z.string(),
      protocolId: z.string(),
      raiserId: z.string(),
      socialWorkerId: z.string(),
      /** For a reader who may not see the child: initials, no date of birth (''). */
      child: z.object({ name: z.string(), dateOfBirth: z.string(), caseNumber: z.string() }),
      conferenceDate: z.string(),
      theme: z.string(),
      concern: z.string(),
      actionsRequired: z.string(),
      immediateRisk: z.boolean(),
      startStageId: z.string(),
      bypassReason: z.string().nullable(),
      /** Earlier disputes another chair's reader may not see show as "not-available-N". */
      recurrenceOf: ids,
      chairSetWorkingDays: z.number().int().nullable(),
      challengedChairId: z.string().nullable().optional(),
    }),
    event('StageOpened', {
      stageId: z.string(),
      openedOn: z.string(),
      workingDays: z.number().int(),
      dueOn: z.string(),
      dueAt: instant,
      respondentIds: ids,
      copiedIds: ids,
      notifiedIds: ids,
      meeting: MeetingPlanSchema.nullable(),
      capOn: z.string().nullable(),
      routingNotes: z.array(z.object({ personId: z.string(), reason: z.string() })).optional(),
    }),
    event('Acknowledged', { stageId: z.string() }),
    event('Responded', {
      stageId: z.string(),
      outcome: z.enum(['actions-agreed', 'actions-completed', 'disagree', 'needs-more-time']),
      text: z.string(),
      actionsProposed: z.string().nullable(),
      moreTimeUntil: z.string().nullable(),
    }),
    event('CoSigned', { stageId: z.string(), responseBy: z.string() }),
    event('Extended', {
      stageId: z.string(),
      previousDueOn: z.string(),
      dueOn: z.string(),
      dueAt: instant,
      reason: z.string(),
      beyondCapOn: z.string().optional(),
    }),
    event('ReminderDue', {
      stageId: z.string(),
      kind: z.enum(['before-due', 'due-today', 'chair-decision']),
      forDate: z.string(),
      recipientIds: ids,
    }),
    event('DeadlineMissed', {
      stageId: z.string(),
      dueOn: z.string(),
      action: z.enum(['escalate', 'ask-chair']),
      consultIds: ids,
      autoEscalateOn: z.string().nullable(),
    }),
    event('Escalated', {
      fromStageId: z.string(),
      toStageId: z.string(),
      reason: z.string(),
      cause: z.enum(['chair', 'deadline', 'no-chair-decision']),
      grounds: z.enum(['not-answered-in-time', 'dissatisfied-with-response']).nullable().optional(),
      recommendations: z.string().nullable().optional(),
    }),
    event('CapReached', { capOn: z.string(), alertedIds: ids }),
    event('AutomaticStepRefused', {
      stageId: z.string(),
      toStageId: z.string(),
      why: z.string(),
      forDate: z.string(),
      alertedIds: ids,
    }),
    event('Resolved', {
      stageId: z.string(),
      summary: z.string(),
      keepMonitoring: z.boolean(),
      localRecordToFile: z.string().optional(),
    }),
    event('Withdrawn', { stageId: z.string(), reason: z.string() }),
    event('NoteAdded', { stageId: z.string(), text: z.string() }),
    event('MeetingOutcomeRecorded', {
      stageId: z.string(),
      outcome: z.enum(['resolved', 'actions-agreed', 'not-resolved', 'not-held']),
      text: z.string(),
    }),
  ])
  .meta({ id: 'DisputeEvent' });

export type DisputeEventWithSeq = z.infer<typeof DisputeEventSchema>;

// The core's event types and this schema describe the same thing: a change to either that the
// other lacks fails to compile here.
export const eventsAgree: Same<DisputeEvent & { seq: number }, DisputeEventWithSeq> = true;
