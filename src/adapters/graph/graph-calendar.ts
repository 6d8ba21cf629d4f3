// Resolution meetings as Teams meetings in Outlook, organised by a service mailbox
// (MEETINGS_ORGANIZER) through Microsoft Graph with application permissions (Calendars.ReadWrite,
// limited by an application access policy to that mailbox).
//
// * availability: POST /users/{organizer}/calendar/getSchedule, app-only, on the organiser's own
//   calendar path (Graph reads the others' free/busy through it). At most 100 addresses and 62 days
//   per call, so a larger request is split; 15-minute view interval. Busy, tentative, out-of-office
//   and unknown items are busy blocks; free and working-elsewhere are not. Working hours pass through.
//   An address Graph cannot give free/busy for is an error naming it, never "free all day".
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
//     3. transactionId, a UUID v5 of the meeting key (meetingTransactionId below), is sent so that
//        Exchange itself folds a repeated POST into the first ("to avoid redundant POST operations
//        in case of client retries", event resource) if both lookups race a create in flight.
//   A 201 without onlineMeeting.joinUrl is returned with a warning, not ignored.
// * move: PATCH start/end. cancel: POST .../cancel with the reason as the comment (an event that is
//   already gone counts as cancelled). responses: GET ...?$select=attendees.
//
// Times: the port's instants are sent as Europe/London wall-clock times with timeZone
// "Europe/London", an IANA name the dateTimeTimeZone resource lists as supported (Graph also takes
// Windows names such as "GMT Standard Time"); invitations then show London time. A wall-clock time
// that does not name one instant (the repeated hour when the clocks go back) is sent in UTC instead.
// Times Graph returns are asked for in UTC (Prefer: outlook.timezone="UTC") and read as instants.
//
// Retries: each request opts out of the SDK's RetryHandler and this module retries inline itself:
// a throttled request (429, which Graph did not carry out) is repeated after its Retry-After;
// reads and idempotent writes (getSchedule, GET, PATCH) also after 503/504 or a network failure;
// never longer than `maxInlineWaitSeconds`, so a person waiting in the tab is not held for minutes.
// Anything else becomes a GraphCallError, a DeliveryError the outbox understands (retryAfterSeconds,
// permanent), with a message a chair can act on.
import { createHash } from 'node:crypto';
import { RetryHandlerOptions, type Client } from '@microsoft/microsoft-graph-client';
import { DateTime } from 'luxon';
import { DeliveryError } from '../../app/ports/delivery.ts';
import type {
  AttendeeResponse,
  Availability,
  BookedMeeting,
  MeetingCalendar,
  MeetingRequest,
  TimeSlot,
} from '../../app/ports/meeting-calendar.ts';

// ---------------------------------------------------------------------------------------------
// Calling Graph (shared with graph-mailer.ts and graph-subscriptions.ts)

/** Whether a failed request may have taken effect: `unknown` after a 5xx or a lost connection. */
export type GraphOutcome = 'not-done' | 'unknown';

/** A failed Graph call, in words a chair (or IT, through them) can act on. */
export class GraphCallError extends DeliveryError {
  override name = 'GraphCallError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null,
    readonly outcome: GraphOutcome,
    options: { retryAfterSeconds?: number; permanent?: boolean },
    cause?: unknown,
  ) {
    super(message, options);
    if (cause !== undefined) Object.defineProperty(this, 'cause', { value: cause, enumerable: false });
  }
  get permanent(): boolean {
    return Boolean(this.options.permanent);
  }
}

export interface GraphFailureInfo {
  /** null: no HTTP answer (network failure, or an error inside the client before sending). */
  status: number | null;
  code: string | null;
  message: string;
  retryAfterSeconds: number | undefined;
}

/** Status, code, message and Retry-After (seconds or an HTTP date) of whatever the SDK threw. */
export function graphFailureInfo(error: unknown, now: () => number = Date.now): GraphFailureInfo {
  const e = error as {
    statusCode?: unknown;
    code?: unknown;
    message?: unknown;
    headers?: { get?: (name: string) => string | null };
  } | null;
  const status = typeof e?.statusCode === 'number' && e.statusCode > 0 ? e.statusCode : null;
  const code = typeof e?.code === 'string' ? e.code : null;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const header = typeof e?.headers?.get === 'function' ? e.headers.get('Retry-After') : null;
  let retryAfterSeconds: number | undefined;
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) retryAfterSeconds = seconds;
    else {
      const at = Date.parse(header);
      if (Number.isFinite(at)) retryAfterSeconds = Math.max(0, Math.ceil((at - now()) / 1000));
    }
  }
  return { status, code, message, retryAfterSeconds };
}

