// The invitations we produce, read back the way a calendar reads them (ical.js): UID, SEQUENCE,
// METHOD, ORGANIZER and ATTENDEE roles, and times in Europe/London on both sides of a clock change,
// with our own VTIMEZONE checked against the IANA rules (luxon) for years to come.
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createIcsCalendar } from '../../src/adapters/ics/ics-calendar.ts';
import {
  europeLondonVtimezone,
  icsUidOf,
  renderCalendarFeed,
  renderInvitation,
  type InvitationInput,
} from '../../src/adapters/ics/invitation.ts';
import type { MeetingBooking } from '../../src/core/dispute/dispute-state.ts';
import { attendeesOf, mailbox, readCalendar, utc } from './ical-reading.ts';

const booking = (over: Partial<MeetingBooking> = {}): MeetingBooking => ({
  meetingKey: 'dispute-1:stage-2',
  stageId: 'stage-2',
  start: '2026-10-26T09:00:00Z',
  end: '2026-10-26T10:00:00Z',
  provider: 'ics',
  eventId: icsUidOf('dispute-1:stage-2'),
  joinUrl: null,
  chairId: 'chair-amara',
  attendeeIds: ['tm-carla', 'sw-ben'],
  sequence: 0,
  cancelled: false,
  responses: {},
  warnings: [],
  ...over,
});

const input = (over: Partial<InvitationInput> = {}): InvitationInput => ({
  booking: booking(),
  method: 'REQUEST',
  subject: 'Resolution meeting: Formal Stage 2 - Resolutions Meeting (CPD-7K3QX2)',
  description:
    'Resolution meeting for dispute CPD-7K3QX2, Formal Stage 2.\n\nIn CP Disputes: https://disputes.example/tab/disputes/dispute-1',
  organiser: { email: 'amara.quillfeather@northmoor.example', name: 'Amara Quillfeather' },
  attendees: [
    { email: 'amara.quillfeather@northmoor.example', name: 'Amara Quillfeather', role: 'chair' },
    { email: 'carla.brightwater@northmoor.example', name: 'Carla Brightwater', role: 'required' },
    { email: 'ben.harrowgate@northmoor.example', name: 'Ben Harrowgate', role: 'required' },
  ],
  url: 'https://disputes.example/tab/disputes/dispute-1',
  stamp: '2026-10-20T10:00:00Z',
  ...over,
});

const onlyEvent = (text: string) => {
  const { calendar, events } = readCalendar(text);
  expect(events).toHaveLength(1);
  return { calendar, event: events[0]! };
};

