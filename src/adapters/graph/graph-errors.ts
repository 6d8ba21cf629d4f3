// The one Graph error taxonomy every Graph adapter reads a failure through. The SDK throws a
// GraphError (status, Graph's error code, the response headers) or, when no answer came (no token,
// no network), an error without a status. `readGraphFailure` turns either into a kind the adapters
// decide on, so the directory, the calendar, mail and subscriptions agree on what "throttled",
// "not found" or "try again later" means, and on how Retry-After is read.
//
// Kinds, by the HTTP status first (it says what Graph did with the request) and then by Graph's
// error code (it names what was missing or refused when the status alone does not):
//   sign-in-failed   no token from Entra ID: nothing was sent
//   network          no HTTP answer (fetch failed, connection reset, DNS, time-out)
//   no-answer        no HTTP answer, for a reason the client did not say
//   throttled        429 (Graph did not carry the request out; Retry-After says when to try again)
//   transient        500, 502, 503, 504, … : a server problem, which may or may not have taken effect
//   not-implemented  501
//   unauthorized     401: the token was refused
//   forbidden        403: the app registration lacks a permission or an access policy
//   mailbox-missing  the user exists but has no Exchange Online mailbox Graph can use
//   user-missing     no such user (or mailbox owner)
//   not-found        404: the item (an event, a subscription) is not there
//   conflict         409, 412: changed by someone else at the same moment
//   bad-request      400, 422: Graph refused the request as written
//   other            anything else
import { GraphError } from '@microsoft/microsoft-graph-client';

export type GraphFailureKind =
  | 'sign-in-failed'
  | 'network'
  | 'no-answer'
  | 'throttled'
  | 'transient'
  | 'not-implemented'
  | 'unauthorized'
  | 'forbidden'
  | 'mailbox-missing'
  | 'user-missing'
  | 'not-found'
  | 'conflict'
  | 'bad-request'
  | 'other';

export interface GraphFailure {
  kind: GraphFailureKind;
  /** null: no HTTP answer (network failure, or an error inside the client before sending). */
  status: number | null;
  code: string | null;
  message: string;
  /** Seconds to wait, from the Retry-After header (seconds or an HTTP date), when the answer had one. */
  retryAfterSeconds: number | null;
  /** Whether the SDK raised it as a GraphError (an answer, or a failure inside its middleware). */
  fromGraph: boolean;
}

/** Graph codes for a user that exists but has no mailbox Graph can use. */
const MAILBOX_MISSING = new Set([
  'MailboxNotEnabledForRESTAPI',
  'MailboxNotSupportedForRESTAPI',
  'ErrorNonExistentMailbox',
]);
/** Graph codes for "no such user" (Entra ID and Exchange say it differently). */
const USER_MISSING = new Set(['Request_ResourceNotFound', 'ResourceNotFound', 'ErrorInvalidUser']);
const ITEM_MISSING = new Set(['itemNotFound', 'ErrorItemNotFound']);
const FORBIDDEN = new Set(['Authorization_RequestDenied', 'ErrorAccessDenied', 'accessDenied', 'Forbidden']);
const THROTTLED = new Set(['TooManyRequests', 'activityLimitReached', 'ApplicationThrottled']);
const UNAVAILABLE = new Set(['serviceNotAvailable', 'ServiceUnavailable']);
const NETWORK_CODES = new Set(['TypeError', 'FetchError', 'AbortError']);
const NETWORK_TEXT = /fetch failed|network|ECONNRESET|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|socket/i;

/** Whether a failure means Graph (or Entra ID) was never reached: nothing was done. */
function noAnswerKind(error: unknown, code: string | null, message: string): GraphFailureKind {
  const name = error instanceof Error ? error.name : null;
  if (name === 'GraphAuthError' || code === 'GraphAuthError' || /token/i.test(code ?? ''))
    return 'sign-in-failed';
  if (error instanceof TypeError || (code !== null && NETWORK_CODES.has(code)) || NETWORK_TEXT.test(message))
    return 'network';
  return 'no-answer';
}

/** The kind of an answer Graph gave: its status first, then its error code. */
export function graphFailureKind(status: number, code: string | null): GraphFailureKind {
  if (status === 429) return 'throttled';
  if (status === 501) return 'not-implemented';
  if (status >= 500) return 'transient';
  if (status === 401 || code === 'InvalidAuthenticationToken') return 'unauthorized';
  if (code !== null) {
    if (MAILBOX_MISSING.has(code)) return 'mailbox-missing';
    if (USER_MISSING.has(code)) return 'user-missing';
    if (ITEM_MISSING.has(code)) return 'not-found';
    if (FORBIDDEN.has(code)) return 'forbidden';
    if (THROTTLED.has(code)) return 'throttled';
    if (UNAVAILABLE.has(code)) return 'transient';
  }
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 400 || status === 422) return 'bad-request';
  return 'other';
}

/** Retry-After as seconds: a number of seconds, or an HTTP date counted from `now`. */
export function retryAfterSeconds(header: string | null | undefined, now: () => number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - now()) / 1000)) : null;
}

/** Whatever a Graph call threw, read as one failure of the taxonomy. */
export function readGraphFailure(error: unknown, now: () => number = Date.now): GraphFailure {
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
  return {
    kind: status === null ? noAnswerKind(error, code, message) : graphFailureKind(status, code),
    status,
    code,
    message,
    retryAfterSeconds: retryAfterSeconds(header, now),
    fromGraph: error instanceof GraphError || (error instanceof Error && error.name === 'GraphError'),
  };
}

/** Worth trying again later without changing anything: throttled, unavailable, or no network. */
export const isTransientFailure = (f: Pick<GraphFailure, 'kind'>): boolean =>
  f.kind === 'throttled' || f.kind === 'transient' || f.kind === 'network' || f.kind === 'no-answer';
