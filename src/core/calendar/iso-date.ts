// The one "is this a real date" check: a calendar date written strictly 'YYYY-MM-DD' that exists
// (29 Feb only in a leap year, no 31 April, no month 13). The calendar counts deadlines on these
// dates, so everything that takes a date from a person or a file (the protocol schema, the bot's
// forms, the REST bodies, the CLI) asks this one function, and they cannot disagree about 2026-02-29.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { boundedMemo } from './bounded-memo.ts';

const ISO_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

// UTC is only a carrier: a date has no clock changes, and luxon refuses a day the month lacks.
const isRealDate = boundedMemo((s: string) => DateTime.fromISO(s, { zone: 'utc' }).isValid);

/** Strict 'YYYY-MM-DD' that is a real calendar date (no 2026-02-30, no 2026-2-3). */
export function isIsoDate(s: unknown): s is string {
  return typeof s === 'string' && ISO_DATE_SHAPE.test(s) && isRealDate(s);
}

/** The zod form of `isIsoDate`, for every schema that takes a date. */
export const IsoDateSchema = z
  .string()
  .regex(ISO_DATE_SHAPE, 'must be a date written YYYY-MM-DD')
  .refine(isIsoDate, 'is not a real date');
