// What Graph posts to the app about the meetings mailbox (see graph-subscriptions.ts for the
// subscription itself), and the polling fallback where no notification can arrive.
//
// The endpoint: `handleNotification` is a pure function a route calls with the request's query and
// body. Graph first validates the URL with ?validationToken=…, which must be echoed as text/plain
// with 200 within 10 seconds. A notification's clientState must equal ours (compared in constant
// time); one that does not is ignored, since it did not come from Graph, but the answer is still
// 202 so a forger learns nothing, and Graph is never made to retry a batch for one bad item.
// The answer is 202 Accepted (the work is done after answering: Graph wants a 2xx within 3 s).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AttendeeResponse, MeetingCalendar } from '../../app/ports/meeting-calendar.ts';

export interface NotificationRequest {
  /** The parsed query string (fastify's `request.query`). */
  query: Record<string, unknown> | null | undefined;
  /** The parsed JSON body, or its text. */
  body: unknown;
}

export interface NotificationAnswer {
  status: number;
  contentType: string;
  body: string;
  headers: Record<string, string>;
  /** Events whose attendee responses must be read again. */
  eventIds: string[];
  /** Events the organiser's calendar no longer has. */
  deletedEventIds: string[];
  /** subscriptionRemoved, missed, reauthorizationRequired (with our clientState). */
  lifecycle: { subscriptionId: string; event: string }[];
  /** Items ignored because their clientState was not ours. */
  rejected: number;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const sameSecret = (a: unknown, b: string) => typeof a === 'string' && timingSafeEqual(digest(a), digest(b));

/** The event id in "Users/{id}/Events/{id}" or "Users('…')/Events('…')". */
function eventIdOf(item: { resource?: unknown; resourceData?: { id?: unknown } | null }): string | null {
  if (typeof item.resourceData?.id === 'string' && item.resourceData.id) return item.resourceData.id;
  if (typeof item.resource !== 'string') return null;
  const m = /\/events(?:\/|\(')([^/'()]+)/i.exec(item.resource);
  return m ? m[1]! : null;
}

/** The webhook endpoint's logic: the validation echo, the clientState check, the events to re-read. */
export function handleNotification(request: NotificationRequest, clientState: string): NotificationAnswer {
  const base = {
    headers: { 'x-content-type-options': 'nosniff' },
    eventIds: [],
    deletedEventIds: [],
    lifecycle: [],
    rejected: 0,
  };
  const token = request.query?.validationToken;
  const validationToken = Array.isArray(token) ? token[0] : token;
  if (typeof validationToken === 'string')
    // Already URL-decoded by the query parser; echoed as plain text, which a browser will not run.
    return { ...base, status: 200, contentType: 'text/plain; charset=utf-8', body: validationToken };

  let payload: unknown = request.body;
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload);
    } catch {
      payload = null;
    }
  }
  const items = (payload as { value?: unknown } | null)?.value;
  if (!Array.isArray(items))
    return {
      ...base,
      status: 400,
      contentType: 'text/plain; charset=utf-8',
      body: 'Not a change notification.',
    };

  const eventIds = new Set<string>();
  const deleted = new Set<string>();
  const lifecycle: NotificationAnswer['lifecycle'] = [];
  let rejected = 0;
  for (const raw of items) {
    const item = (raw ?? {}) as {
      clientState?: unknown;
      changeType?: unknown;
      lifecycleEvent?: unknown;
      subscriptionId?: unknown;
      resource?: unknown;
      resourceData?: { id?: unknown } | null;
    };
    if (!sameSecret(item.clientState, clientState)) {
      rejected++;
      continue;
    }
    if (typeof item.lifecycleEvent === 'string') {
      lifecycle.push({ subscriptionId: String(item.subscriptionId ?? ''), event: item.lifecycleEvent });
      continue;
    }
    const id = eventIdOf(item);
    if (!id) continue;
    if (item.changeType === 'deleted') deleted.add(id);
    else eventIds.add(id);
  }
  for (const id of deleted) eventIds.delete(id);
  return {
    ...base,
    status: 202,
    contentType: 'text/plain; charset=utf-8',
    body: '',
    eventIds: [...eventIds],
    deletedEventIds: [...deleted],
    lifecycle,
    rejected,
  };
}

export type PolledResponses =
  | { eventId: string; responses: { email: string; response: AttendeeResponse }[] }
  | { eventId: string; error: string };

/** The polling fallback: each event's attendee responses, one event at a time; a failure is reported per event. */
export async function pollResponses(
  calendar: Pick<MeetingCalendar, 'responses'>,
  eventIds: readonly string[],
): Promise<PolledResponses[]> {
  const out: PolledResponses[] = [];
  for (const eventId of new Set(eventIds)) {
    try {
      out.push({ eventId, responses: await calendar.responses(eventId) });
    } catch (error) {
      out.push({ eventId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return out;
}
