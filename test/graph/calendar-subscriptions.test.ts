// Change notifications for the meetings mailbox's events: creating and renewing the subscription
// (bodies checked against the schemas generated from Graph's metadata), the webhook's validation
// echo and clientState check on the docs' example notification, and the polling fallback.
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createGraphCalendar } from '../../src/adapters/graph/graph-calendar.ts';
import { handleNotification, pollResponses } from '../../src/adapters/graph/graph-notifications.ts';
import {
  createGraphSubscriptions,
  MAX_EVENT_SUBSCRIPTION_MINUTES,
  renewDue,
} from '../../src/adapters/graph/graph-subscriptions.ts';
import {
  FakeOutlook,
  fixture,
  graphClient,
  graphJson,
  GRAPH,
  ORGANIZER,
  useGraph,
} from './schemas/graph-test-kit.ts';

const { server, sent } = useGraph();
const SECRET = 'secretClientValue';
const HOOK = 'https://cp-disputes.council.example/api/graph/notifications';
const NOW = '2025-03-10T09:00:00.000Z';

const subscriptions = () =>
  createGraphSubscriptions(graphClient(), {
    organizer: ORGANIZER,
    notificationUrl: HOOK,
    clientState: SECRET,
  });

describe('subscriptions', () => {
  it('subscribes to updates of the organiser mailbox events, for a little under the 7-day maximum', async () => {
    server.use(
      http.post(`${GRAPH}/subscriptions`, async ({ request }) => {
        const body = (await request.json()) as { expirationDateTime: string };
        return graphJson(
          {
            ...fixture<Record<string, unknown>>('calendar-subscription-created'),
            expirationDateTime: body.expirationDateTime,
          },
          201,
        );
      }),
    );
    const record = await subscriptions().create(NOW);
    expect(record).toEqual({
      id: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
      resource: `users/${ORGANIZER}/events`,
      changeType: 'updated',
      expirationDateTime: '2025-03-17T08:50:00.000Z',
    });
    const [post] = await sent();
    expect(post!.body).toEqual({
      changeType: 'updated',
      notificationUrl: HOOK,
      resource: `users/${ORGANIZER}/events`,
      expirationDateTime: '2025-03-17T08:50:00.000Z',
      clientState: SECRET,
    });
    expect(Date.parse(record.expirationDateTime) - Date.parse(NOW)).toBeLessThan(
      MAX_EVENT_SUBSCRIPTION_MINUTES * 60_000,
    );
  });

  it('renews with PATCH /subscriptions/{id} and a new expiry', async () => {
    server.use(
      http.patch(`${GRAPH}/subscriptions/:id`, async ({ request, params }) => {
        const body = (await request.json()) as { expirationDateTime: string };
        return graphJson({
          ...fixture<Record<string, unknown>>('calendar-subscription-created'),
          id: params.id,
          expirationDateTime: body.expirationDateTime,
        });
      }),
    );
    const record = await subscriptions().renew(
      '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
      '2025-03-15T09:00:00Z',
    );
    expect(record.expirationDateTime).toBe('2025-03-22T08:50:00.000Z');
    const [patch] = await sent();
    expect(patch!.url.pathname).toBe('/v1.0/subscriptions/7f105c7d-2dc5-4530-97cd-4e7ae6534c07');
    expect(patch!.body).toEqual({ expirationDateTime: '2025-03-22T08:50:00.000Z' });
  });

  it('a lapsed subscription (404 on renewal) says it must be created again', async () => {
    server.use(
      http.patch(`${GRAPH}/subscriptions/:id`, () =>
        graphJson({ error: { code: 'ResourceNotFound', message: 'The object was not found.' } }, 404),
      ),
    );
    await expect(subscriptions().renew('gone', NOW)).rejects.toMatchObject({ permanent: true });
  });

  it('refuses settings Graph would refuse: a plain-http URL, a clientState over 128 characters', () => {
    expect(() =>
      createGraphSubscriptions(graphClient(), {
        organizer: ORGANIZER,
        notificationUrl: 'http://x.example/hook',
        clientState: SECRET,
      }),
    ).toThrow(/https/);
    expect(() =>
      createGraphSubscriptions(graphClient(), {
        organizer: ORGANIZER,
        notificationUrl: HOOK,
        clientState: 'x'.repeat(129),
      }),
    ).toThrow(/128/);
  });

  it('renewDue: renew what expires within two days, recreate what has lapsed', () => {
    const s = (id: string, expirationDateTime: string) => ({
      id,
      resource: 'users/x/events',
      changeType: 'updated',
      expirationDateTime,
    });
    const due = renewDue(
      [
        s('fresh', '2025-03-16T09:00:00Z'),
        s('soon', '2025-03-11T08:00:00Z'),
        s('edge', '2025-03-12T09:00:00Z'),
        s('lapsed', '2025-03-10T08:59:59Z'),
      ],
      NOW,
    );
    expect(due.renew.map((x) => x.id)).toEqual(['soon', 'edge']);
    expect(due.recreate.map((x) => x.id)).toEqual(['lapsed']);
    expect(renewDue([s('soon', '2025-03-11T08:00:00Z')], NOW, 60).renew).toEqual([]);
  });
});

