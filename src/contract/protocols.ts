// The councils' protocols: the list for pickers, one protocol in full (as its YAML says, with
// defaults filled in), and the escalation preview ("if nobody acts, when does each stage fall due").
import { z } from 'zod';
import type { EscalationPreview } from '../core/preview/escalation-preview.ts';
import { ProtocolSchema, ThemeSchema } from '../core/protocol/protocol-schema.ts';
import { id, instant, isoDate, type Same } from './common.ts';

export const PreviewQuery = z.strictObject({ start: isoDate, startStageId: id.optional() });

export const ProtocolSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  council: z.string(),
  flow: z.enum(['practice-dispute', 'conference-dissent', 'concern-about-chair']),
  processName: z.string(),
  nation: z.enum(['england-and-wales', 'scotland', 'northern-ireland']),
  stages: z.array(z.object({ id: z.string(), name: z.string(), formal: z.boolean() })),
});

/** A protocol in full, with the themes a dispute may be about (the defaults where it names none). */
export const ProtocolDetailSchema = ProtocolSchema.safeExtend({ themes: z.array(ThemeSchema) }).meta({
  id: 'Protocol',
});

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

export const previewAgrees: Same<EscalationPreview, z.infer<typeof EscalationPreviewSchema>> = true;
