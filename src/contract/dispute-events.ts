// The events of a dispute as the dispute view lists them: the core's event schemas
// (src/core/dispute/dispute-event-schemas.ts, their one declaration), each with its sequence number.
// For a reader who may not see the child, the view writes the child's initials and no date of birth
// (''), and earlier disputes that reader may not see as "not-available-N" in `recurrenceOf`.
import { z } from 'zod';
import { disputeEventSchemas } from '../core/dispute/dispute-event-schemas.ts';

const seq = { seq: z.number().int() };
type WithSeq<Schemas extends readonly z.ZodObject[]> = {
  -readonly [K in keyof Schemas]: Schemas[K] extends z.ZodObject<infer Shape, infer Config>
    ? z.ZodObject<z.core.util.Extend<Shape, typeof seq>, Config>
    : never;
};

// `map` cannot keep a tuple's element types; the type above says what each `extend` returns.
const eventsWithSeq = disputeEventSchemas.map((schema) => schema.extend(seq)) as WithSeq<
  typeof disputeEventSchemas
>;

export const DisputeEventSchema = z.discriminatedUnion('type', eventsWithSeq).meta({ id: 'DisputeEvent' });

export type DisputeEventWithSeq = z.infer<typeof DisputeEventSchema>;
