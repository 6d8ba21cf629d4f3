// Reading what we produce the way a calendar would: ical.js, with the file's own VTIMEZONEs.
import ICAL from 'ical.js';

export interface ReadCalendar {
  calendar: InstanceType<typeof ICAL.Component>;
  events: InstanceType<typeof ICAL.Event>[];
}

export function readCalendar(text: string): ReadCalendar {
  const calendar = new ICAL.Component(ICAL.parse(text));
  // A TZID means what the file's VTIMEZONE says: register those (and nothing else) before reading.
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtimezone);
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  return { calendar, events };
}

export const mailbox = (calAddress: string) => calAddress.replace(/^mailto:/i, '').toLowerCase();

export function attendeesOf(event: InstanceType<typeof ICAL.Event>) {
  return event.attendees.map((a) => ({
    email: mailbox(String(a.getFirstValue())),
    role: a.getParameter('role'),
    partstat: a.getParameter('partstat'),
    rsvp: a.getParameter('rsvp'),
    cn: a.getParameter('cn'),
  }));
}

export const utc = (t: InstanceType<typeof ICAL.Time>) => new Date(t.toUnixTime() * 1000).toISOString();
