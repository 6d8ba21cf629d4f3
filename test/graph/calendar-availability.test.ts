// Free/busy through getSchedule on the meetings mailbox's calendar path (app-only), against Graph
// served by msw with the docs' example answers; every body sent is checked against the schema
// generated from Graph's metadata (test/graph/schemas).
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createGraphCalendar } from '../../src/adapters/graph/graph-calendar.ts';
import { GraphCallError } from '../../src/adapters/graph/graph-call-error.ts';
import { toGraphDateTime } from '../../src/adapters/graph/graph-date-time.ts';
import { MAX_SCHEDULES_PER_CALL, mergeSlots, splitWindow } from '../../src/adapters/graph/graph-schedule.ts';
import {
  fixture,
  graphClient,
  graphJson,
  GRAPH,
  ORGANIZER,
  recordingSleep,
  useGraph,
} from './schemas/graph-test-kit.ts';

const { server, sent } = useGraph();
const GET_SCHEDULE = `${GRAPH}/users/${ORGANIZER}/calendar/getSchedule`;
const ADELE = { personId: 'p-adele', email: 'adelev@contoso.onmicrosoft.com' };
const MEGAN = { personId: 'p-megan', email: 'meganb@contoso.onmicrosoft.com' };
const DAY = { start: '2019-03-15T16:00:00Z', end: '2019-03-16T01:00:00Z' };

interface ScheduleBody {
  schedules: string[];
  startTime: { dateTime: string; timeZone: string };
  endTime: { dateTime: string; timeZone: string };
  availabilityViewInterval: number;
}

function calendar(sleep = recordingSleep()) {
  return {
    sleep,
    calendar: createGraphCalendar(graphClient(), { organizer: ORGANIZER, retry: { sleep: sleep.sleep } }),
  };
}

