// Administration for oversight posts: the protocols in force, roles nobody holds for open disputes,
// automatic steps refused, and messages that could not be delivered.
import { z } from 'zod';
import { instant } from './common.ts';

export const AdminOverviewSchema = z
  .object({
    protocols: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        council: z.string(),
        flow: z.string(),
        cap: z.object({ workingDays: z.number(), countsFromStageId: z.string() }).nullable(),
        stages: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            formal: z.boolean(),
            /** Response time in working days (the default where the chair sets it). */
            days: z.number(),
            daysSetByChair: z.boolean(),
            /** Whether the seed document gives the time, or it is the product's default. */
            daysFromSource: z.boolean(),
            onDeadline: z.enum(['escalate', 'ask-chair']),
            meeting: z.enum(['none', 'optional', 'required']),
          }),
        ),
      }),
    ),
    /** For open disputes: roles of the current and the next stage that nobody in the directory holds. */
    unresolvedRoles: z.array(
      z.object({
        disputeId: z.string(),
        reference: z.string(),
        protocolId: z.string(),
        stageIds: z.array(z.string()),
        role: z.string(),
        label: z.string(),
        why: z.string(),
      }),
    ),
    /** Automatic steps refused and not yet taken: retried, and reported each working day. */
    refusedSteps: z.array(
      z.object({
        disputeId: z.string(),
        reference: z.string(),
        protocolId: z.string(),
        stageId: z.string(),
        toStageId: z.string(),
        why: z.string(),
        since: z.string(),
        lastReportedOn: z.string(),
      }),
    ),
    failedDeliveries: z.array(
      z.object({
        disputeId: z.string(),
        reference: z.string(),
        recipientId: z.string(),
        recipientName: z.string().nullable(),
        reason: z.string(),
        stageId: z.string().nullable(),
        channel: z.string(),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
        createdAt: instant,
      }),
    ),
  })
  .meta({ id: 'AdminOverview' });
