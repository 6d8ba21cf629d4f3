// What queries need of a dispute, kept in step with its events (child data stays in the events),
// as zod: the store's rows are this type, and the API's lists serve it as it is
// (src/contract/disputes.ts), so the two are one declaration.
import { z } from 'zod';

/** An instant, ISO 8601. */
const instant = z.string().describe('ISO 8601 instant with offset');

export const DisputeProjectionSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  reference: z.string(),
  protocolId: z.string(),
  version: z.number().int(),
  status: z.enum(['open', 'resolved', 'withdrawn']),
  raiserId: z.string(),
  socialWorkerId: z.string(),
  caseNumber: z.string(),
  theme: z.string(),
  stageId: z.string().nullable(),
  stageOpenedOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  dueAt: instant.nullable(),
  capOn: z.string().nullable(),
  respondentIds: z.array(z.string()),
  copiedIds: z.array(z.string()),
  participantIds: z.array(z.string()),
  awaitingChairDecision: z.boolean(),
  raisedAt: instant,
  closedAt: instant.nullable(),
  /** The open stage got the answer it asks for (a list never marks it overdue). */
  stageAnswered: z.boolean(),
});

export type DisputeProjection = z.infer<typeof DisputeProjectionSchema>;
