// The same Gloucestershire stage 2 without Microsoft Graph (the embedded default): the outbox's
// booking job plans the resolutions meeting on the demo directory's working hours inside the stage's
// four working days, the chair downloads a valid iCalendar invitation for the chair, the team
// manager and the social worker, and after resolution the same download is the cancellation. A
// part-time social worker (Monday to Wednesday) moves the meeting to a day she works.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkingDayCalendar } from '../../src/core/calendar/working-day-calendar.ts';
import { attendeesOf, readCalendar, utc } from '../ics/ical-reading.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import {
  deliverUntilQuiet,
  outboxOf,
  people,
  raiseAtStage2,
  resolveAsChair,
  stateOf,
} from './meeting-test-kit.ts';

const calendar = createWorkingDayCalendar({ nation: 'england-and-wales' });

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp('pglite');
}, 30_000);
afterEach(async () => {
  await app?.close();
});

/** The invitation as the tab downloads it (text, not JSON). */
const invitation = async (disputeId: string, personId: string) => {
  const res = await app.server.inject({
    method: 'GET',
    url: `/api/disputes/${disputeId}/meeting.ics`,
    headers: { 'x-dev-user': personId },
  });
  return { status: res.statusCode, text: res.body, headers: res.headers };
};

/** Checks the booking lies in 09:00-17:00 London on a working day, inside the stage's 4 working days. */
function expectInsideTheStage(
  slot: { start: string; end: string },
  stage: { openedOn: string; dueOn: string; dueAt: string },
) {
  const day = calendar.londonDateOf(slot.start);
  expect(calendar.isWorkingDay(day)).toBe(true);
  expect(calendar.addWorkingDays(stage.openedOn, 4)).toBe(stage.dueOn);
  expect(day >= stage.openedOn && day <= stage.dueOn).toBe(true);
  expect(Date.parse(slot.start)).toBeGreaterThanOrEqual(Date.parse(calendar.at(day, '09:00')));
  expect(Date.parse(slot.end)).toBeLessThanOrEqual(Date.parse(calendar.at(day, '17:00')));
  expect(Date.parse(slot.end)).toBeLessThanOrEqual(Date.parse(stage.dueAt));
  expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(60 * 60_000);
}

