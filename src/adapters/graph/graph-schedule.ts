// Free/busy through POST /users/{organizer}/calendar/getSchedule, app-only, on the organiser's own
// calendar path (Graph reads the others' free/busy through it). At most 100 addresses and 62 days per
// call, so a larger request is split. Busy, tentative, out-of-office and unknown items are busy
// blocks; free and working-elsewhere are not. Working hours pass through. An address Graph cannot
// give free/busy for is an error naming it, never "free all day".
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Availability, MeetingCalendar, TimeSlot } from '../../app/ports/meeting-calendar.ts';
import { callGraph, noSdkRetry, type RetryPolicy } from './graph-call.ts';
import { GraphCallError, toGraphCallError } from './graph-call-error.ts';
import { fromGraphDateTime, isoUtc, millis, toGraphDateTime, type GraphDateTime } from './graph-date-time.ts';
import { ianaZone } from './windows-time-zones.ts';

/** Documented getSchedule limits: split anything larger. */
export const MAX_SCHEDULES_PER_CALL = 100;
export const MAX_SCHEDULE_WINDOW_DAYS = 62;

const BUSY_STATUSES = new Set(['busy', 'tentative', 'oof', 'unknown']);
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

interface ScheduleInformation {
  scheduleId?: string;
  scheduleItems?: { status?: string; start?: GraphDateTime; end?: GraphDateTime }[];
  workingHours?: {
    daysOfWeek?: string[];
    startTime?: string;
    endTime?: string;
    timeZone?: { name?: string } | null;
  } | null;
  error?: { message?: string; responseCode?: string } | null;
}

export interface ScheduleReader {
  client: Client;
  /** The organiser mailbox, as written and as a path segment. */
  organizer: string;
  mailbox: string;
  zone: string;
  /** availabilityViewInterval in minutes. */
  interval: number;
  policy: RetryPolicy;
}

/** Everyone's busy times and working hours in `window`, in the order asked. */
export async function readAvailability(
  reader: ScheduleReader,
  people: Parameters<MeetingCalendar['availability']>[0],
  window: TimeSlot,
): Promise<Availability[]> {
  const { client, organizer, mailbox, zone, interval, policy } = reader;
  const addresses = [
    ...new Map(people.map((p) => [p.email.trim().toLowerCase(), p.email.trim()])).values(),
  ].filter(Boolean);
  const byAddress = new Map<string, { busy: TimeSlot[]; workingHours: Availability['workingHours'] }>();
  const failures: string[] = [];
  for (const part of splitWindow(window, MAX_SCHEDULE_WINDOW_DAYS))
    for (const batch of chunks(addresses, MAX_SCHEDULES_PER_CALL)) {
      const body = {
        schedules: batch,
        startTime: toGraphDateTime(part.start, zone),
        endTime: toGraphDateTime(part.end, zone),
        availabilityViewInterval: interval,
      };
      let answer: { value?: ScheduleInformation[] };
      try {
        answer = (await callGraph(
          () =>
            client
              .api(`/users/${mailbox}/calendar/getSchedule`)
              .header('Prefer', 'outlook.timezone="UTC"')
              .middlewareOptions(noSdkRetry())
              .post(body) as Promise<{ value?: ScheduleInformation[] }>,
          policy,
          true,
        )) as { value?: ScheduleInformation[] };
      } catch (error) {
        throw toGraphCallError(error, {
          action: "read people's free/busy times",
          mailbox: organizer,
          permission: 'Calendars.Read',
          repeatable: true,
          whenUnknown: 'retry',
          badRequestHint: 'Check the email addresses of the people in the meeting.',
        });
      }
      const infos = new Map((answer.value ?? []).map((i) => [String(i.scheduleId ?? '').toLowerCase(), i]));
      for (const address of batch) {
        const info = infos.get(address.toLowerCase());
        if (!info || info.error) {
          failures.push(
            `${address} (${info?.error?.responseCode ?? 'no answer'}${info?.error?.message ? `: ${info.error.message}` : ''})`,
          );
          continue;
        }
        const entry = byAddress.get(address.toLowerCase()) ?? { busy: [], workingHours: null };
        for (const item of info.scheduleItems ?? [])
          if (BUSY_STATUSES.has(String(item.status ?? 'unknown').toLowerCase()))
            entry.busy.push({ start: fromGraphDateTime(item.start), end: fromGraphDateTime(item.end) });
        entry.workingHours ??= workingHoursOf(info.workingHours);
        byAddress.set(address.toLowerCase(), entry);
      }
    }
  if (failures.length > 0)
    throw new GraphCallError(
      `Outlook could not give the free/busy times of ${[...new Set(failures)].join(', ')}. Check these addresses in the directory, or choose a time without their calendars.`,
      null,
      'freeBusyError',
      'not-done',
      { permanent: true },
    );
  return people.map((p) => {
    const entry = byAddress.get(p.email.trim().toLowerCase());
    return {
      personId: p.personId,
      busy: mergeSlots(entry?.busy ?? []),
      workingHours: entry?.workingHours ?? null,
    };
  });
}

function workingHoursOf(w: ScheduleInformation['workingHours']): Availability['workingHours'] {
  if (!w || !Array.isArray(w.daysOfWeek) || !w.startTime || !w.endTime) return null;
  const days = w.daysOfWeek
    .map((d) => WEEKDAYS.indexOf(String(d).toLowerCase()) + 1)
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  const name = w.timeZone?.name ?? 'UTC';
  return {
    days,
    start: w.startTime.slice(0, 5),
    end: w.endTime.slice(0, 5),
    timeZone: ianaZone(name) ?? name,
  };
}

/** The window cut into consecutive pieces of at most `maxDays` days. */
export function splitWindow(window: TimeSlot, maxDays: number): TimeSlot[] {
  const start = millis(window.start);
  const end = millis(window.end);
  if (!(end > start))
    throw new RangeError(`the window ends (${window.end}) before it starts (${window.start})`);
  const step = maxDays * 24 * 3600 * 1000;
  const out: TimeSlot[] = [];
  for (let from = start; from < end; from += step)
    out.push({ start: isoUtc(from), end: isoUtc(Math.min(end, from + step)) });
  return out;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Sorted, with overlapping or touching slots merged (a window split repeats a spanning event). */
export function mergeSlots(slots: readonly TimeSlot[]): TimeSlot[] {
  const sorted = slots
    .map((s) => [millis(s.start), millis(s.end)] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out.map(([s, e]) => ({ start: isoUtc(s), end: isoUtc(e) }));
}
