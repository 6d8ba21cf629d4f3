// The councils' protocols: the list for pickers, one protocol in full (as its YAML says, with
// defaults filled in), and the escalation preview ("if nobody acts, when does each stage fall due").
import { z } from 'zod';
import { EscalationPreviewSchema } from '../core/preview/escalation-preview-schema.ts';
import { ProtocolSchema, ThemeSchema } from '../core/protocol/protocol-schema.ts';
import { id, isoDate } from './common.ts';

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

/** The road a dispute takes if nobody acts: declared in the core, beside the function that draws it. */
export { EscalationPreviewSchema };
