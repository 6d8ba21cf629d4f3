// A failed Graph write (or a read a person waits on), as a DeliveryError the outbox understands
// (retryAfterSeconds, permanent) with a message a chair can act on. Whether the request may have
// taken effect (`outcome`) decides whether it is safe to repeat. The failure is read through the one
// taxonomy in graph-errors.ts.
import { DeliveryError } from '../../app/ports/delivery.ts';
import { readGraphFailure } from './graph-errors.ts';

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
  const f = readGraphFailure(error);
  const make = (message: string, outcome: GraphOutcome, permanent: boolean) =>
    new GraphCallError(
      message,
      f.status,
      f.code,
      outcome,
      { permanent, ...(f.retryAfterSeconds === null ? {} : { retryAfterSeconds: f.retryAfterSeconds }) },
      error,
    );
  const later = (seconds: number | null) => (seconds ? ` in about ${seconds} seconds` : ' shortly');
  const unknownOutcome = (what: string) =>
    make(
      ctx.whenUnknown === 'retry'
        ? `${what} while trying to ${ctx.action}; it will be tried again${ctx.retryNote ?? ''}.`
        : `${what} while trying to ${ctx.action}, and it is not known whether it was done. It will not be repeated automatically, so it cannot happen twice: check the ${ctx.mailbox} mailbox, and do it by hand if it is not there.`,
      'unknown',
      ctx.whenUnknown === 'stop',
    );

  switch (f.kind) {
    case 'sign-in-failed':
      return make(
        `CP Disputes could not sign in to Microsoft 365 to ${ctx.action}, so nothing was sent (${f.message}). Ask IT to check the app registration.`,
        'not-done',
        false,
      );
    case 'network':
    case 'no-answer':
      if (ctx.repeatable)
        return make(
          `Microsoft 365 could not be reached to ${ctx.action}; it will be tried again shortly.`,
          'not-done',
          false,
        );
      return unknownOutcome('The connection to Microsoft 365 failed');
    case 'throttled':
      return make(
        `Microsoft 365 is busy (too many requests), so it did not ${ctx.action}; it will be tried again${later(f.retryAfterSeconds)}.`,
        'not-done',
        false,
      );
    case 'unauthorized':
      return make(
        `Microsoft 365 did not accept CP Disputes' sign-in when trying to ${ctx.action}; ask IT to check the app registration's secret or certificate.`,
        'not-done',
        false,
      );
    case 'forbidden':
      return make(
        `CP Disputes is not allowed to ${ctx.action} as ${ctx.mailbox}: ask IT to grant the app registration the Microsoft Graph application permission ${ctx.permission} (with admin consent) and to include ${ctx.mailbox} in its application access policy.`,
        'not-done',
        true,
      );
    case 'mailbox-missing':
    case 'user-missing':
      return make(
        `${ctx.mailbox} is not a mailbox CP Disputes can use (${f.code}), so it could not ${ctx.action}. Ask IT to check the mailbox address in CP Disputes' settings and that it has an Exchange Online mailbox.`,
        'not-done',
        true,
      );
    case 'not-found':
      return make(
        ctx.itemNotFound ??
          `Microsoft 365 could not find what was needed to ${ctx.action} (${f.code ?? '404'}).`,
        'not-done',
        true,
      );
    case 'conflict':
      return make(
        `Someone changed it in Outlook at the same moment, so CP Disputes did not ${ctx.action}; it will be tried again.`,
        'not-done',
        false,
      );
    case 'bad-request':
      return make(
        `Microsoft 365 refused to ${ctx.action}: ${f.message}${ctx.badRequestHint ? ` ${ctx.badRequestHint}` : ''}`,
        'not-done',
        true,
      );
    case 'not-implemented':
    case 'transient':
      if (ctx.repeatable || f.kind === 'not-implemented')
        return make(
          `Microsoft 365 had a problem (${f.status}) and did not ${ctx.action}; it will be tried again${later(f.retryAfterSeconds)}.`,
          'not-done',
          f.kind === 'not-implemented',
        );
      return unknownOutcome(`Microsoft 365 had a problem (${f.status})`);
    case 'other':
      return make(
        `Microsoft 365 answered ${f.status}${f.code ? ` (${f.code})` : ''} when CP Disputes tried to ${ctx.action}: ${f.message}`,
        'not-done',
        true,
      );
  }
}
