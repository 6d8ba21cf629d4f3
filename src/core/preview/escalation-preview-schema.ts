// The shape of an escalation preview, as zod: the core's type comes from it, and the API contract
// serves it as it is (src/contract/protocols.ts), so the two are one declaration.
import { z } from 'zod';

/** An instant, ISO 8601 with the London offset. */
const instant = z.string().describe('ISO 8601 instant with offset');

export const EscalationPreviewSchema = z.object({
  protocolId: z.string(),
  start: z.string(),
  /** When every stage on this road falls due, London time; `productDefault` when the council set none. */
  closeOfBusiness: z.object({ time: z.string(), productDefault: z.boolean() }),
  stages: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      formal: z.boolean(),
      /** Day 0: the London date the stage is sent. */
      opens: z.string(),
      /** When it is sent, if it is sent by the sweeper (null for the stage the dispute starts at). */
      opensAt: instant.nullable(),
      due: z.string(),
      /** Close of business on `due`, ISO with the London offset. */
      dueAt: instant,
      workingDays: z.number(),
      /** False when the time limit is the protocol's default, not the source document's. */
      timeFromSource: z.boolean(),
      timeNote: z.string(),
      meeting: z.enum(['none', 'optional', 'required']),
      onDeadline: z.enum(['escalate', 'ask-chair']),
      chairDecision: z.object({ workingDays: z.number(), until: z.string(), untilAt: instant }).nullable(),
    }),
  ),
  cap: z.object({ on: z.string(), workingDays: z.number(), countsFromStageId: z.string() }).nullable(),
  warnings: z.array(z.string()),
});

export type EscalationPreview = z.infer<typeof EscalationPreviewSchema>;
export type PreviewStage = EscalationPreview['stages'][number];
