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
