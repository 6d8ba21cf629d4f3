// Dev mode only: the test clock and the people the tab's person switcher offers.
import { z } from 'zod';
import { instant, instantInput } from './common.ts';

export const ClockBody = z.strictObject({ now: instantInput });

export const ClockSchema = z.object({ now: instant });

/** What setting the clock ran: the deadline sweep and the outbox. */
export const ClockSetSchema = z.object({
  now: instant,
  /** Deadlines that produced events, and those that no longer applied. */
  sweep: z.object({ applied: z.number().int(), stale: z.number().int() }),
  outbox: z.object({ delivered: z.number().int(), retried: z.number().int(), dead: z.number().int() }),
});

export const DevPeopleSchema = z.array(z.object({ id: z.string(), name: z.string(), jobTitle: z.string() }));