/** The SDK's RetryHandler is switched off per request; `callGraph` decides what to repeat. */
export const noSdkRetry = () => [new RetryHandlerOptions(0, 0, () => false)];

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The longest this process waits inline before handing the retry to the caller. */
  maxInlineWaitSeconds: number;
  sleep: (ms: number) => Promise<void>;
}

export const defaultRetryPolicy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({
  maxAttempts: 3,
  maxInlineWaitSeconds: 10,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ...overrides,
});

/**
 * Runs a Graph request, repeating it inline when that cannot do anything twice: after a 429 (Graph
 * did not carry the request out) always; after a 503, a 504 or a network failure only if
 * `repeatable` (a read, or a write that sets rather than adds). Rethrows the SDK's error otherwise.
 */
export async function callGraph<T>(
  run: () => Promise<T>,
  policy: RetryPolicy,
  repeatable: boolean,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const f = graphFailureInfo(error);
      const again =
        f.status === 429 ||
        (repeatable && (f.status === 503 || f.status === 504 || (f.status === null && isNetworkFailure(f))));
      const wait = f.retryAfterSeconds ?? Math.min(8, 2 ** (attempt - 1));
      if (!again || attempt >= policy.maxAttempts || wait > policy.maxInlineWaitSeconds) throw error;
      await policy.sleep(wait * 1000);
    }
  }
}

function isNetworkFailure(f: GraphFailureInfo): boolean {
  return (
    f.code === 'TypeError' ||
    f.code === 'FetchError' ||
    f.code === 'AbortError' ||
    /fetch failed|network|ECONNRESET|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|socket/i.test(f.message)
  );
}

const MAILBOX_NOT_FOUND = new Set([
  'ErrorInvalidUser',
  'MailboxNotEnabledForRESTAPI',
  'MailboxNotSupportedForRESTAPI',
  'ErrorNonExistentMailbox',
  'ResourceNotFound',
  'Request_ResourceNotFound',
]);

export interface FailureContext {
  /** What CP Disputes was doing, after "to": "book the meeting". */
  action: string;
  /** The mailbox the request was made as. */
  mailbox: string;
  /** The application permission that allows it: "Calendars.ReadWrite". */
  permission: string;
  /** Whether repeating the request can do nothing twice (a read, a PATCH). */
  repeatable: boolean;
  /** When the outcome is unknown: let the caller retry (it has an idempotency guard) or stop. */
  whenUnknown: 'retry' | 'stop';
  /** Said when the item (an event) is not there; the mailbox-level 404 has its own words. */
  itemNotFound?: string;
  /** Extra advice after a 400 ("Check the attendees' email addresses"). */
  badRequestHint?: string;
  /** After "it will be tried again" when the outcome is unknown: why that is safe. */
  retryNote?: string;
}

