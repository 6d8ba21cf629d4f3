// iCalendar text for resolution meetings, produced on demand from a dispute's events: one
// invitation (METHOD:REQUEST, or METHOD:CANCEL when the meeting was cancelled) for a download or an
// email attachment, and a person's subscription feed (METHOD:PUBLISH). Built with ical-generator.
//
// What goes in: the dispute's reference and stage, the people invited and the link to the dispute in
// the tab. Never the child's name or date of birth: callers pass the subject and description, and
// build them from the reference and the stage only.
//
// Times are written as Europe/London wall-clock times (DTSTART;TZID=Europe/London:...) with the
// VTIMEZONE that defines them, so a calendar shows 09:00 for a 09:00 meeting on either side of a
// clock change. The VTIMEZONE comes from `europeLondonVtimezone` below.
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
  type ICalAttendeeData,
  type ICalEventData,
} from 'ical-generator';
import { DateTime } from 'luxon';
import type { MeetingBooking } from '../../core/dispute/dispute-state.ts';

export const londonTimeZone = 'Europe/London';
const prodId = { company: 'CP Disputes', product: 'Resolution meetings', language: 'EN' };

/** The iCalendar UID of a meeting: stable for the stage's meeting across moves and cancellation. */
export function icsUidOf(meetingKey: string): string {
  return `${meetingKey}@cp-disputes`;
}

/** The UID an invitation carries: the ICS adapter's event id, else one derived from the meeting key. */
export function invitationUid(booking: Pick<MeetingBooking, 'provider' | 'eventId' | 'meetingKey'>): string {
  return booking.provider === 'ics' && booking.eventId ? booking.eventId : icsUidOf(booking.meetingKey);
}

/**
 * The VTIMEZONE for Europe/London (null for any other zone: this app plans in London time only).
 *
 * The rules since 1996 (UK Summer Time Order 2002, EU Directive 2000/84/EC): British Summer Time
 * starts on the last Sunday in March at 01:00 UTC (01:00 GMT becomes 02:00 BST) and ends on the last
 * Sunday in October at 01:00 UTC (02:00 BST becomes 01:00 GMT). In a VTIMEZONE each observance's
 * DTSTART is the local time, in the offset in force before it, of its first onset: 1996-03-31 01:00
 * and 1996-10-27 02:00, both Sundays, repeated yearly on the last Sunday (BYDAY=-1SU). Times before
 * 1996 are never written (meetings are booked ahead), so earlier rules are left out. The test suite
 * checks these rules against luxon's IANA data for every hour around each change, 2020-2045.
 */
export function europeLondonVtimezone(tzid: string): string | null {
  if (tzid !== londonTimeZone) return null;
  return [
    'BEGIN:VTIMEZONE',
    'TZID:Europe/London',
    'X-LIC-LOCATION:Europe/London',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0000',
    'TZOFFSETTO:+0100',
    'TZNAME:BST',
    'DTSTART:19960331T010000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0000',
    'TZNAME:GMT',
    'DTSTART:19961027T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ].join('\r\n');
}

export interface InvitationPerson {
  email: string;
  name: string;
}

export interface InvitationAttendee extends InvitationPerson {
  role: 'chair' | 'required';
}

/** One meeting as an iCalendar event. */
export interface MeetingEntry {
  /** The meeting as folded from the dispute's events (`state.meetings`). */
  booking: MeetingBooking;
  /** The dispute's reference and stage only: no child's details. */
  subject: string;
  description: string;
  organiser: InvitationPerson;
  attendees: InvitationAttendee[];
  /** The dispute in the tab. */
  url: string;
}

export interface InvitationInput extends MeetingEntry {
  method: 'REQUEST' | 'CANCEL';
  /** DTSTAMP, when this copy was produced (the app's clock); now if absent. */
  stamp?: string;
}

/** An invitation to one meeting: METHOD:REQUEST, or METHOD:CANCEL with STATUS:CANCELLED. */
export function renderInvitation(input: InvitationInput): string {
  const calendar = newCalendar(
    input.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  );
  calendar.createEvent(eventData(input, input.method === 'CANCEL', input.stamp));
  return calendar.toString();
}

export interface FeedInput {
  /** The calendar's display name (X-WR-CALNAME). */
  name: string;
  entries: { entry: MeetingEntry; cancelled: boolean }[];
  stamp?: string;
}

/**
 * A subscription feed (METHOD:PUBLISH): every entry as an event with its UID and SEQUENCE, cancelled
 * ones with STATUS:CANCELLED so a subscribed calendar removes or strikes them out.
 */
export function renderCalendarFeed(input: FeedInput): string {
  const calendar = newCalendar(ICalCalendarMethod.PUBLISH);
  calendar.name(input.name);
  for (const { entry, cancelled } of input.entries)
    calendar.createEvent(eventData(entry, cancelled, input.stamp));
  return calendar.toString();
}

function newCalendar(method: ICalCalendarMethod) {
  return ical({
    prodId,
    method,
    // No calendar-wide zone name (it would make ical-generator write DTSTAMP as a local time, which
    // must be UTC): the events carry TZID=Europe/London and the generator adds its VTIMEZONE.
    timezone: { name: null, generator: europeLondonVtimezone },
  });
}

function eventData(entry: MeetingEntry, cancelled: boolean, stamp: string | undefined): ICalEventData {
  const { booking } = entry;
  const attendees: ICalAttendeeData[] = entry.attendees.map((a) => ({
    email: a.email,
    name: cleanName(a.name),
    role: a.role === 'chair' ? ICalAttendeeRole.CHAIR : ICalAttendeeRole.REQ,
    status: ICalAttendeeStatus.NEEDSACTION,
    rsvp: true,
  }));
  return {
    id: invitationUid(booking),
    sequence: booking.sequence,
    stamp: stamp ? utcDate(stamp) : new Date(),
    start: london(booking.start),
    end: london(booking.end),
    timezone: londonTimeZone,
    summary: entry.subject,
    description: entry.description,
    organizer: { email: entry.organiser.email, name: cleanName(entry.organiser.name) },
    attendees,
    url: entry.url,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    ...(booking.joinUrl ? { location: booking.joinUrl } : {}),
  };
}

/** An instant as a luxon time in London: ical-generator writes its London wall-clock time. */
function london(instant: string): DateTime {
  const t = DateTime.fromISO(instant, { setZone: true });
  if (!t.isValid) throw new Error(`not an instant: ${instant}`);
  return t.setZone(londonTimeZone);
}

/** DTSTAMP is always UTC. */
function utcDate(instant: string): Date {
  const t = DateTime.fromISO(instant, { setZone: true });
  if (!t.isValid) throw new Error(`not an instant: ${instant}`);
  return t.toJSDate();
}

/** A display name as a quoted CN parameter: no quotes or control characters. */
function cleanName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/["\u0000-\u001f\u007f]/g, '').trim() || 'CP Disputes';
}
