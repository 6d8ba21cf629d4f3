// Booking, moving and cancelling Teams meetings in the meetings mailbox, and reading the replies,
// against a fake Outlook calendar served by msw from the docs' example events. Every body sent is
// checked against the schema generated from Graph's metadata (test/graph/schemas).
import { Client } from '@microsoft/microsoft-graph-client';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MeetingRequest } from '../../src/app/ports/meeting-calendar.ts';
import { createGraphCalendar, type MeetingRecordStore } from '../../src/adapters/graph/graph-calendar.ts';
import { GraphCallError } from '../../src/adapters/graph/graph-call-error.ts';
import { MEETING_KEY_PROPERTY, meetingTransactionId } from '../../src/adapters/graph/meeting-ids.ts';
import {
  FakeOutlook,
  fixture,
  graphClient,
  graphJson,
  GRAPH,
  ORGANIZER,
  recordingSleep,
  useGraph,
} from './schemas/graph-test-kit.ts';

const { server, sent } = useGraph();
let outlook: FakeOutlook;
beforeEach(() => {
  outlook = new FakeOutlook();
  server.use(...outlook.handlers());
});

const TEAMS_JOIN_URL = fixture<{ onlineMeeting: { joinUrl: string } }>('calendar-event-created').onlineMeeting
  .joinUrl;

const request = (overrides: Partial<MeetingRequest> = {}): MeetingRequest => ({
  meetingKey: 'dispute/7d1c/stage/2/meeting/1',
  subject: 'Resolution meeting: CPD-2025-0042 (stage 2)',
  body: 'Dispute CPD-2025-0042, stage 2: resolution meeting. Details are in CP Disputes.',
  slot: { start: '2025-03-10T10:00:00Z', end: '2025-03-10T11:00:00Z' },
  organiser: { personId: 'p-chair', email: 'Chair.Person@council.example', name: 'Chris Chair' },
  attendees: [
    { personId: 'p-chair', email: 'chair.person@council.example', name: 'Chris Chair', role: 'chair' },
    { personId: 'p-sw', email: 'sam.worker@council.example', name: 'Sam Worker', role: 'required' },
    { personId: 'p-iro', email: 'ira.reviewer@council.example', name: 'Ira Reviewer', role: 'required' },
    { personId: 'p-box', email: ORGANIZER, name: 'CP Disputes meetings', role: 'required' },
  ],
  online: true,
  ...overrides,
});

function memoryStore(): MeetingRecordStore & { records: Map<string, string> } {
  const records = new Map<string, string>();
  return { records, get: async (k) => records.get(k) ?? null, put: async (k, v) => void records.set(k, v) };
}

function calendar(options: { recordStore?: MeetingRecordStore; client?: Client } = {}) {
  const sleep = recordingSleep();
  const cal = createGraphCalendar(options.client ?? graphClient(), {
    organizer: ORGANIZER,
    recordStore: options.recordStore,
    retry: { sleep: sleep.sleep },
  });
  return { cal, sleep };
}

const creates = async () =>
  (await sent()).filter((r) => r.method === 'POST' && r.url.pathname.endsWith('/events'));

