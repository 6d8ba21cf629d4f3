// Finding a meeting time: the earliest slots inside every attendee's working hours, on working
// days (weekends, bank holidays and closure days skipped), clear of what their calendars say is
// busy, and before the stage's deadline. Pure: the calendars' busy times are passed in.
import { DateTime } from 'luxon';
import { instantMillis } from './instants.ts';
import type { WorkingDayCalendar } from './working-day-calendar.ts';

export interface Slot {
  start: string;
  end: string;
}

export interface AttendeeTime {
  personId: string;
  /** ISO weekdays (1 = Monday) and London wall-clock hours. */
  workingHours: { days: readonly number[]; start: string; end: string };
  busy: readonly Slot[];
}

export interface SlotSearch {
  from: string;
  until: string;
  durationMinutes: number;
  attendees: readonly AttendeeTime[];
  calendar: WorkingDayCalendar;
  stepMinutes?: number;
  limit?: number;
}

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
const hhmm = (mins: number) =>
  `${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;

export function findMeetingSlots(search: SlotSearch): Slot[] {
  const { calendar, durationMinutes } = search;
  const step = search.stepMinutes ?? 30;
  const limit = search.limit ?? 3;
  const from = instantMillis(search.from);
  const until = instantMillis(search.until);
  const busy = search.attendees.flatMap((a) =>
    a.busy.map((b) => [instantMillis(b.start), instantMillis(b.end)] as const),
  );
  const out: Slot[] = [];
  let day = calendar.londonDateOf(search.from);
  const lastDay = calendar.londonDateOf(search.until);
  for (
    ;
    day <= lastDay && out.length < limit;
    day = DateTime.fromISO(day, { zone: 'utc' }).plus({ days: 1 }).toISODate()!
  ) {
    if (!calendar.isWorkingDay(day)) continue;
    const weekday = DateTime.fromISO(day, { zone: 'utc' }).weekday;
    if (!search.attendees.every((a) => a.workingHours.days.includes(weekday))) continue;
    // Everyone's working hours overlap from the latest start to the earliest end.
    const open = Math.max(...search.attendees.map((a) => minutes(a.workingHours.start)));
    const close = Math.min(...search.attendees.map((a) => minutes(a.workingHours.end)));
    for (let t = open; t + durationMinutes <= close && out.length < limit; t += step) {
      const start = calendar.at(day, hhmm(t));
      const end = calendar.at(day, hhmm(t + durationMinutes));
      const s = instantMillis(start);
      const e = instantMillis(end);
      if (s < from || e > until) continue;
      if (busy.some(([bs, be]) => bs < e && s < be)) continue;
      out.push({ start, end });
    }
  }
  return out;
}
