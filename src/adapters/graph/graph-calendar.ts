// Resolution meetings as Teams meetings in Outlook, organised by a service mailbox
// (MEETINGS_ORGANIZER) through Microsoft Graph with application permissions (Calendars.ReadWrite,
// limited by an application access policy to that mailbox).
//
// * availability: getSchedule on the organiser's calendar path (graph-schedule.ts), 15-minute view
//   interval by default.
// * book: POST /users/{organizer}/events with a Teams link (isOnlineMeeting + teamsForBusiness).
//   Duplicates are prevented three ways, because a 503 or a dropped connection can come *after*
//   Exchange created the event:
//     1. before creating, `find(meetingKey)`: our own record (an injected MeetingRecordStore, the
//        app's database) and then Graph itself, by a single-value extended property carrying the
//        meeting key, stamped on the event when it is created. Filtering events on an extended
//        property is documented (singlevaluelegacyextendedproperty-get); filtering on transactionId
//        is not, so we do not rely on it;
//     2. after a failure whose outcome is unknown (5xx, network), the same lookup runs at once and
//        a found event is returned, not created again;
//     3. transactionId, a UUID v5 of the meeting key (meetingTransactionId, meeting-ids.ts), is sent so that
//        Exchange itself folds a repeated POST into the first ("to avoid redundant POST operations
//        in case of client retries", event resource) if both lookups race a create in flight.
//   A 201 without onlineMeeting.joinUrl is returned with a warning, not ignored.
// * move: PATCH start/end. cancel: POST .../cancel with the reason as the comment (an event that is
//   already gone counts as cancelled). responses: GET ...?$select=attendees.
//
// Times: written as Europe/London wall-clock times (graph-date-time.ts); times Graph returns are
// asked for in UTC (Prefer: outlook.timezone="UTC") and read as instants.
//
// Retries: inline, by `callGraph` (graph-call.ts); what is left becomes a GraphCallError
// (graph-call-error.ts), a DeliveryError the outbox understands, with a message a chair can act on.
import type { Client } from '@microsoft/microsoft-graph-client';
import { DateTime } from 'luxon';
import type {
  AttendeeResponse,
  BookedMeeting,
  MeetingCalendar,
  MeetingRequest,
} from '../../app/ports/meeting-calendar.ts';
import { callGraph, defaultRetryPolicy, noSdkRetry, pathSegment, type RetryPolicy } from './graph-call.ts';
import { GraphCallError, toGraphCallError, type FailureContext } from './graph-call-error.ts';
import { millis, toGraphDateTime } from './graph-date-time.ts';
import { readGraphFailure } from './graph-errors.ts';
import { readAvailability } from './graph-schedule.ts';
import { MEETING_KEY_PROPERTY, meetingTransactionId } from './meeting-ids.ts';
import { odataString } from './odata.ts';

// ---------------------------------------------------------------------------------------------
// The calendar

/** Our own record of created events (the app keeps it in the database): meeting key → event id. */
export interface MeetingRecordStore {
  get(meetingKey: string): Promise<string | null>;
  put(meetingKey: string, eventId: string): Promise<void>;
}

export interface GraphCalendarOptions {
  /** MEETINGS_ORGANIZER: the service mailbox that organises the meetings (UPN or object id). */
  organizer: string;
  /** IANA zone the events are written in; Europe/London by default. */
  timeZone?: string;
  recordStore?: MeetingRecordStore;
  /** getSchedule's availabilityViewInterval, 5–1440 minutes; 15 by default. */
  availabilityViewInterval?: number;
  retry?: Partial<RetryPolicy>;
}

export interface GraphCalendar extends MeetingCalendar {
  readonly kind: 'graph';
  /** The event booked for this meeting key, if there is one (our record first, then Outlook). */
  find(meetingKey: string): Promise<BookedMeeting | null>;
}

interface GraphEvent {
  id: string;
  isCancelled?: boolean;
  createdDateTime?: string;
  onlineMeeting?: { joinUrl?: string | null } | null;
  attendees?: { emailAddress?: { address?: string; name?: string }; status?: { response?: string } }[];
}

const RESPONSES: Record<string, AttendeeResponse> = {
  accepted: 'accepted',
  tentativelyaccepted: 'tentative',
  declined: 'declined',
  none: 'none',
  notresponded: 'none',
  organizer: 'none',
};

