// The Microsoft Graph client every Graph adapter shares: the SDK's middleware chain
//   AuthenticationHandler → RetryHandler → RedirectHandler → TelemetryHandler → fetch
// with an authentication provider that asks our MSAL credentials for an app-only token, and a retry
// policy that repeats only requests that are safe to repeat. The SDK's RetryHandler retries 429, 503
// and 504, waiting for the response's Retry-After when there is one (else an exponential back-off); we
// let it do so only for reads and idempotent writes. A POST that creates an event or sends mail is
// never re-sent here, since a retry after a lost response would duplicate it: the error goes back to
// the caller (the outbox), which retries with the request's idempotency key.
import {
  AuthenticationHandler,
  Client,
  GraphError,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type AuthenticationProvider,
  type Context,
  type FetchOptions,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { GraphAuthError, type GraphCredentials } from './msal-credentials.ts';

export interface GraphClientOptions {
  credentials: Pick<GraphCredentials, 'appToken'>;
  /** e.g. https://graph.microsoft.com (the default); the SDK adds the version (v1.0). */
  baseUrl?: string;
  /** The HTTP client; the global fetch (looked up at call time, so test interceptors see it) by default. */
  fetch?: typeof fetch;
  /** For 429/503/504 on idempotent requests; Retry-After wins over `delaySeconds` when given. */
  retry?: { maxRetries: number; delaySeconds: number };
}

/** The SDK's request type (a URL string or a Request). */
type SdkRequest = Context['request'];

const IDEMPOTENT_METHODS = new Set(['GET', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']);
/** POSTs that only read, so repeating one is harmless. */
const READ_ONLY_POSTS = [/\/calendar\/getschedule$/i];

/** Whether repeating this request after a throttled or failed answer cannot do anything twice. */
export function isIdempotentGraphRequest(method: string | undefined, url: string): boolean {
  const m = (method ?? 'GET').toUpperCase();
  if (IDEMPOTENT_METHODS.has(m)) return true;
  if (m !== 'POST') return false;
  let path: string;
  try {
    path = new URL(url, 'https://graph.microsoft.com').pathname;
  } catch {
    path = url.split('?')[0] ?? url;
  }
  path = path.replace(/\/+$/, '');
  return READ_ONLY_POSTS.some((re) => re.test(path));
}

/** The last link of the chain: sends the request with the given fetch. */
class FetchHandler implements Middleware {
  constructor(private readonly fetchImpl: typeof fetch | undefined) {}
  async execute(context: Context): Promise<void> {
    const f =
      this.fetchImpl ??
      ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init));
    context.response = await f(
      context.request as string | Request,
      context.options as RequestInit | undefined,
    );
  }
}

function requestUrl(request: SdkRequest): string {
  return typeof request === 'string' ? request : (request as Request).url;
}

function requestMethod(request: SdkRequest, options: FetchOptions | undefined): string {
  return (
    options?.method ??
    (typeof request === 'string' ? 'GET' : (request as Request).method) ??
    'GET'
  ).toUpperCase();
}

/** A Graph client with our credentials and retry policy. */
export function createGraphClient(options: GraphClientOptions): Client {
  const baseUrl = (options.baseUrl ?? 'https://graph.microsoft.com').replace(/\/+$/, '');
  const retry = options.retry ?? { maxRetries: 3, delaySeconds: 3 };
  const authProvider: AuthenticationProvider = {
    getAccessToken: async () => {
      const token = await options.credentials.appToken();
      // Never send "Bearer null" (or undefined): a missing token is an error, not a header.
      if (typeof token !== 'string' || !token)
        throw new GraphAuthError(
          'Entra ID returned no token for CP Disputes, so Microsoft Graph was not called.',
          'no_token',
        );
      return token;
    },
  };
  const shouldRetry = (
    _delay: number,
    _attempt: number,
    request: SdkRequest,
    fetchOptions: FetchOptions | undefined,
  ) => isIdempotentGraphRequest(requestMethod(request, fetchOptions), requestUrl(request));

  const chain: Middleware[] = [
    new AuthenticationHandler(authProvider),
    new RetryHandler(new RetryHandlerOptions(retry.delaySeconds, retry.maxRetries, shouldRetry)),
    new RedirectHandler(new RedirectHandlerOptions()),
    new TelemetryHandler(),
    new FetchHandler(options.fetch),
  ];
  const host = new URL(baseUrl).host;
  return Client.initWithMiddleware({
    middleware: chain,
    baseUrl: `${baseUrl}/`,
    defaultVersion: 'v1.0',
    // The SDK adds the token only for hosts it knows as Graph; a national cloud or proxy is added here.
    customHosts: new Set([host]),
  });
}

export interface GraphFailure {
  status: number | null;
  code: string | null;
  /** Seconds, from the Retry-After header, when the answer had one. */
  retryAfterSeconds: number | null;
}

/** Status, Graph error code and Retry-After of an error thrown by the Graph SDK, if it is one. */
export function graphFailure(error: unknown): GraphFailure | null {
  if (error instanceof GraphError || (error instanceof Error && error.name === 'GraphError')) {
    const e = error as GraphError;
    const retryAfter = e.headers?.get?.('Retry-After') ?? null;
    const seconds = retryAfter === null ? null : Number(retryAfter);
    return {
      status: typeof e.statusCode === 'number' && e.statusCode > 0 ? e.statusCode : null,
      code: e.code ?? null,
      retryAfterSeconds: seconds !== null && Number.isFinite(seconds) ? seconds : null,
    };
  }
  return null;
}

export interface GraphErrorContext {
  /** Who or what the request was about, as a chair would name them: "Carla Brightwater", an email. */
  subject?: string;
  /** What CP Disputes was doing, after "not allowed to": "read people's line managers". */
  action?: string;
  /** The Graph application permission that allows it, e.g. "User.Read.All". */
  permission?: string;
}

const NOT_FOUND = new Set([
  'Request_ResourceNotFound',
  'ResourceNotFound',
  'itemNotFound',
  'ErrorItemNotFound',
  'ErrorInvalidUser',
]);
const NO_MAILBOX = new Set([
  'MailboxNotEnabledForRESTAPI',
  'MailboxNotSupportedForRESTAPI',
  'ErrorNonExistentMailbox',
]);
const FORBIDDEN = new Set(['Authorization_RequestDenied', 'ErrorAccessDenied', 'accessDenied', 'Forbidden']);
const BUSY = new Set([
  'TooManyRequests',
  'activityLimitReached',
  'serviceNotAvailable',
  'ServiceUnavailable',
  'ApplicationThrottled',
]);

/** A message about a failed Graph call that a chair (or, through them, IT) can act on. */
export function graphErrorMessage(error: unknown, context: GraphErrorContext = {}): string {
  if (error instanceof GraphAuthError) return error.message;
  const failure = graphFailure(error);
  if (!failure) {
    const text = error instanceof Error ? error.message : String(error);
    if (error instanceof TypeError || /fetch failed|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN/i.test(text))
      return 'CP Disputes could not reach Microsoft 365 (a network problem); we will try again.';
    return `Something went wrong talking to Microsoft 365 (${text}); please try again, and tell IT if it keeps happening.`;
  }
  const { status, code } = failure;
  // Errors thrown inside the middleware (no token, no network) reach us as a GraphError without a status,
  // named after the original error.
  if (status === null && code === 'GraphAuthError' && error instanceof Error) return error.message;
  if (status === null && (code === 'TypeError' || code === 'FetchError' || code === 'AbortError'))
    return 'CP Disputes could not reach Microsoft 365 (a network problem); we will try again.';
  const subject = context.subject ?? 'That person';
  if ((status === 404 && code !== null && NO_MAILBOX.has(code)) || (code !== null && NO_MAILBOX.has(code)))
    return `${subject} has no Outlook mailbox CP Disputes can read, so their calendar and out-of-office replies can't be checked.`;
  if (status === 404 || (code !== null && NOT_FOUND.has(code)))
    return `${subject} is not in the council's directory (Entra ID).`;
  if (status === 401 || code === 'InvalidAuthenticationToken')
    return "Microsoft 365 did not accept CP Disputes' sign-in: ask IT to check the app registration's secret or certificate.";
  if (status === 403 || (code !== null && FORBIDDEN.has(code)))
    return (
      `CP Disputes is not allowed to ${context.action ?? 'read this from Microsoft 365'}: ask IT to grant the app ` +
      `registration the Microsoft Graph application permission ${context.permission ?? 'it needs'} (with admin consent).`
    );
  if (status === 429 || status === 503 || status === 504 || (code !== null && BUSY.has(code)))
    return 'Microsoft 365 is busy; we will try again.';
  if (status === 400 || status === 501)
    return `Microsoft 365 did not accept a request from CP Disputes (${status}${code ? ` ${code}` : ''}); please tell IT, who can report it to the CP Disputes team.`;
  return `Microsoft 365 answered with an error (${status ?? 'no status'}${code ? ` ${code}` : ''}); please try again, and tell IT if it keeps happening.`;
}

/** A failed Graph call: the message is `graphErrorMessage`'s; the SDK's error is the cause. */
export class GraphRequestError extends Error {
  override name = 'GraphRequestError';
  readonly status: number | null;
  readonly code: string | null;
  readonly retryAfterSeconds: number | null;
  /** Entra ID gave no token: nothing was sent to Graph. */
  readonly authFailure: boolean;
  constructor(error: unknown, context: GraphErrorContext = {}) {
    super(graphErrorMessage(error, context), { cause: error });
    const failure = graphFailure(error);
    this.status = failure?.status ?? null;
    this.code = failure?.code ?? (error instanceof GraphAuthError ? error.code : null);
    this.authFailure = error instanceof GraphAuthError || failure?.code === 'GraphAuthError';
    this.retryAfterSeconds = failure?.retryAfterSeconds ?? null;
  }
  /** Worth trying again later (throttled, unavailable, a network failure). */
  get transient(): boolean {
    return this.status === null ? !this.authFailure : [429, 500, 502, 503, 504].includes(this.status);
  }
}