describe('renderInvitation', () => {
  it("is a REQUEST with a stable UID, the booking's SEQUENCE, the organiser and every attendee in role", () => {
    const text = renderInvitation(input());
    const { calendar, event } = onlyEvent(text);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(event.uid).toBe('dispute-1:stage-2@cp-disputes');
    expect(event.sequence).toBe(0);
    expect(event.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(event.summary).toContain('CPD-7K3QX2');
    expect(event.description).toContain('CPD-7K3QX2');
    expect(event.component.getFirstPropertyValue('url')).toBe(
      'https://disputes.example/tab/disputes/dispute-1',
    );
    expect(mailbox(String(event.organizer))).toBe('amara.quillfeather@northmoor.example');
    expect(event.component.getFirstProperty('organizer')!.getParameter('cn')).toBe('Amara Quillfeather');
    expect(attendeesOf(event)).toEqual([
      {
        email: 'amara.quillfeather@northmoor.example',
        role: 'CHAIR',
        partstat: 'NEEDS-ACTION',
        rsvp: 'TRUE',
        cn: 'Amara Quillfeather',
      },
      {
        email: 'carla.brightwater@northmoor.example',
        role: 'REQ-PARTICIPANT',
        partstat: 'NEEDS-ACTION',
        rsvp: 'TRUE',
        cn: 'Carla Brightwater',
      },
      {
        email: 'ben.harrowgate@northmoor.example',
        role: 'REQ-PARTICIPANT',
        partstat: 'NEEDS-ACTION',
        rsvp: 'TRUE',
        cn: 'Ben Harrowgate',
      },
    ]);
    // DTSTAMP is UTC, as RFC 5545 requires; every line ends in CRLF.
    expect(text).toMatch(/\r\nDTSTAMP:20261020T100000Z\r\n/);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('keeps the UID across renders and moves, and carries the SEQUENCE the core raised', () => {
    const first = onlyEvent(renderInvitation(input())).event;
    const again = onlyEvent(renderInvitation(input({ stamp: '2026-10-21T10:00:00Z' }))).event;
    const moved = onlyEvent(
      renderInvitation(
        input({
          booking: booking({ start: '2026-10-27T13:00:00Z', end: '2026-10-27T14:00:00Z', sequence: 2 }),
        }),
      ),
    ).event;
    expect(again.uid).toBe(first.uid);
    expect(moved.uid).toBe(first.uid);
    expect(moved.sequence).toBe(2);
    expect(utc(moved.startDate)).toBe('2026-10-27T13:00:00.000Z');
  });

  it('derives the UID from the meeting key when the meeting was booked elsewhere (Graph)', () => {
    const { event } = onlyEvent(
      renderInvitation(input({ booking: booking({ provider: 'graph', eventId: 'AAMkAGI2TG93AAA=' }) })),
    );
    expect(event.uid).toBe('dispute-1:stage-2@cp-disputes');
  });

  it('is a CANCEL with STATUS:CANCELLED once the meeting is cancelled', () => {
    const { calendar, event } = onlyEvent(
      renderInvitation(input({ method: 'CANCEL', booking: booking({ cancelled: true, sequence: 1 }) })),
    );
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.uid).toBe('dispute-1:stage-2@cp-disputes');
    expect(event.sequence).toBe(1);
  });

  it('writes London wall-clock times with a VTIMEZONE, right on both sides of a clock change', () => {
    // After the autumn change (25 Oct 2026) London is on GMT: 09:00 London = 09:00Z.
    const autumn = onlyEvent(renderInvitation(input())).event;
    expect(autumn.startDate.zone!.tzid).toBe('Europe/London');
    expect(autumn.startDate.toString()).toBe('2026-10-26T09:00:00');
    expect(utc(autumn.startDate)).toBe('2026-10-26T09:00:00.000Z');
    expect(utc(autumn.endDate)).toBe('2026-10-26T10:00:00.000Z');
    // After the spring change (29 Mar 2026) London is on BST: 09:00 London = 08:00Z.
    const text = renderInvitation(
      input({ booking: booking({ start: '2026-03-30T08:00:00Z', end: '2026-03-30T09:30:00Z' }) }),
    );
    expect(text).toContain('DTSTART;TZID=Europe/London:20260330T090000');
    expect(text).toContain('DTEND;TZID=Europe/London:20260330T103000');
    const spring = onlyEvent(text).event;
    expect(spring.startDate.toString()).toBe('2026-03-30T09:00:00');
    expect(utc(spring.startDate)).toBe('2026-03-30T08:00:00.000Z');
    expect(utc(spring.endDate)).toBe('2026-03-30T09:30:00.000Z');
    // One VTIMEZONE, for the zone the times use.
    const zones = readCalendar(text).calendar.getAllSubcomponents('vtimezone');
    expect(zones.map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Europe/London']);
  });

  it('takes instants with any offset', () => {
    const { event } = onlyEvent(
      renderInvitation(
        input({ booking: booking({ start: '2026-03-30T09:00:00+01:00', end: '2026-03-30T10:00:00+01:00' }) }),
      ),
    );
    expect(utc(event.startDate)).toBe('2026-03-30T08:00:00.000Z');
  });

  it('carries nothing about the child beyond what the caller put in the subject and description', () => {
    const text = renderInvitation(input());
    expect(text).not.toMatch(/Amelia|O'Neill|2019-04-02|20190402/);
  });
});

describe('the Europe/London VTIMEZONE', () => {
  it('agrees with the IANA rules (luxon) at every half hour around each clock change, 2020-2045', () => {
    const { calendar } = readCalendar(renderInvitation(input()));
    const zone = new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!);
    const checked: string[] = [];
    for (let year = 2020; year <= 2045; year++) {
      for (const month of [3, 10]) {
        // The last Sunday of the month, and a day either side.
        const lastSunday = DateTime.fromObject({ year, month }, { zone: 'utc' })
          .endOf('month')
          .startOf('day');
        const sunday = lastSunday.minus({ days: lastSunday.weekday % 7 });
        for (let t = sunday.minus({ days: 1 }); t < sunday.plus({ days: 2 }); t = t.plus({ minutes: 30 })) {
          const local = t.setZone('Europe/London');
          // Skip wall times that occur twice (the autumn hour): a local time alone cannot name them.
          const back = DateTime.fromObject(
            { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute },
            { zone: 'Europe/London' },
          );
          if (back.toMillis() !== t.toMillis()) continue;
          const time = new ICAL.Time(
            {
              year: local.year,
              month: local.month,
              day: local.day,
              hour: local.hour,
              minute: local.minute,
              second: 0,
              isDate: false,
            },
            zone,
          );
          expect(time.toUnixTime(), `${local.toISO()}`).toBe(t.toSeconds());
          checked.push(local.toISO()!);
        }
      }
    }
    expect(checked.length).toBeGreaterThan(52 * 140);
  });

  it('is produced for Europe/London only', () => {
    expect(europeLondonVtimezone('Europe/London')).toMatch(/^BEGIN:VTIMEZONE\r\nTZID:Europe\/London\r\n/);
    expect(europeLondonVtimezone('Europe/Paris')).toBeNull();
  });
});

describe('renderCalendarFeed', () => {
  it('lists each meeting with its UID and SEQUENCE, cancelled ones as STATUS:CANCELLED', () => {
    const text = renderCalendarFeed({
      name: 'CP Disputes meetings',
      stamp: '2026-10-20T10:00:00Z',
      entries: [
        { entry: input(), cancelled: false },
        {
          entry: input({
            booking: booking({
              meetingKey: 'dispute-2:stage-2',
              eventId: icsUidOf('dispute-2:stage-2'),
              cancelled: true,
              sequence: 3,
            }),
          }),
          cancelled: true,
        },
      ],
    });
    const { calendar, events } = readCalendar(text);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('CP Disputes meetings');
    expect(calendar.getAllSubcomponents('vtimezone')).toHaveLength(1);
    expect(events.map((e) => [e.uid, e.sequence, e.component.getFirstPropertyValue('status')])).toEqual([
      ['dispute-1:stage-2@cp-disputes', 0, 'CONFIRMED'],
      ['dispute-2:stage-2@cp-disputes', 3, 'CANCELLED'],
    ]);
  });

  it('is a valid, empty calendar when there is nothing to show', () => {
    const { calendar, events } = readCalendar(
      renderCalendarFeed({ name: 'CP Disputes meetings', entries: [] }),
    );
    expect(calendar.name).toBe('vcalendar');
    expect(events).toEqual([]);
  });
});

describe('createIcsCalendar', () => {
  const calendar = createIcsCalendar({
    organiser: { email: 'cp-disputes@northmoor.example', name: 'CP Disputes' },
  });
  const request = {
    meetingKey: 'dispute-1:stage-2',
    subject: 's',
    body: 'b',
    slot: { start: '2026-10-26T09:00:00Z', end: '2026-10-26T10:00:00Z' },
    organiser: { personId: 'chair-amara', email: 'a@x.example', name: 'A' },
    attendees: [],
    online: false,
  };

  it('knows no busy times and leaves working hours to the directory', async () => {
    expect(calendar.kind).toBe('ics');
    expect(await calendar.availability([{ personId: 'sw-ben', email: 'b@x.example' }], request.slot)).toEqual(
      [{ personId: 'sw-ben', busy: [], workingHours: null }],
    );
  });

  it('books by naming a UID derived from the meeting key, and calls nothing', async () => {
    const booked = await calendar.book(request);
    expect(booked).toEqual({
      provider: 'ics',
      eventId: 'dispute-1:stage-2@cp-disputes',
      joinUrl: null,
      warnings: [],
    });
    expect(await calendar.book(request)).toEqual(booked);
    expect(await calendar.move(booked.eventId, request, 1)).toEqual(booked);
    await expect(calendar.cancel(booked.eventId, request, 2, 'no longer needed')).resolves.toBeUndefined();
    expect(await calendar.responses(booked.eventId)).toEqual([]);
  });
});
