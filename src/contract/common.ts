// Building blocks every contract file shares: the API's dates, instants, ids and free text, each
// with the words a 400 uses to name what is wrong with a field.
import { z } from 'zod';

/** A calendar date, YYYY-MM-DD, that exists (no 30 February). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'is not a real date',
  );

/** An instant as the API writes it: ISO 8601 with an offset (responses are not re-checked for format). */
export const instant = z.string().describe('ISO 8601 instant with offset');

/** An instant a request gives: ISO 8601 with an offset, checked. */
export const instantInput = z.iso.datetime({ offset: true });

/** Trimmed free text that must say something, at most `max` characters. */
export const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** The dispute version a person acted on: a change made since is a 409, not a silent overwrite. */
export const version = z.number().int().min(1);

/** A directory person id, protocol id, stage id or theme id in a request. */
export const id = z.string().min(1).max(100);

/** A team's name as the directory writes it. */
export const teamName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');

/** A path parameter naming one thing (a dispute id, a reference, a protocol id). */
export const IdParams = z.strictObject({ id: z.string() });

/** A time slot a meeting may take. */
export const SlotSchema = z.object({ start: instant, end: instant });

/**
 * True when two types are the same: `const x: Same<Interface, z.infer<typeof Schema>> = true` fails
 * to compile when an interface kept elsewhere and its schema here drift apart.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