export function createGraphCalendar(client: Client, options: GraphCalendarOptions): GraphCalendar {
  const organizer = options.organizer.trim();
  if (!organizer)
    throw new Error('createGraphCalendar: the organiser mailbox (MEETINGS_ORGANIZER) is required');
  const zone = options.timeZone ?? 'Europe/London';
  if (!DateTime.now().setZone(zone).isValid)
    throw new Error(`createGraphCalendar: unknown time zone ${zone}`);
  const interval = options.availabilityViewInterval ?? 15;
  if (!Number.isInteger(interval) || interval < 5 || interval > 1440)
    throw new Error(
      'createGraphCalendar: availabilityViewInterval must be a whole number of minutes from 5 to 1440',
    );
  const policy = defaultRetryPolicy(options.retry);
  const store = options.recordStore;
  const mailbox = pathSegment(organizer);
  const eventPath = (id: string) => `/users/${mailbox}/events/${pathSegment(id)}`;
  const writeCtx = (action: string, extra: Partial<FailureContext> = {}): FailureContext => ({
    action,
    mailbox: organizer,
    permission: 'Calendars.ReadWrite',
    repeatable: true,
    whenUnknown: 'retry',
    itemNotFound: `The meeting is no longer in the ${organizer} calendar (it may have been deleted in Outlook), so CP Disputes could not ${action}. Book a new meeting.`,
    ...extra,
  });

  const booked = (event: GraphEvent, online: boolean | null, warnings: string[] = []): BookedMeeting => {
    const joinUrl =
      typeof event.onlineMeeting?.joinUrl === 'string' && event.onlineMeeting.joinUrl
        ? event.onlineMeeting.joinUrl
        : null;
    const out = [...warnings];
    if (online && !joinUrl)
      out.push(
        `The meeting is in Outlook, but Microsoft 365 gave it no Teams link. Ask IT to check that Teams meetings are allowed for the ${organizer} calendar; meanwhile add a link in Outlook or tell the attendees where to meet.`,
      );
    return { provider: 'graph', eventId: event.id, joinUrl, warnings: out };
  };

  const getEvent = async (id: string, select: string): Promise<GraphEvent | null> => {
    try {
      return (await callGraph(
        () =>
          client
            .api(eventPath(id))
            .select(select)
            .middlewareOptions(noSdkRetry())
            .get() as Promise<GraphEvent>,
        policy,
        true,
      )) as GraphEvent;
    } catch (error) {
      if (readGraphFailure(error).status === 404) return null;
      throw toGraphCallError(error, writeCtx('read the meeting', { permission: 'Calendars.Read' }));
    }
  };

  /** Outlook events stamped with this meeting key, oldest first. */
  const lookup = async (meetingKey: string): Promise<GraphEvent[]> => {
    const filter = `singleValueExtendedProperties/Any(ep: ep/id eq ${odataString(MEETING_KEY_PROPERTY)} and ep/value eq ${odataString(meetingKey)})`;
    try {
      const page = (await callGraph(
        () =>
          client
            .api(`/users/${mailbox}/events`)
            .filter(encodeURIComponent(filter))
            .select('id,isCancelled,createdDateTime,onlineMeeting')
            .top(10)
            .middlewareOptions(noSdkRetry())
            .get() as Promise<{ value?: GraphEvent[] }>,
        policy,
        true,
      )) as { value?: GraphEvent[] };
      return (page.value ?? [])
        .filter((e) => typeof e.id === 'string' && !e.isCancelled)
        .sort((a, b) => (a.createdDateTime ?? '').localeCompare(b.createdDateTime ?? ''));
    } catch (error) {
      throw toGraphCallError(
        error,
        writeCtx('look for a meeting already booked', { permission: 'Calendars.Read' }),
      );
    }
  };

  const find = async (meetingKey: string): Promise<BookedMeeting | null> => {
    const recorded = store ? await store.get(meetingKey) : null;
    if (recorded) {
      const event = await getEvent(recorded, 'id,isCancelled,onlineMeeting');
      if (event && !event.isCancelled) return booked(event, null);
    }
    const found = await lookup(meetingKey);
    const first = found[0];
    if (!first) return null;
    if (store && first.id !== recorded) await store.put(meetingKey, first.id);
    return booked(
      first,
      null,
      found.length > 1
        ? [
            `Outlook has ${found.length} events for this meeting; CP Disputes uses the first. Delete the others in the ${organizer} calendar.`,
          ]
        : [],
    );
  };

  const eventBody = (request: MeetingRequest) => {
    const seen = new Set([organizer.toLowerCase()]);
    const attendees = [...request.attendees, { ...request.organiser, role: 'required' as const }]
      .filter((a) => {
        const key = a.email.trim().toLowerCase();
        if (!key || seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .map((a) => ({ emailAddress: { address: a.email.trim(), name: a.name }, type: 'required' as const }));
    return {
      subject: request.subject,
      body: { contentType: 'text' as const, content: request.body },
      start: toGraphDateTime(request.slot.start, zone),
      end: toGraphDateTime(request.slot.end, zone),
      attendees,
      // Proposals of another time would arrive as replies nobody reads: the chair moves the meeting in CP Disputes.
      allowNewTimeProposals: false,
      responseRequested: true,
      ...(request.online
        ? { isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' as const }
        : {}),
      transactionId: meetingTransactionId(request.meetingKey),
      singleValueExtendedProperties: [{ id: MEETING_KEY_PROPERTY, value: request.meetingKey }],
    };
  };

  return {
    kind: 'graph',
    find,

    availability: (people, window) =>
      readAvailability({ client, organizer, mailbox, zone, interval, policy }, people, window),

    async book(request) {
      if (request.attendees.length === 0)
        throw new GraphCallError('The meeting has no attendees.', null, null, 'not-done', {
          permanent: true,
        });
      if (millis(request.slot.end) <= millis(request.slot.start))
        throw new GraphCallError('The meeting ends before it starts.', null, null, 'not-done', {
          permanent: true,
        });
      const existing = await find(request.meetingKey);
      if (existing)
        return booked(
          { id: existing.eventId, onlineMeeting: { joinUrl: existing.joinUrl } },
          request.online,
          existing.warnings,
        );
      const ctx = writeCtx('book the meeting', {
        repeatable: false,
        badRequestHint: "Check the attendees' email addresses and the time.",
        retryNote: ' (CP Disputes looks for the meeting in Outlook first, so it is not booked twice)',
      });
      let created: GraphEvent;
      try {
        created = (await callGraph(
          () =>
            client
              .api(`/users/${mailbox}/events`)
              .middlewareOptions(noSdkRetry())
              .post(eventBody(request)) as Promise<GraphEvent>,
          policy,
          false,
        )) as GraphEvent;
      } catch (error) {
        const failure = toGraphCallError(error, ctx);
        if (failure.outcome !== 'unknown') throw failure;
        // The event may exist even though the answer was an error: look before anyone tries again.
        const after = await find(request.meetingKey).catch(() => null);
        if (!after) throw failure;
        return booked({ id: after.eventId, onlineMeeting: { joinUrl: after.joinUrl } }, request.online, [
          ...after.warnings,
          `Microsoft 365 reported an error (${failure.status ?? 'no answer'}) after creating the meeting; CP Disputes found it and did not book it twice.`,
        ]);
      }
      if (typeof created?.id !== 'string')
        throw new GraphCallError(
          'Microsoft 365 created the meeting but gave no event id.',
          201,
          null,
          'unknown',
          {},
        );
      if (store) await store.put(request.meetingKey, created.id);
      return booked(created, request.online);
    },

    async move(eventId, request, _sequence) {
      try {
        const event = (await callGraph(
          () =>
            client
              .api(eventPath(eventId))
              .middlewareOptions(noSdkRetry())
              .patch({
                start: toGraphDateTime(request.slot.start, zone),
                end: toGraphDateTime(request.slot.end, zone),
              }) as Promise<GraphEvent>,
          policy,
          true,
        )) as GraphEvent;
        return booked({ ...event, id: typeof event?.id === 'string' ? event.id : eventId }, request.online);
      } catch (error) {
        throw toGraphCallError(
          error,
          writeCtx('move the meeting', { badRequestHint: 'Check the new time.' }),
        );
      }
    },

    async cancel(eventId, _request, _sequence, reason) {
      try {
        await callGraph(
          () =>
            client
              .api(`${eventPath(eventId)}/cancel`)
              .middlewareOptions(noSdkRetry())
              .post({ comment: reason }),
          policy,
          false,
        );
      } catch (error) {
        // Already deleted or cancelled in Outlook: the meeting is not happening, which is what was asked.
        if (readGraphFailure(error).status === 404) return;
        throw toGraphCallError(error, writeCtx('cancel the meeting', { repeatable: false }));
      }
    },

    async responses(eventId) {
      const event = await getEvent(eventId, 'attendees');
      if (!event)
        throw new GraphCallError(
          `The meeting is no longer in the ${organizer} calendar (it may have been deleted in Outlook), so its replies cannot be read.`,
          404,
          'ErrorItemNotFound',
          'not-done',
          { permanent: true },
        );
      return (event.attendees ?? [])
        .filter((a) => typeof a.emailAddress?.address === 'string' && a.emailAddress.address)
        .map((a) => ({
          email: a.emailAddress!.address!,
          response: RESPONSES[String(a.status?.response ?? 'none').toLowerCase()] ?? 'none',
        }));
    },
  };
}