/** The one mapping from an SDK error to a GraphCallError with words a chair can act on. */
export function toGraphCallError(error: unknown, ctx: FailureContext): GraphCallError {
  if (error instanceof GraphCallError) return error;
  const f = graphFailureInfo(error);
  const make = (message: string, outcome: GraphOutcome, permanent: boolean) =>
    new GraphCallError(
      message,
      f.status,
      f.code,
      outcome,
      { permanent, retryAfterSeconds: f.retryAfterSeconds },
      error,
    );
  const later = (seconds: number | undefined) => (seconds ? ` in about ${seconds} seconds` : ' shortly');

  if (f.status === null) {
    if (f.code === 'GraphAuthError' || /token/i.test(f.code ?? ''))
      return make(
        `CP Disputes could not sign in to Microsoft 365 to ${ctx.action}, so nothing was sent (${f.message}). Ask IT to check the app registration.`,
        'not-done',
        false,
      );
    if (ctx.repeatable)
      return make(
        `Microsoft 365 could not be reached to ${ctx.action}; it will be tried again shortly.`,
        'not-done',
        false,
      );
    return make(
      ctx.whenUnknown === 'retry'
        ? `The connection to Microsoft 365 failed while trying to ${ctx.action}; it will be tried again${ctx.retryNote ?? ''}.`
        : `The connection to Microsoft 365 failed while trying to ${ctx.action}, and it is not known whether it was done. It will not be repeated automatically, so it cannot happen twice: check the ${ctx.mailbox} mailbox, and do it by hand if it is not there.`,
      'unknown',
      ctx.whenUnknown === 'stop',
    );
  }
  const s = f.status;
  if (s === 429)
    return make(
      `Microsoft 365 is busy (too many requests), so it did not ${ctx.action}; it will be tried again${later(f.retryAfterSeconds)}.`,
      'not-done',
      false,
    );
  if (s === 401)
    return make(
      `Microsoft 365 did not accept CP Disputes' sign-in when trying to ${ctx.action}; ask IT to check the app registration's secret or certificate.`,
      'not-done',
      false,
    );
  if (s === 403)
    return make(
      `CP Disputes is not allowed to ${ctx.action} as ${ctx.mailbox}: ask IT to grant the app registration the Microsoft Graph application permission ${ctx.permission} (with admin consent) and to include ${ctx.mailbox} in its application access policy.`,
      'not-done',
      true,
    );
  if (s === 404) {
    if (f.code === 'ErrorItemNotFound' && ctx.itemNotFound) return make(ctx.itemNotFound, 'not-done', true);
    if (f.code !== null && MAILBOX_NOT_FOUND.has(f.code))
      return make(
        `${ctx.mailbox} is not a mailbox CP Disputes can use (${f.code}), so it could not ${ctx.action}. Ask IT to check the mailbox address in CP Disputes' settings and that it has an Exchange Online mailbox.`,
        'not-done',
        true,
      );
    return make(
      ctx.itemNotFound ??
        `Microsoft 365 could not find what was needed to ${ctx.action} (${f.code ?? '404'}).`,
      'not-done',
      true,
    );
  }
  if (s === 409 || s === 412)
    return make(
      `Someone changed it in Outlook at the same moment, so CP Disputes did not ${ctx.action}; it will be tried again.`,
      'not-done',
      false,
    );
  if (s === 400 || s === 422)
    return make(
      `Microsoft 365 refused to ${ctx.action}: ${f.message}${ctx.badRequestHint ? ` ${ctx.badRequestHint}` : ''}`,
      'not-done',
      true,
    );
  if (s >= 500) {
    if (ctx.repeatable || s === 501)
      return make(
        `Microsoft 365 had a problem (${s}) and did not ${ctx.action}; it will be tried again${later(f.retryAfterSeconds)}.`,
        'not-done',
        s === 501,
      );
    return make(
      ctx.whenUnknown === 'retry'
        ? `Microsoft 365 had a problem (${s}) while trying to ${ctx.action}; it will be tried again${ctx.retryNote ?? ''}.`
        : `Microsoft 365 had a problem (${s}) while trying to ${ctx.action}, and it is not known whether it was done. It will not be repeated automatically, so it cannot happen twice: check the ${ctx.mailbox} mailbox, and do it by hand if it is not there.`,
      'unknown',
      ctx.whenUnknown === 'stop',
    );
  }
  return make(
    `Microsoft 365 answered ${s}${f.code ? ` (${f.code})` : ''} when CP Disputes tried to ${ctx.action}: ${f.message}`,
    'not-done',
    true,
  );
}

/** A mailbox or item id in a Graph path: escaped, but an address keeps its readable '@'. */
export const pathSegment = (s: string) => encodeURIComponent(s).replace(/%40/g, '@');

// ---------------------------------------------------------------------------------------------
// Time

const WINDOWS_ZONES: Record<string, string> = {
  UTC: 'UTC',
  'Etc/GMT': 'UTC',
  'tzone://Microsoft/Utc': 'UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Eastern Standard Time': 'America/New_York',
  'Pacific Standard Time': 'America/Los_Angeles',
};

/** An IANA zone for a zone name Graph uses (IANA already, or a common Windows name); null if unknown. */
export function ianaZone(name: string): string | null {
  const mapped = WINDOWS_ZONES[name];
  if (mapped) return mapped;
  return DateTime.now().setZone(name).isValid ? name : null;
}

export interface GraphDateTime {
  dateTime: string;
  timeZone: string;
}

