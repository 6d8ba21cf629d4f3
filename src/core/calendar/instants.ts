// Comparing ISO-8601 instants that may carry different offsets (+00:00 in winter, +01:00 in summer):
// string comparison would be wrong across the clock change, so compare them as points in time.
import { DateTime } from 'luxon';
import { boundedMemo } from './bounded-memo.ts';

// The same due instants are compared on every view and every sweep: parsed once each.
export const instantMillis = boundedMemo((iso: string): number => {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new RangeError(`not an ISO-8601 instant: ${iso}`);
  return dt.toMillis();
});

export function isAfter(a: string, b: string): boolean {
  return instantMillis(a) > instantMillis(b);
}

/**
 * Whether `now` is at or past `at`. A deadline falls due *at* close of business and the sweeper
 * fires a row whose due_at <= now, so the moment itself counts as reached.
 */
export function hasReached(now: string, at: string): boolean {
  return instantMillis(now) >= instantMillis(at);
}

export function isValidInstant(iso: string): boolean {
  return DateTime.fromISO(iso, { setZone: true }).isValid && /T/.test(iso);
}