describe('availability (getSchedule)', () => {
  it("asks the organiser's calendar for everyone's free/busy and maps busy, tentative and out-of-office to busy blocks", async () => {
    server.use(http.post(GET_SCHEDULE, () => graphJson(fixture('calendar-getschedule'))));
    const { calendar: cal } = calendar();
    const result = await cal.availability([ADELE, MEGAN], DAY);

    // The docs' answer is in Pacific Standard Time (PDT on 15 March 2019, UTC-7); busy and
    // tentative items that overlap are one block.
    expect(result).toEqual([
      {
        personId: 'p-adele',
        busy: [{ start: '2019-03-15T19:00:00Z', end: '2019-03-15T21:00:00Z' }],
        workingHours: {
          days: [1, 2, 3, 4, 5],
          start: '08:00',
          end: '17:00',
          timeZone: 'America/Los_Angeles',
        },
      },
      {
        personId: 'p-megan',
        busy: [
          { start: '2019-03-15T15:30:00Z', end: '2019-03-15T16:30:00Z' },
          { start: '2019-03-15T19:00:00Z', end: '2019-03-15T21:00:00Z' },
          { start: '2019-03-15T23:00:00Z', end: '2019-03-16T00:00:00Z' },
        ],
        // A custom time zone has no IANA name: passed through as Graph names it.
        workingHours: {
          days: [1, 2, 3, 4, 5],
          start: '08:00',
          end: '17:00',
          timeZone: 'Customized Time Zone',
        },
      },
    ]);

    const [request] = await sent();
    expect(request!.method).toBe('POST');
    expect(request!.url.pathname).toBe(`/v1.0/users/${ORGANIZER}/calendar/getSchedule`);
    expect(request!.headers.get('prefer')).toBe('outlook.timezone="UTC"');
    expect(request!.headers.get('authorization')).toBe('Bearer test-token');
    expect(request!.body).toEqual({
      schedules: [ADELE.email, MEGAN.email],
      startTime: { dateTime: '2019-03-15T16:00:00', timeZone: 'Europe/London' },
      endTime: { dateTime: '2019-03-16T01:00:00', timeZone: 'Europe/London' },
      availabilityViewInterval: 15,
    });
  });

  it('an empty schedule has no busy blocks; GMT Standard Time working hours become Europe/London', async () => {
    server.use(http.post(GET_SCHEDULE, () => graphJson(fixture('calendar-getschedule-empty'))));
    const result = await calendar().calendar.availability([ADELE], DAY);
    expect(result).toEqual([
      {
        personId: 'p-adele',
        busy: [],
        workingHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00', timeZone: 'Europe/London' },
      },
    ]);
  });

  it('free and working-elsewhere are not busy; out-of-office and unknown are', async () => {
    const item = (status: string, start: string, end: string) => ({
      status,
      start: { dateTime: `2025-06-02T${start}:00.0000000`, timeZone: 'UTC' },
      end: { dateTime: `2025-06-02T${end}:00.0000000`, timeZone: 'UTC' },
    });
    server.use(
      http.post(GET_SCHEDULE, () =>
        graphJson({
          value: [
            {
              scheduleId: ADELE.email,
              scheduleItems: [
                item('free', '09:00', '10:00'),
                item('workingElsewhere', '10:00', '11:00'),
                item('oof', '12:00', '13:00'),
                item('unknown', '14:00', '15:00'),
              ],
            },
          ],
        }),
      ),
    );
    const [adele] = await calendar().calendar.availability([ADELE], {
      start: '2025-06-02T00:00:00Z',
      end: '2025-06-03T00:00:00Z',
    });
    expect(adele!.busy).toEqual([
      { start: '2025-06-02T12:00:00Z', end: '2025-06-02T13:00:00Z' },
      { start: '2025-06-02T14:00:00Z', end: '2025-06-02T15:00:00Z' },
    ]);
    expect(adele!.workingHours).toBeNull();
  });

  it('a 429 is retried after its Retry-After', async () => {
    let calls = 0;
    server.use(
      http.post(GET_SCHEDULE, () =>
        ++calls === 1
          ? graphJson(fixture('calendar-throttled'), 429, { 'Retry-After': '2' })
          : graphJson(fixture('calendar-getschedule-empty')),
      ),
    );
    const { calendar: cal, sleep } = calendar();
    const result = await cal.availability([ADELE], DAY);
    expect(result[0]!.busy).toEqual([]);
    expect(sleep.waits).toEqual([2000]);
    const requests = await sent();
    expect(requests).toHaveLength(2);
    expect(requests[1]!.body).toEqual(requests[0]!.body);
  });

  it('a Retry-After longer than a person should wait goes back to the caller, with the delay', async () => {
    server.use(
      http.post(GET_SCHEDULE, () => graphJson(fixture('calendar-throttled'), 429, { 'Retry-After': '120' })),
    );
    const { calendar: cal, sleep } = calendar();
    const error = (await cal.availability([ADELE], DAY).catch((e: unknown) => e)) as GraphCallError;
    expect(error).toBeInstanceOf(GraphCallError);
    expect(error.status).toBe(429);
    expect(error.permanent).toBe(false);
    expect(error.options.retryAfterSeconds).toBe(120);
    expect(error.message).toMatch(/busy.*tried again in about 120 seconds/);
    expect(sleep.waits).toEqual([]);
    expect(await sent()).toHaveLength(1);
  });

  it('splits a request into at most 100 schedules and 62 days per call', async () => {
    const people = Array.from({ length: MAX_SCHEDULES_PER_CALL + 1 }, (_, i) => ({
      personId: `p${i}`,
      email: `person${i}@council.example`,
    }));
    const window = { start: '2025-01-06T00:00:00Z', end: '2025-03-17T00:00:00Z' }; // 70 days
    server.use(
      http.post(GET_SCHEDULE, async ({ request }) => {
        const body = (await request.json()) as ScheduleBody;
        return graphJson({
          value: body.schedules.map((scheduleId) => ({
            scheduleId,
            scheduleItems: [
              {
                status: 'busy',
                start: { dateTime: `${body.startTime.dateTime}.0000000`, timeZone: 'UTC' },
                end: { dateTime: `${body.startTime.dateTime.slice(0, 11)}23:00:00.0000000`, timeZone: 'UTC' },
              },
            ],
          })),
        });
      }),
    );
    const result = await calendar().calendar.availability(people, window);
    const bodies = (await sent()).map((r) => r.body as ScheduleBody);
    expect(bodies.map((b) => [b.schedules.length, b.startTime.dateTime, b.endTime.dateTime])).toEqual([
      [100, '2025-01-06T00:00:00', '2025-03-09T00:00:00'],
      [1, '2025-01-06T00:00:00', '2025-03-09T00:00:00'],
      [100, '2025-03-09T00:00:00', '2025-03-17T00:00:00'],
      [1, '2025-03-09T00:00:00', '2025-03-17T00:00:00'],
    ]);
    expect(result).toHaveLength(101);
    expect(result[100]).toMatchObject({
      personId: 'p100',
      busy: [{ start: '2025-01-06T00:00:00Z' }, { start: '2025-03-09T00:00:00Z' }],
    });
  });

  it('an address Outlook cannot give free/busy for is an error naming it, not a free day', async () => {
    server.use(
      http.post(GET_SCHEDULE, () =>
        graphJson({
          value: [
            { scheduleId: ADELE.email, scheduleItems: [] },
            {
              scheduleId: 'nobody@council.example',
              error: {
                message: 'The user or resource does not exist.',
                responseCode: 'ErrorMailRecipientNotFound',
              },
            },
          ],
        }),
      ),
    );
    const error = (await calendar()
      .calendar.availability([ADELE, { personId: 'p-x', email: 'nobody@council.example' }], DAY)
      .catch((e: unknown) => e)) as GraphCallError;
    expect(error).toBeInstanceOf(GraphCallError);
    expect(error.permanent).toBe(true);
    expect(error.message).toContain(
      'nobody@council.example (ErrorMailRecipientNotFound: The user or resource does not exist.)',
    );
  });

  it('a 403 says which permission IT must grant', async () => {
    server.use(
      http.post(GET_SCHEDULE, () =>
        graphJson(
          {
            error: {
              code: 'ErrorAccessDenied',
              message: 'Access is denied. Check credentials and try again.',
            },
          },
          403,
        ),
      ),
    );
    const error = (await calendar()
      .calendar.availability([ADELE], DAY)
      .catch((e: unknown) => e)) as GraphCallError;
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(
      /not allowed to read people's free\/busy times as meetings@council\.example.*Calendars\.Read/,
    );
  });
});