/** An instant as Graph's dateTimeTimeZone in `zone`; in UTC when the wall-clock time is ambiguous. */
export function toGraphDateTime(iso: string, zone: string): GraphDateTime {
  const instant = DateTime.fromISO(iso, { setZone: true });
  if (!instant.isValid) throw new RangeError(`not an ISO-8601 instant: ${iso}`);
  const format = "yyyy-LL-dd'T'HH:mm:ss";
  const local = instant.setZone(zone);
  const wall = local.toFormat(format);
  // Every instant that shows this wall-clock time, trying the offsets in force around it: one, or
  // two in the hour repeated when the clocks go back.
  const wallAsUtc = DateTime.fromISO(wall, { zone: 'utc' }).toMillis();
  const offsets = new Set([
    local.offset,
    instant.minus({ hours: 3 }).setZone(zone).offset,
    instant.plus({ hours: 3 }).setZone(zone).offset,
  ]);
  const instants = new Set(
    [...offsets]
      .map((o) => wallAsUtc - o * 60_000)
      .filter((ms) => DateTime.fromMillis(ms, { zone }).toFormat(format) === wall),
  );
  if (instants.size === 1 && local.millisecond === 0) return { dateTime: wall, timeZone: zone };
  return { dateTime: instant.toUTC().toFormat("yyyy-LL-dd'T'HH:mm:ss.SSS"), timeZone: 'UTC' };
}

/** Graph's dateTimeTimeZone ("2019-03-15T12:00:00.0000000", "UTC") as an ISO instant in UTC. */
export function fromGraphDateTime(
  value: { dateTime?: unknown; timeZone?: unknown } | null | undefined,
): string {
  const dateTime = typeof value?.dateTime === 'string' ? value.dateTime : '';
  const zoneName = typeof value?.timeZone === 'string' && value.timeZone ? value.timeZone : 'UTC';
  const zone = ianaZone(zoneName);
  if (!zone)
    throw new RangeError(`Microsoft 365 gave a time in a zone CP Disputes does not know: ${zoneName}`);
  const dt = DateTime.fromISO(dateTime, { zone });
  if (!dt.isValid) throw new RangeError(`Microsoft 365 gave a time CP Disputes cannot read: ${dateTime}`);
  return dt.toUTC().toISO({ suppressMilliseconds: true })!;
}

const millis = (iso: string) => {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new RangeError(`not an ISO-8601 instant: ${iso}`);
  return dt.toMillis();
};
const isoUtc = (ms: number) =>
  DateTime.fromMillis(ms, { zone: 'utc' }).toISO({ suppressMilliseconds: true })!;