describe('transaction ids', () => {
  it('are UUID v5, stable per meeting key, and the same ids earlier releases sent', () => {
    const id = meetingTransactionId('dispute/7d1c/stage/2/meeting/1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(meetingTransactionId('dispute/7d1c/stage/2/meeting/1')).toBe(id);
    expect(meetingTransactionId('dispute/7d1c/stage/2/meeting/2')).not.toBe(id);
    // The values the hand-written SHA-1 namer gave before the switch to the uuid package: a retry
    // across that deploy must still be folded into the first booking by Exchange.
    expect(id).toBe('09460a0d-51db-502c-a48f-06d95a434bf1');
    expect(meetingTransactionId("o'brien")).toBe('db6414a8-a5bd-56c0-bcaa-6d913f809338');
  });
});

describe('book', () => {
  it('creates a Teams meeting in the organiser mailbox and returns its join link', async () => {
    const store = memoryStore();
    const { cal } = calendar({ recordStore: store });
    const meeting = await cal.book(request());

    expect(meeting).toEqual({
      provider: 'graph',
      eventId: 'AAMkAGI1AAAt1AHjAAA=',
      joinUrl: TEAMS_JOIN_URL,
      warnings: [],
    });
    expect(store.records.get('dispute/7d1c/stage/2/meeting/1')).toBe('AAMkAGI1AAAt1AHjAAA=');
    const [post] = await creates();
    expect(post!.url.pathname).toBe(`/v1.0/users/${ORGANIZER}/events`);
    expect(post!.body).toEqual({
      subject: 'Resolution meeting: CPD-2025-0042 (stage 2)',
      body: {
        contentType: 'text',
        content: 'Dispute CPD-2025-0042, stage 2: resolution meeting. Details are in CP Disputes.',
      },
      start: { dateTime: '2025-03-10T10:00:00', timeZone: 'Europe/London' },
      end: { dateTime: '2025-03-10T11:00:00', timeZone: 'Europe/London' },
      // The chair once (the organiser is the chair, in another case); the organising mailbox is not invited.
      attendees: [
        { emailAddress: { address: 'chair.person@council.example', name: 'Chris Chair' }, type: 'required' },
        { emailAddress: { address: 'sam.worker@council.example', name: 'Sam Worker' }, type: 'required' },
        { emailAddress: { address: 'ira.reviewer@council.example', name: 'Ira Reviewer' }, type: 'required' },
      ],
      allowNewTimeProposals: false,
      responseRequested: true,
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      transactionId: meetingTransactionId('dispute/7d1c/stage/2/meeting/1'),
      singleValueExtendedProperties: [{ id: MEETING_KEY_PROPERTY, value: 'dispute/7d1c/stage/2/meeting/1' }],
    });
  });

  it('after a 503 that came once the event was created, finds that event: exactly one event exists', async () => {
    outlook.failAfterCreate.push(() => graphJson(fixture('calendar-service-unavailable'), 503));
    const { cal } = calendar();
    const meeting = await cal.book(request());

    expect(outlook.events.size).toBe(1);
    expect(meeting.eventId).toBe([...outlook.events.keys()][0]);
    expect(meeting.joinUrl).toBe(TEAMS_JOIN_URL);
    expect(meeting.warnings).toEqual([
      expect.stringMatching(/reported an error \(503\) after creating the meeting.*did not book it twice/),
    ]);
    // The outbox retries the row anyway (its first attempt may have died with the process): still one.
    const again = await cal.book(request());
    expect(again.eventId).toBe(meeting.eventId);
    expect(outlook.events.size).toBe(1);
    expect(await creates()).toHaveLength(1);
    // Both times, the lookup was by the extended property carrying the meeting key.
    const lookups = (await sent()).filter((r) => r.method === 'GET' && r.url.pathname.endsWith('/events'));
    expect(lookups.map((r) => r.url.searchParams.get('$filter'))).toEqual(
      Array(3).fill(
        `singleValueExtendedProperties/Any(ep: ep/id eq '${MEETING_KEY_PROPERTY}' and ep/value eq 'dispute/7d1c/stage/2/meeting/1')`,
      ),
    );
  });

  it('after a connection lost once the event was created, the same: one event', async () => {
    outlook.failAfterCreate.push(() => HttpResponse.error());
    const { cal } = calendar();
    const meeting = await cal.book(request());
    expect(outlook.events.size).toBe(1);
    expect(meeting.eventId).toBe([...outlook.events.keys()][0]);
    expect(meeting.warnings[0]).toMatch(/did not book it twice/);
  });

  it('is not retried blindly even by a client with the SDK default middleware (which retries 503s)', async () => {
    outlook.failAfterCreate.push(
      () => graphJson(fixture('calendar-service-unavailable'), 503),
      () => graphJson(fixture('calendar-service-unavailable'), 503),
    );
    const sdkDefault = Client.initWithMiddleware({
      authProvider: { getAccessToken: async () => 'test-token' },
    });
    const { cal } = calendar({ client: sdkDefault });
    const meeting = await cal.book(request());
    expect(await creates()).toHaveLength(1);
    expect(outlook.events.size).toBe(1);
    expect(meeting.eventId).toBe([...outlook.events.keys()][0]);
  });

  it('a 503 before anything was created is handed back to be retried, and the retry creates the meeting once', async () => {
    outlook.failBeforeCreate.push(() => graphJson(fixture('calendar-service-unavailable'), 503));
    const { cal } = calendar();
    const error = (await cal.book(request()).catch((e: unknown) => e)) as GraphCallError;
    expect(error).toBeInstanceOf(GraphCallError);
    expect(error.outcome).toBe('unknown');
    expect(error.permanent).toBe(false);
    expect(error.message).toMatch(/problem \(503\).*tried again.*not booked twice/);
    expect(outlook.events.size).toBe(0);
    await cal.book(request());
    expect(outlook.events.size).toBe(1);
  });

  it('uses our own record first when there is one', async () => {
    const store = memoryStore();
    const { cal } = calendar({ recordStore: store });
    const first = await cal.book(request());
    const again = await cal.book(request());
    expect(again).toEqual(first);
    const requests = await sent();
    expect(requests.filter((r) => r.method === 'GET').map((r) => r.url.pathname)).toEqual([
      `/v1.0/users/${ORGANIZER}/events`, // before the first create: nothing recorded, nothing in Outlook
      `/v1.0/users/${ORGANIZER}/events/AAMkAGI1AAAt1AHjAAA%3D`, // the recorded event
    ]);
    expect(outlook.events.size).toBe(1);
  });

  it('a record of an event deleted in Outlook does not stop a new booking', async () => {
    const store = memoryStore();
    await store.put('dispute/7d1c/stage/2/meeting/1', 'AAMkDeletedInOutlook=');
    const meeting = await calendar({ recordStore: store }).cal.book(request());
    expect(outlook.events.size).toBe(1);
    expect(store.records.get('dispute/7d1c/stage/2/meeting/1')).toBe(meeting.eventId);
  });

  it('a created event without a Teams link is returned with a warning, not ignored', async () => {
    outlook.teams = false;
    const meeting = await calendar().cal.book(request());
    expect(meeting.eventId).toBe('AAMkAGI1AAAt1AHjAAA=');
    expect(meeting.joinUrl).toBeNull();
    expect(meeting.warnings).toEqual([
      expect.stringMatching(
        /no Teams link.*Teams meetings are allowed for the meetings@council\.example calendar/,
      ),
    ]);
    // An in-person meeting needs no link.
    const inPerson = await calendar().cal.book(request({ meetingKey: 'in-person', online: false }));
    expect(inPerson.warnings).toEqual([]);
    const bodies = (await creates()).map((r) => r.body as Record<string, unknown>);
    expect(bodies[1]).not.toHaveProperty('isOnlineMeeting');
  });

  it('a 429 is retried after its Retry-After; nothing was created by the throttled request', async () => {
    outlook.failBeforeCreate.push(() =>
      graphJson(fixture('calendar-throttled'), 429, { 'Retry-After': '2' }),
    );
    const { cal, sleep } = calendar();
    await cal.book(request());
    expect(sleep.waits).toEqual([2000]);
    expect(await creates()).toHaveLength(2);
    expect(outlook.events.size).toBe(1);
  });

  it('errors a chair can act on: a refused attendee, a missing permission', async () => {
    outlook.failBeforeCreate.push(() =>
      graphJson(
        { error: { code: 'ErrorInvalidRecipients', message: "At least one recipient isn't valid." } },
        400,
      ),
    );
    const bad = (await calendar()
      .cal.book(request())
      .catch((e: unknown) => e)) as GraphCallError;
    expect(bad.permanent).toBe(true);
    expect(bad.message).toBe(
      "Microsoft 365 refused to book the meeting: At least one recipient isn't valid. Check the attendees' email addresses and the time.",
    );
    outlook.failBeforeCreate.push(() =>
      graphJson({ error: { code: 'ErrorAccessDenied', message: 'Access is denied.' } }, 403),
    );
    const denied = (await calendar()
      .cal.book(request())
      .catch((e: unknown) => e)) as GraphCallError;
    expect(denied.permanent).toBe(true);
    expect(denied.message).toMatch(
      /not allowed to book the meeting as meetings@council\.example.*Calendars\.ReadWrite.*application access policy/,
    );
  });

  it('a meeting key with quotes is escaped in the lookup', async () => {
    const { cal } = calendar();
    await cal.book(request({ meetingKey: "o'brien & co #1" }));
    await cal.book(request({ meetingKey: "o'brien & co #1" }));
    expect(outlook.events.size).toBe(1);
    const lookup = (await sent()).find((r) => r.method === 'GET')!;
    expect(lookup.url.searchParams.get('$filter')).toContain("ep/value eq 'o''brien & co #1'");
  });
});

describe('move, cancel, responses', () => {
  it('move sends the new start and end and keeps the Teams link', async () => {
    const { cal } = calendar();
    const booked = await cal.book(request());
    const moved = await cal.move(
      booked.eventId,
      request({ slot: { start: '2025-07-01T13:00:00Z', end: '2025-07-01T14:30:00Z' } }),
      1,
    );
    expect(moved).toEqual({ ...booked, warnings: [] });
    const patch = (await sent()).find((r) => r.method === 'PATCH')!;
    expect(patch.body).toEqual({
      start: { dateTime: '2025-07-01T14:00:00', timeZone: 'Europe/London' },
      end: { dateTime: '2025-07-01T15:30:00', timeZone: 'Europe/London' },
    });
    expect(outlook.events.get(booked.eventId)).toMatchObject({ start: { dateTime: '2025-07-01T14:00:00' } });
  });

  it('moving a meeting deleted in Outlook says so', async () => {
    const error = (await calendar()
      .cal.move('AAMkGone=', request(), 1)
      .catch((e: unknown) => e)) as GraphCallError;
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(/no longer in the meetings@council\.example calendar.*Book a new meeting/);
  });

  it('cancel sends the reason to the attendees; cancelling again is not an error', async () => {
    const { cal } = calendar();
    const booked = await cal.book(request());
    await cal.cancel(booked.eventId, request(), 2, 'The dispute was resolved before the meeting.');
    expect(outlook.events.get(booked.eventId)).toMatchObject({
      isCancelled: true,
      cancelComment: 'The dispute was resolved before the meeting.',
    });
    const cancel = (await sent()).find((r) => r.url.pathname.endsWith('/cancel'))!;
    expect(cancel.body).toEqual({ comment: 'The dispute was resolved before the meeting.' });
    await expect(cal.cancel(booked.eventId, request(), 3, 'again')).resolves.toBeUndefined();
  });

  it('responses reads the attendees: a declined meeting shows declined for that email', async () => {
    const id =
      'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e-T7KzowPTAAAAAAENAAAiIsqMbYjsT5e-T7KzowPTAAAa_WKzAAA=';
    server.use(
      http.get(`${GRAPH}/users/${ORGANIZER}/events/:id`, () =>
        graphJson(fixture('calendar-event-attendees')),
      ),
    );
    const responses = await calendar().cal.responses(id);
    expect(responses).toEqual([
      { email: 'engineering@M365x214355.onmicrosoft.com', response: 'declined' },
      { email: 'IrvinS@M365x214355.onmicrosoft.com', response: 'accepted' },
      { email: 'AlexW@M365x214355.onmicrosoft.com', response: 'tentative' },
      { email: 'MeganB@M365x214355.onmicrosoft.com', response: 'none' },
      { email: 'AdeleV@M365x214355.onmicrosoft.com', response: 'none' },
    ]);
    const [get] = await sent();
    expect(get!.url.searchParams.get('$select')).toBe('attendees');
  });

  it('responses of a meeting that is gone is an error that says so', async () => {
    const error = (await calendar()
      .cal.responses('AAMkGone=')
      .catch((e: unknown) => e)) as GraphCallError;
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/no longer in the meetings@council\.example calendar/);
  });
});