describe('time helpers', () => {
  it('write London wall-clock times, and UTC for the hour that happens twice when the clocks go back', () => {
    expect(toGraphDateTime('2025-07-01T09:00:00Z', 'Europe/London')).toEqual({
      dateTime: '2025-07-01T10:00:00',
      timeZone: 'Europe/London',
    });
    expect(toGraphDateTime('2025-12-01T09:30:00+00:00', 'Europe/London')).toEqual({
      dateTime: '2025-12-01T09:30:00',
      timeZone: 'Europe/London',
    });
    // 26 October 2025: 01:30 London happens at 00:30Z and again at 01:30Z.
    expect(toGraphDateTime('2025-10-26T00:30:00Z', 'Europe/London')).toEqual({
      dateTime: '2025-10-26T00:30:00.000',
      timeZone: 'UTC',
    });
    expect(toGraphDateTime('2025-10-26T01:30:00Z', 'Europe/London')).toEqual({
      dateTime: '2025-10-26T01:30:00.000',
      timeZone: 'UTC',
    });
  });

  it('split windows and merge slots', () => {
    expect(splitWindow({ start: '2025-01-01T00:00:00Z', end: '2025-01-03T12:00:00Z' }, 1)).toEqual([
      { start: '2025-01-01T00:00:00Z', end: '2025-01-02T00:00:00Z' },
      { start: '2025-01-02T00:00:00Z', end: '2025-01-03T00:00:00Z' },
      { start: '2025-01-03T00:00:00Z', end: '2025-01-03T12:00:00Z' },
    ]);
    expect(() => splitWindow({ start: '2025-01-02T00:00:00Z', end: '2025-01-01T00:00:00Z' }, 62)).toThrow(
      /ends/,
    );
    expect(
      mergeSlots([
        { start: '2025-01-01T10:00:00Z', end: '2025-01-01T11:00:00Z' },
        { start: '2025-01-01T09:00:00+00:00', end: '2025-01-01T10:00:00Z' },
        { start: '2025-01-01T13:00:00Z', end: '2025-01-01T14:00:00Z' },
      ]),
    ).toEqual([
      { start: '2025-01-01T09:00:00Z', end: '2025-01-01T11:00:00Z' },
      { start: '2025-01-01T13:00:00Z', end: '2025-01-01T14:00:00Z' },
    ]);
  });
});