/** The window cut into consecutive pieces of at most `maxDays` days. */
export function splitWindow(window: TimeSlot, maxDays: number): TimeSlot[] {
  const start = millis(window.start);
  const end = millis(window.end);
  if (!(end > start))
    throw new RangeError(`the window ends (${window.end}) before it starts (${window.start})`);
  const step = maxDays * 24 * 3600 * 1000;
  const out: TimeSlot[] = [];
  for (let from = start; from < end; from += step)
    out.push({ start: isoUtc(from), end: isoUtc(Math.min(end, from + step)) });
  return out;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Sorted, with overlapping or touching slots merged (a window split repeats a spanning event). */
export function mergeSlots(slots: readonly TimeSlot[]): TimeSlot[] {
  const sorted = slots
    .map((s) => [millis(s.start), millis(s.end)] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out.map(([s, e]) => ({ start: isoUtc(s), end: isoUtc(e) }));
}

// ---------------------------------------------------------------------------------------------
// Idempotency keys

/** UUID version 5 (RFC 4122 §4.3: SHA-1 of the namespace's 16 bytes and the name's UTF-8). */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new RangeError(`not a UUID: ${namespace}`);
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** CP Disputes' own namespace for meeting transaction ids (a fixed, random UUID). */
export const MEETING_TRANSACTION_NAMESPACE = '6f1d2c8e-4b7a-4f3e-9a51-2d8c0b7e5f14';

/** The Graph transactionId for a meeting: the same key gives the same id on every retry, anywhere. */
export const meetingTransactionId = (meetingKey: string) => uuidV5(meetingKey, MEETING_TRANSACTION_NAMESPACE);

/**
 * The single-value extended property that carries the meeting key on the Outlook event, so the
 * event can be found again by key ("String {guid} Name …" is the documented id format).
 */
export const MEETING_KEY_PROPERTY = 'String {8b0f5a3c-71d2-4e96-a4c5-3f9e2b6d1c07} Name CpDisputesMeetingKey';

/** An OData string literal's content: single quotes are doubled. */
export const odataString = (s: string) => s.replace(/'/g, "''");

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

/** Documented getSchedule limits: split anything larger. */
export const MAX_SCHEDULES_PER_CALL = 100;
export const MAX_SCHEDULE_WINDOW_DAYS = 62;

const BUSY_STATUSES = new Set(['busy', 'tentative', 'oof', 'unknown']);
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

interface GraphEvent {
  id: string;
  isCancelled?: boolean;
  createdDateTime?: string;
  onlineMeeting?: { joinUrl?: string | null } | null;
  attendees?: { emailAddress?: { address?: string; name?: string }; status?: { response?: string } }[];
}

interface ScheduleInformation {
  scheduleId?: string;
  scheduleItems?: { status?: string; start?: GraphDateTime; end?: GraphDateTime }[];
  workingHours?: {
    daysOfWeek?: string[];
    startTime?: string;
    endTime?: string;
    timeZone?: { name?: string } | null;
  } | null;
  error?: { message?: string; responseCode?: string } | null;
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
      if (graphFailureInfo(error).status === 404) return null;
      throw toGraphCallError(error, writeCtx('read the meeting', { permission: 'Calendars.Read' }));
    }
  };

  /** Outlook events stamped with this meeting key, oldest first. */
  const lookup = async (meetingKey: string): Promise<GraphEvent[]> => {
    const filter = `singleValueExtendedProperties/Any(ep: ep/id eq '${odataString(MEETING_KEY_PROPERTY)}' and ep/value eq '${odataString(meetingKey)}')`;
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

    async availability(people, window) {
      const addresses = [
        ...new Map(people.map((p) => [p.email.trim().toLowerCase(), p.email.trim()])).values(),
      ].filter(Boolean);
      const byAddress = new Map<string, { busy: TimeSlot[]; workingHours: Availability['workingHours'] }>();
      const failures: string[] = [];
      for (const part of splitWindow(window, MAX_SCHEDULE_WINDOW_DAYS))
        for (const batch of chunks(addresses, MAX_SCHEDULES_PER_CALL)) {
          const body = {
            schedules: batch,
            startTime: toGraphDateTime(part.start, zone),
            endTime: toGraphDateTime(part.end, zone),
            availabilityViewInterval: interval,
          };
          let answer: { value?: ScheduleInformation[] };
          try {
            answer = (await callGraph(
              () =>
                client
                  .api(`/users/${mailbox}/calendar/getSchedule`)
                  .header('Prefer', 'outlook.timezone="UTC"')
                  .middlewareOptions(noSdkRetry())
                  .post(body) as Promise<{ value?: ScheduleInformation[] }>,
              policy,
              true,
            )) as { value?: ScheduleInformation[] };
          } catch (error) {
            throw toGraphCallError(error, {
              action: "read people's free/busy times",
              mailbox: organizer,
              permission: 'Calendars.Read',
              repeatable: true,
              whenUnknown: 'retry',
              badRequestHint: 'Check the email addresses of the people in the meeting.',
            });
          }
          const infos = new Map(
            (answer.value ?? []).map((i) => [String(i.scheduleId ?? '').toLowerCase(), i]),
          );
          for (const address of batch) {
            const info = infos.get(address.toLowerCase());
            if (!info || info.error) {
              failures.push(
                `${address} (${info?.error?.responseCode ?? 'no answer'}${info?.error?.message ? `: ${info.error.message}` : ''})`,
              );
              continue;
            }
            const entry = byAddress.get(address.toLowerCase()) ?? { busy: [], workingHours: null };
            for (const item of info.scheduleItems ?? [])
              if (BUSY_STATUSES.has(String(item.status ?? 'unknown').toLowerCase()))
                entry.busy.push({ start: fromGraphDateTime(item.start), end: fromGraphDateTime(item.end) });
            entry.workingHours ??= workingHoursOf(info.workingHours);
            byAddress.set(address.toLowerCase(), entry);
          }
        }
      if (failures.length > 0)
        throw new GraphCallError(
          `Outlook could not give the free/busy times of ${[...new Set(failures)].join(', ')}. Check these addresses in the directory, or choose a time without their calendars.`,
          null,
          'freeBusyError',
          'not-done',
          { permanent: true },
        );
      return people.map((p) => {
        const entry = byAddress.get(p.email.trim().toLowerCase());
        return {
          personId: p.personId,
          busy: mergeSlots(entry?.busy ?? []),
          workingHours: entry?.workingHours ?? null,
        };
      });
    },

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
        if (graphFailureInfo(error).status === 404) return;
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

function workingHoursOf(w: ScheduleInformation['workingHours']): Availability['workingHours'] {
  if (!w || !Array.isArray(w.daysOfWeek) || !w.startTime || !w.endTime) return null;
  const days = w.daysOfWeek
    .map((d) => WEEKDAYS.indexOf(String(d).toLowerCase()) + 1)
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  const name = w.timeZone?.name ?? 'UTC';
  return {
    days,
    start: w.startTime.slice(0, 5),
    end: w.endTime.slice(0, 5),
    timeZone: ianaZone(name) ?? name,
  };
}
