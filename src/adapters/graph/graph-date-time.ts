// Graph's dateTimeTimeZone ({ dateTime: "2019-03-15T12:00:00.0000000", timeZone: "UTC" }) to and from
// instants. Instants we send are written as wall-clock times in the council's zone (Europe/London, an
// IANA name the dateTimeTimeZone resource lists as supported), so invitations show London time; a
// wall-clock time that does not name one instant (the repeated hour when the clocks go back) is sent
// in UTC instead. Zones Graph sends may be Windows names: windows-time-zones.ts maps them.
import { DateTime } from 'luxon';
import { ianaZone } from './windows-time-zones.ts';

export interface GraphDateTime {
  dateTime: string;
  timeZone: string;
}

/** An instant as Graph's dateTimeTimeZone in `zone`; in UTC when the wall-clock time is ambiguous. */
export function toGraphDateTime(iso: string, zone: string): GraphDateTime {
  const instant = DateTime.fromISO(iso, { setZone: true });
  if (!instant.isValid) throw new RangeError(`not an ISO-8601 instant: ${iso}`);
  const format = "yyyy-LL-dd'T'HH:mm:ss";
  const local = instant.setZone(zone);
  const wall = local.toFormat(format);
  // Every instant that shows this wall-clock time, trying the offsets in force around it: one, or
  // two in the hour repeated when the clocks go back.
  const wallAsUtc = DateTime.fromISO(wall, { zone: 'utc' }).toMillis();
  const offsets = new Set([
    local.offset,
    instant.minus({ hours: 3 }).setZone(zone).offset,
    instant.plus({ hours: 3 }).setZone(zone).offset,
  ]);
  const instants = new Set(
    [...offsets]
      .map((o) => wallAsUtc - o * 60_000)
      .filter((ms) => DateTime.fromMillis(ms, { zone }).toFormat(format) === wall),
  );
  if (instants.size === 1 && local.millisecond === 0) return { dateTime: wall, timeZone: zone };
  return { dateTime: instant.toUTC().toFormat("yyyy-LL-dd'T'HH:mm:ss.SSS"), timeZone: 'UTC' };
}

/** Graph's dateTimeTimeZone as an ISO instant in UTC; throws if the zone or the time cannot be read. */
export function fromGraphDateTime(
  value: { dateTime?: unknown; timeZone?: unknown } | null | undefined,
): string {
  const dateTime = typeof value?.dateTime === 'string' ? value.dateTime : '';
  const zoneName = typeof value?.timeZone === 'string' && value.timeZone ? value.timeZone : 'UTC';
  const zone = ianaZone(zoneName);
  if (!zone)
    throw new RangeError(`Microsoft 365 gave a time in a zone CP Disputes does not know: ${zoneName}`);
  const dt = DateTime.fromISO(dateTime, { zone });
  if (!dt.isValid) throw new RangeError(`Microsoft 365 gave a time CP Disputes cannot read: ${dateTime}`);
  return dt.toUTC().toISO({ suppressMilliseconds: true })!;
}

/**
 * Graph's dateTimeTimeZone as an instant, or null if it cannot be read: the lenient reading for
 * mailbox settings (out-of-office replies), where a zone we do not know is read as UTC rather than
 * stopping a lookup.
 */
export function readGraphDateTime(
  value: { dateTime?: string; timeZone?: string } | undefined,
): DateTime | null {
  if (!value?.dateTime) return null;
  const zone = ianaZone(value.timeZone ?? 'UTC') ?? 'UTC';
  // Graph writes seven fractional digits; luxon reads up to milliseconds.
  const text = value.dateTime.replace(/(\.\d{3})\d+/, '$1').replace(/Z$/, '');
  const t = DateTime.fromISO(text, { zone });
  return t.isValid ? t : null;
}

/** An ISO instant as epoch milliseconds; throws on anything else. */
export const millis = (iso: string): number => {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new RangeError(`not an ISO-8601 instant: ${iso}`);
  return dt.toMillis();
};

/** Epoch milliseconds as an ISO instant in UTC. */
export const isoUtc = (ms: number): string =>
  DateTime.fromMillis(ms, { zone: 'utc' }).toISO({ suppressMilliseconds: true })!;