describe('stage 2 resolutions meeting without Microsoft Graph (iCalendar)', () => {
  it('books inside four working days, gives a valid invitation, and a cancellation after resolution', async () => {
    // Monday 19 October 2026, 08:00 in London (BST).
    app.testClock!.set('2026-10-19T07:00:00Z');
    const dispute = await raiseAtStage2(app);
    expect(dispute).toMatchObject({ openedOn: '2026-10-19', dueOn: '2026-10-23' });
    await deliverUntilQuiet(app);

    const [booking] = (await stateOf(app, dispute.id)).meetings;
    expect(booking).toMatchObject({
      provider: 'ics',
      eventId: `${dispute.id}:stage-2@cp-disputes`,
      joinUrl: null,
      chairId: people.chair.id,
      attendeeIds: [people.teamManager.id, people.socialWorker.id],
      sequence: 0,
      cancelled: false,
    });
    expectInsideTheStage(booking!, dispute);
    // Nobody's calendar is known: the first hour everyone works after a working day's notice
    // (SEEDS.md "Meetings", issue 12 item 7), Tuesday 09:00 London.
    expect(new Date(booking!.start).toISOString()).toBe('2026-10-20T08:00:00.000Z');
    const rows = await outboxOf(app, dispute.id);
    expect(rows.find((r) => r.reason === 'book-meeting')).toMatchObject({
      status: 'delivered',
      recipientId: people.chair.id,
    });
    expect(
      rows
        .filter((r) => r.reason === 'meeting-booked')
        .map((r) => r.recipientId)
        .sort(),
    ).toEqual([people.chair.id, people.socialWorker.id, people.teamManager.id].sort());

    const res = await invitation(dispute.id, people.chair.id);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8; method=REQUEST');
    const { calendar: vcalendar, events } = readCalendar(res.text);
    expect(vcalendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(vcalendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(vcalendar.getFirstPropertyValue('prodid')).toBeTruthy();
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event.uid).toBe(`${dispute.id}:stage-2@cp-disputes`);
    expect(event.sequence).toBe(0);
    expect(event.component.getFirstPropertyValue('dtstamp')).toBeTruthy();
    // No service mailbox: the chair organises, and chairs.
    expect(String(event.organizer).toLowerCase()).toBe(`mailto:${people.chair.email}`);
    expect(attendeesOf(event).map((a) => [a.email, a.role])).toEqual([
      [people.chair.email, 'CHAIR'],
      [people.teamManager.email, 'REQ-PARTICIPANT'],
      [people.socialWorker.email, 'REQ-PARTICIPANT'],
    ]);
    expect(event.startDate.zone!.tzid).toBe('Europe/London');
    expect(res.text).toContain('DTSTART;TZID=Europe/London:20261020T090000');
    expect(res.text).toContain('DTEND;TZID=Europe/London:20261020T100000');
    expect(utc(event.startDate)).toBe('2026-10-20T08:00:00.000Z');
    expect(utc(event.endDate)).toBe('2026-10-20T09:00:00.000Z');
    expect(res.text).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/London/);
    expect(event.summary).toContain(dispute.reference);
    expect(res.text).not.toMatch(/Amelia|O'Neill|2019-04-02|20190402|NB-104233/);
    // Every content line ends with CRLF (RFC 5545).
    expect(res.text.endsWith('\r\n')).toBe(true);
    expect(res.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);

    // The chair resolves: the invitation becomes the cancellation of the same UID, one sequence on.
    await resolveAsChair(app, dispute.id);
    await deliverUntilQuiet(app);
    const state = await stateOf(app, dispute.id);
    expect(state.meetings).toMatchObject([{ cancelled: true, sequence: 1 }]);
    expect((await outboxOf(app, dispute.id)).find((r) => r.reason === 'cancel-meeting')).toMatchObject({
      status: 'delivered',
    });

    const after = await invitation(dispute.id, people.chair.id);
    expect(after.status, after.text).toBe(200);
    expect(after.headers['content-type']).toBe('text/calendar; charset=utf-8; method=CANCEL');
    const cancelled = readCalendar(after.text);
    expect(cancelled.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancelled.events).toHaveLength(1);
    expect(cancelled.events[0]!.uid).toBe(`${dispute.id}:stage-2@cp-disputes`);
    expect(cancelled.events[0]!.sequence).toBe(1);
    expect(cancelled.events[0]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(attendeesOf(cancelled.events[0]!).map((a) => a.email)).toEqual([
      people.chair.email,
      people.teamManager.email,
      people.socialWorker.email,
    ]);
  });

  it("plans around a part-time social worker's working days", async () => {
    // Thursday 22 October 2026, 10:00 in London; sw-fern works Monday to Wednesday.
    app.testClock!.set('2026-10-22T09:00:00Z');
    const dispute = await raiseAtStage2(app, { socialWorkerId: people.partTime.id, caseNumber: 'NB-200417' });
    expect(dispute).toMatchObject({ openedOn: '2026-10-22', dueOn: '2026-10-28' });
    await deliverUntilQuiet(app);

    const [booking] = (await stateOf(app, dispute.id)).meetings;
    expect(booking).toMatchObject({
      chairId: people.chair.id,
      attendeeIds: [people.southManager.id, people.partTime.id],
    });
    expectInsideTheStage(booking!, dispute);
    // Not Thursday or Friday: Monday 26 October at 09:00 London, GMT once the clocks have gone back.
    expect(calendar.londonDateOf(booking!.start)).toBe('2026-10-26');
    expect(new Date(booking!.start).toISOString()).toBe('2026-10-26T09:00:00.000Z');

    const res = await invitation(dispute.id, people.partTime.id);
    expect(res.status).toBe(200);
    const { events } = readCalendar(res.text);
    expect(res.text).toContain('DTSTART;TZID=Europe/London:20261026T090000');
    expect(utc(events[0]!.startDate)).toBe('2026-10-26T09:00:00.000Z');
    expect(attendeesOf(events[0]!).map((a) => [a.email, a.role])).toEqual([
      [people.chair.email, 'CHAIR'],
      [people.southManager.email, 'REQ-PARTICIPANT'],
      [people.partTime.email, 'REQ-PARTICIPANT'],
    ]);
  });
});
