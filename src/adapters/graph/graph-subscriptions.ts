// Change notifications for the meetings mailbox: when an attendee accepts or declines, Exchange
// updates the organiser's event, Graph posts a notification, and the app re-reads that event's
// attendee responses (graph-calendar `responses`). Where no public HTTPS address can receive them,
// `pollResponses` reads the same answers on a timer instead.
//
// * A subscription: POST /subscriptions { changeType: "updated", resource: "users/{organizer}/events",
//   notificationUrl (https), clientState (a secret of at most 128 characters), expirationDateTime }.
//   Outlook event subscriptions last at most 10,080 minutes (under 7 days; older versions of the
//   subscription page said 4,230), so we ask for a little less and renew with
//   PATCH /subscriptions/{id} { expirationDateTime } before that: `renewDue` says which to renew, and
//   which have lapsed (Graph deletes those) and must be created again.
// * The endpoint and the polling fallback: graph-notifications.ts.
import type { Client } from '@microsoft/microsoft-graph-client';
import { DateTime } from 'luxon';
import { callGraph, defaultRetryPolicy, noSdkRetry, type RetryPolicy } from './graph-call.ts';
import { GraphCallError, toGraphCallError } from './graph-call-error.ts';

/** Outlook message, event and contact subscriptions: "10,080 minutes (under 7 days)". */
export const MAX_EVENT_SUBSCRIPTION_MINUTES = 10_080;

export interface SubscriptionRecord {
  id: string;
  resource: string;
  changeType: string;
  /** ISO instant. */
  expirationDateTime: string;
}

export interface GraphSubscriptionsOptions {
  /** MEETINGS_ORGANIZER: whose events are watched. */
  organizer: string;
  /** The public https address of the route that calls `handleNotification`. */
  notificationUrl: string;
  /** A secret only we and Graph know, at most 128 characters. */
  clientState: string;
  /** Where Graph sends subscriptionRemoved / missed / reauthorizationRequired, if anywhere. */
  lifecycleNotificationUrl?: string;
  /** "updated" by default: a reply changes the organiser's event. */
  changeType?: string;
  /** How long a subscription is asked for; a little under the maximum by default. */
  lifetimeMinutes?: number;
  retry?: Partial<RetryPolicy>;
}

export interface GraphSubscriptions {
  create(now: string): Promise<SubscriptionRecord>;
  renew(subscriptionId: string, now: string): Promise<SubscriptionRecord>;
}

const plusMinutes = (iso: string, minutes: number) => {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new RangeError(`not an ISO-8601 instant: ${iso}`);
  return dt.plus({ minutes }).toUTC().toISO()!;
};

function recordOf(answer: unknown, fallback: Partial<SubscriptionRecord>): SubscriptionRecord {
  const a = (answer ?? {}) as Partial<Record<keyof SubscriptionRecord, unknown>>;
  const text = (v: unknown, d: string | undefined) => (typeof v === 'string' && v ? v : (d ?? ''));
  const record = {
    id: text(a.id, fallback.id),
    resource: text(a.resource, fallback.resource),
    changeType: text(a.changeType, fallback.changeType),
    expirationDateTime: text(a.expirationDateTime, fallback.expirationDateTime),
  };
  if (!record.id || !record.expirationDateTime)
    throw new GraphCallError(
      'Microsoft 365 answered the subscription request without an id or expiry.',
      null,
      null,
      'unknown',
      {},
    );
  return record;
}

export function createGraphSubscriptions(
  client: Client,
  options: GraphSubscriptionsOptions,
): GraphSubscriptions {
  const organizer = options.organizer.trim();
  if (!organizer) throw new Error('createGraphSubscriptions: the organiser mailbox is required');
  if (!/^https:\/\//i.test(options.notificationUrl))
    throw new Error(
      'createGraphSubscriptions: the notification URL must be an https:// address Graph can reach',
    );
  if (!options.clientState || options.clientState.length > 128)
    throw new Error('createGraphSubscriptions: clientState must be a secret of 1 to 128 characters');
  const lifetime = options.lifetimeMinutes ?? MAX_EVENT_SUBSCRIPTION_MINUTES - 10;
  if (!(lifetime > 0 && lifetime <= MAX_EVENT_SUBSCRIPTION_MINUTES))
    throw new Error(
      `createGraphSubscriptions: lifetimeMinutes must be from 1 to ${MAX_EVENT_SUBSCRIPTION_MINUTES}`,
    );
  const policy = defaultRetryPolicy(options.retry);
  const resource = `users/${organizer}/events`;
  const changeType = options.changeType ?? 'updated';
  const ctx = (action: string) => ({
    action,
    mailbox: organizer,
    permission: 'Calendars.Read',
    repeatable: true,
    whenUnknown: 'retry' as const,
  });

  return {
    async create(now) {
      const body = {
        changeType,
        notificationUrl: options.notificationUrl,
        ...(options.lifecycleNotificationUrl
          ? { lifecycleNotificationUrl: options.lifecycleNotificationUrl }
          : {}),
        resource,
        expirationDateTime: plusMinutes(now, lifetime),
        clientState: options.clientState,
      };
      try {
        // A second subscription for the same resource is harmless (notifications are re-reads), so
        // an unknown outcome may be retried; renewDue's caller keeps the one it records.
        const answer = await callGraph(
          () => client.api('/subscriptions').middlewareOptions(noSdkRetry()).post(body),
          policy,
          true,
        );
        return recordOf(answer, { resource, changeType, expirationDateTime: body.expirationDateTime });
      } catch (error) {
        throw toGraphCallError(error, {
          ...ctx(`watch the ${organizer} calendar for replies`),
          badRequestHint: `Graph must be able to reach ${options.notificationUrl} and have it answer the validation request.`,
        });
      }
    },

    async renew(subscriptionId, now) {
      const expirationDateTime = plusMinutes(now, lifetime);
      try {
        const answer = await callGraph(
          () =>
            client
              .api(`/subscriptions/${encodeURIComponent(subscriptionId)}`)
              .middlewareOptions(noSdkRetry())
              .patch({ expirationDateTime }),
          policy,
          true,
        );
        return recordOf(answer, { id: subscriptionId, resource, changeType, expirationDateTime });
      } catch (error) {
        throw toGraphCallError(error, {
          ...ctx(`keep watching the ${organizer} calendar for replies`),
          itemNotFound: 'The subscription to the meetings calendar has lapsed; it must be created again.',
        });
      }
    },
  };
}

/**
 * Which subscriptions to renew now (they expire within `renewWithinMinutes`, two days by default,
 * so a sweep that fails for a day still renews in time), and which have lapsed and must be created
 * again (Graph deletes a subscription at its expiry).
 */
export function renewDue(
  subscriptions: readonly SubscriptionRecord[],
  now: string,
  renewWithinMinutes = 2 * 24 * 60,
): { renew: SubscriptionRecord[]; recreate: SubscriptionRecord[] } {
  const at = DateTime.fromISO(now, { setZone: true }).toMillis();
  const renew: SubscriptionRecord[] = [];
  const recreate: SubscriptionRecord[] = [];
  for (const s of subscriptions) {
    const expires = DateTime.fromISO(s.expirationDateTime, { setZone: true });
    if (!expires.isValid || expires.toMillis() <= at) recreate.push(s);
    else if (expires.toMillis() - at <= renewWithinMinutes * 60_000) renew.push(s);
  }
  return { renew, recreate };
}
