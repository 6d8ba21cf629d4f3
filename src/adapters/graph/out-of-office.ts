// Reading someone's Outlook mailbox settings: whether their automatic replies make them away on a
// day, and their working hours. Pure functions of what Graph returned (mailboxSettings).
import { DateTime } from 'luxon';
import type { WorkingHours } from '../../app/ports/directory.ts';
import { readGraphDateTime } from './graph-date-time.ts';

export const LONDON = 'Europe/London';
export const DEFAULT_WORKING_HOURS: Readonly<WorkingHours> = Object.freeze({
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
});

/** Someone's out-of-office reply on a day. */
export interface OutOfOffice {
  away: boolean;
  /** When the scheduled reply ends (ISO-8601 instant); absent when it has no end ("always on"). */
  until?: string;
  /** Why we could not tell, when we could not (no mailbox, no permission): then `away` is false. */
  note?: string;
}

interface DateTimeTimeZone {
  dateTime?: string;
  timeZone?: string;
}

export interface AutomaticRepliesSetting {
  status?: string;
  scheduledStartDateTime?: DateTimeTimeZone;
  scheduledEndDateTime?: DateTimeTimeZone;
}

/** The part of Graph's mailboxSettings the directory reads. */
export interface MailboxSettings {
  automaticRepliesSetting?: AutomaticRepliesSetting;
  workingHours?: {
    daysOfWeek?: string[];
    startTime?: string;
    endTime?: string;
    timeZone?: { name?: string };
  };
  userPurpose?: string | { value?: string };
}

const LONDON_ZONES = new Set(['GMT Standard Time', LONDON, 'Europe/Belfast', 'GB']);

/** "Mon 30 Nov", or "Fri 27 Nov at 17:00" when it ends during the day (London time). */
export function formatUntil(instant: string): string {
  const t = DateTime.fromISO(instant).setZone(LONDON).setLocale('en-GB');
  const day = t.toFormat('ccc d LLL');
  return t.hour === 0 && t.minute === 0 ? day : `${day} at ${t.toFormat('HH:mm')}`;
}

/**
 * Whether an automatic-replies setting makes someone away on `onDate`: always on, or scheduled over the
 * day's working hours (a date, London) or over the instant (an ISO instant with a time).
 */
export function absenceOn(
  setting: AutomaticRepliesSetting | null | undefined,
  onDate: string,
  hours: WorkingHours = DEFAULT_WORKING_HOURS,
): OutOfOffice {
  const status = (setting?.status ?? 'disabled').toLowerCase();
  if (status === 'alwaysenabled') return { away: true };
  if (status !== 'scheduled') return { away: false };
  const start = readGraphDateTime(setting?.scheduledStartDateTime);
  const end = readGraphDateTime(setting?.scheduledEndDateTime);
  if (!start || !end || end <= start) return { away: false };
  let away: boolean;
  if (onDate.includes('T')) {
    const t = DateTime.fromISO(onDate, { zone: LONDON });
    away = t.isValid && start <= t && t < end;
  } else {
    const day = DateTime.fromISO(onDate, { zone: LONDON });
    if (!day.isValid) return { away: false };
    const at = (hhmm: string) => {
      const [h, m] = hhmm.split(':').map(Number);
      return day.set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 });
    };
    away = start < at(hours.end) && end > at(hours.start);
  }
  return away ? { away: true, until: end.toUTC().toISO()! } : { away: false };
}

const DAY_NUMBERS: Record<string, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

/**
 * Working hours from mailbox settings, when they are set in London time; otherwise null (the caller
 * uses the default). Hours set in another zone are not converted: London staff keep London hours.
 */
export function workingHoursFrom(settings: MailboxSettings['workingHours'] | undefined): WorkingHours | null {
  if (!settings?.daysOfWeek?.length || !settings.startTime || !settings.endTime) return null;
  if (!LONDON_ZONES.has(settings.timeZone?.name ?? '')) return null;
  const days = [
    ...new Set(settings.daysOfWeek.map((d) => DAY_NUMBERS[d.toLowerCase()]).filter((d) => d !== undefined)),
  ].sort();
  const hhmm = (t: string) => /^(\d{2}):(\d{2})/.exec(t)?.slice(1, 3).join(':') ?? null;
  const start = hhmm(settings.startTime);
  const end = hhmm(settings.endTime);
  if (!days.length || !start || !end || start >= end) return null;
  return { days, start, end };
}
