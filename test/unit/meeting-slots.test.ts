// Finding a resolution meeting time: inside everyone's working hours, on working days, clear of
// their busy times, before the stage's deadline. Real dates, Europe/London.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkingDayCalendar } from '../../src/core/calendar/working-day-calendar.ts';
import { findMeetingSlots, type AttendeeTime } from '../../src/core/calendar/meeting-slots.ts';

const calendar = createWorkingDayCalendar({ nation: 'england-and-wales' });
const fullTime = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
const person = (
  personId: string,
  busy: AttendeeTime['busy'] = [],
  workingHours = fullTime,
): AttendeeTime => ({
  personId,
  workingHours,
  busy,
});

describe('meeting slots', () => {
  it('picks the earliest free hour inside working hours', () => {
    const [slot] = findMeetingSlots({
      from: '2026-11-24T07:00:00Z',
      until: calendar.endOfDay('2026-11-27'),
      durationMinutes: 60,
      attendees: [
        person('chair'),
        person('tm', [{ start: '2026-11-24T09:00:00Z', end: '2026-11-24T11:30:00Z' }]),
        person('sw'),
      ],
      calendar,
    });
    // 09:00 London is 09:00Z in November; the team manager is busy until 11:30.
    expect(slot).toEqual({ start: '2026-11-24T11:30:00.000+00:00', end: '2026-11-24T12:30:00.000+00:00' });
  });

  it('skips the weekend and the Christmas bank holidays (25 and 28 Dec 2026)', () => {
    const [slot] = findMeetingSlots({
      from: '2026-12-24T17:00:00Z',
      until: calendar.endOfDay('2026-12-31'),
      durationMinutes: 60,
      attendees: [person('chair'), person('tm')],
      calendar,
    });
    expect(slot?.start).toBe('2026-12-29T09:00:00.000+00:00');
  });

  it("keeps to a part-time attendee's days (Monday to Wednesday)", () => {
    const [slot] = findMeetingSlots({
      from: '2026-11-26T08:00:00Z', // a Thursday
      until: calendar.endOfDay('2026-12-04'),
      durationMinutes: 60,
      attendees: [person('chair'), person('sw', [], { days: [1, 2, 3], start: '09:30', end: '15:00' })],
      calendar,
    });
    expect(slot?.start).toBe('2026-11-30T09:30:00.000+00:00');
  });

  it('uses London time across the clock change (BST: 09:00 London is 08:00Z)', () => {
    const [slot] = findMeetingSlots({
      from: '2026-03-30T00:00:00Z',
      until: calendar.endOfDay('2026-03-31'),
      durationMinutes: 30,
      attendees: [person('chair')],
      calendar,
    });
    expect(slot?.start).toBe('2026-03-30T09:00:00.000+01:00');
  });

  it('finds nothing when the deadline comes first', () => {
    const slots = findMeetingSlots({
      from: '2026-11-27T16:30:00Z',
      until: calendar.endOfDay('2026-11-27'),
      durationMinutes: 60,
      attendees: [person('chair')],
      calendar,
    });
    expect(slots).toEqual([]);
  });

  it('never proposes a slot that overlaps a busy time, falls outside working hours or a working day, or passes the deadline', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 14 * 48 }), fc.integer({ min: 1, max: 8 })), {
          maxLength: 12,
        }),
        (startOffsetDays, busyBlocks) => {
          const from = new Date(Date.UTC(2026, 0, 5) + startOffsetDays * 86400000).toISOString();
          const fromDay = from.slice(0, 10);
          const until = calendar.endOfDay(calendar.addWorkingDays(fromDay, 6));
          const busy = busyBlocks.map(([halfHours, len]) => {
            const s = Date.parse(from) + halfHours * 1800000;
            return { start: new Date(s).toISOString(), end: new Date(s + len * 1800000).toISOString() };
          });
          const slots = findMeetingSlots({
            from,
            until,
            durationMinutes: 60,
            attendees: [person('a', busy), person('b')],
            calendar,
            limit: 5,
          });
          for (const slot of slots) {
            const s = Date.parse(slot.start);
            const e = Date.parse(slot.end);
            expect(e - s).toBe(3600000);
            expect(s).toBeGreaterThanOrEqual(Date.parse(from));
            expect(e).toBeLessThanOrEqual(Date.parse(until));
            expect(calendar.isWorkingDay(calendar.londonDateOf(slot.start))).toBe(true);
            expect(busy.some((b) => Date.parse(b.start) < e && s < Date.parse(b.end))).toBe(false);
            const londonStart = new Intl.DateTimeFormat('en-GB', {
              timeZone: 'Europe/London',
              hour: '2-digit',
              minute: '2-digit',
              hour12: false,
            }).format(s);
            expect(londonStart >= '09:00' && londonStart <= '16:00').toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