describe('the notification endpoint', () => {
  it('echoes the validation token as text/plain, URL-decoded by the query parser', () => {
    const token =
      'Validation: Testing client application reachability for subscription Request-Id: 2e3c5bf1-b2a7-4e2f-9c2d-6a1b8c0d7e9f';
    const answer = handleNotification({ query: { validationToken: token }, body: '' }, SECRET);
    expect(answer).toMatchObject({
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      body: token,
      eventIds: [],
    });
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('returns the events to re-read, ignores an item with a clientState that is not ours, and answers 202', () => {
    const answer = handleNotification({ query: {}, body: fixture('calendar-notification') }, SECRET);
    expect(answer).toMatchObject({
      status: 202,
      eventIds: ['AAMkAGI1AAAt8AHjAAA='],
      deletedEventIds: ['AAMkGone='],
      rejected: 1,
      lifecycle: [],
    });
  });

  it('the same for a body that arrives as text, and for the resource path when there is no resourceData', () => {
    const notification = fixture<{ value: Record<string, unknown>[] }>('calendar-notification');
    const first = {
      ...notification.value[0]!,
      resourceData: undefined,
      resource: "Users('cd209b0b')/Events('AAMkPath=')",
    };
    const answer = handleNotification({ query: undefined, body: JSON.stringify({ value: [first] }) }, SECRET);
    expect(answer).toMatchObject({ status: 202, eventIds: ['AAMkPath='], rejected: 0 });
  });

  it('nothing from a sender who does not know the secret', () => {
    const notification = fixture<{ value: Record<string, unknown>[] }>('calendar-notification');
    const forged = { value: notification.value.map((n) => ({ ...n, clientState: 'guess' })) };
    expect(handleNotification({ query: {}, body: forged }, SECRET)).toMatchObject({
      status: 202,
      eventIds: [],
      deletedEventIds: [],
      rejected: 3,
    });
    expect(
      handleNotification({ query: {}, body: { value: [{ resource: 'Users/x/Events/y' }] } }, SECRET),
    ).toMatchObject({ eventIds: [], rejected: 1 });
  });

  it('passes on lifecycle notifications, and refuses what is not a notification at all', () => {
    const lifecycle = {
      value: [{ subscriptionId: 'sub-1', clientState: SECRET, lifecycleEvent: 'reauthorizationRequired' }],
    };
    expect(handleNotification({ query: {}, body: lifecycle }, SECRET)).toMatchObject({
      status: 202,
      lifecycle: [{ subscriptionId: 'sub-1', event: 'reauthorizationRequired' }],
    });
    expect(handleNotification({ query: {}, body: 'not json' }, SECRET)).toMatchObject({ status: 400 });
    expect(handleNotification({ query: {}, body: { nope: true } }, SECRET)).toMatchObject({ status: 400 });
  });
});

describe('pollResponses (the fallback without a public webhook)', () => {
  it('reads each event once, and reports a failure per event', async () => {
    const outlook = new FakeOutlook();
    server.use(...outlook.handlers());
    const cal = createGraphCalendar(graphClient(), { organizer: ORGANIZER });
    const meeting = await cal.book({
      meetingKey: 'poll-1',
      subject: 'Resolution meeting',
      body: 'CPD-2025-0042',
      slot: { start: '2025-03-10T10:00:00Z', end: '2025-03-10T11:00:00Z' },
      organiser: { personId: 'c', email: 'chair@council.example', name: 'Chair' },
      attendees: [{ personId: 'w', email: 'worker@council.example', name: 'Worker', role: 'required' }],
      online: true,
    });
    const attendees = outlook.events.get(meeting.eventId)!.attendees as { status: { response: string } }[];
    attendees[1]!.status.response = 'declined';
    const polled = await pollResponses(cal, [meeting.eventId, meeting.eventId, 'AAMkGone=']);
    expect(polled).toEqual([
      {
        eventId: meeting.eventId,
        responses: [
          { email: 'worker@council.example', response: 'none' },
          { email: 'chair@council.example', response: 'declined' },
        ],
      },
      {
        eventId: 'AAMkGone=',
        error: expect.stringMatching(/no longer in the meetings@council\.example calendar/),
      },
    ]);
  });
});
