// Meetings as iCalendar: the invitation to download, and each person's calendar feed link.
import { z } from 'zod';

export const CalendarFeedSchema = z.object({
  /** Shown once: only a hash of its token is kept. */
  url: z.string(),
  expiresAt: z.string(),
});

export const TokenParams = z.strictObject({ token: z.string() });

/** The body of a text/calendar answer. */
export const ICalendarSchema = z.string().describe('iCalendar (RFC 5545)');
