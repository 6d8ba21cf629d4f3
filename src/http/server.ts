// One HTTP server for everything: /api/*, /api/messages (the bot) and the tab at /tab/.
import type { Tracer } from '@opentelemetry/api';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppServices } from '../app/app-services.ts';
import type { TestClock } from '../app/ports/clock.ts';
import type { Delivery } from '../app/ports/delivery.ts';
import type { Readiness } from '../app/readiness.ts';
import type { Person } from '../app/ports/directory.ts';
import { Unauthorized, type Authenticator } from './authentication.ts';
import { handleError, sendError } from './error-mapping.ts';
import { registerOpenApi, serveOpenApi } from './openapi.ts';
import { traceRequests, withinRequest } from './request-tracing.ts';
import { calendarRoutes, type CalendarRouteOptions } from './routes/calendar-routes.ts';
import { devPeopleRoute, devRoutes } from './routes/dev-routes.ts';
import { directoryRoutes } from './routes/directory-routes.ts';
import { disputeRoutes } from './routes/dispute-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { legalRoutes } from './routes/legal-routes.ts';
import type { LegalPages } from './legal-pages.ts';
import { protocolRoutes } from './routes/protocol-routes.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { formRoutes } from './routes/form-routes.ts';
import { reportRoutes } from './routes/report-routes.ts';
import { recordsRoutes } from './routes/records-routes.ts';
import { registerTabFiles } from './tab-files.ts';
import { authorityOrigin, signInRoutes, type BrowserSignInOptions } from './routes/sign-in-routes.ts';
import { registerRateLimits, type RateLimitSettings } from './rate-limits.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { refuseUnstorableText } from './text-guard.ts';
import { serializerCompiler, validatorCompiler } from './zod-compilers.ts';

declare module 'fastify' {
  interface FastifyRequest {
    person: Person;
  }
  interface FastifyContextConfig {
    public?: boolean;
  }
}

export interface ServerOptions {
  services: AppServices;
  authenticator: Authenticator;
  logger: Logger | false;
  /** Dev mode only. */
  testClock?: TestClock;
  delivery: Delivery;
  /** Meeting invitations and calendar feeds (ICS): base URL and organiser; from the request and the chair if absent. */
  calendar?: CalendarRouteOptions;
  /** Hooks that must see every route (the councils' request routing), added before any route. */
  beforeRoutes?: (app: FastifyInstance) => void;
  /** The privacy notice and terms of use the Teams manifest links to (/privacy, /terms). */
  legalPages: LegalPages;
  /** What /readyz reports (database writable, migrated, not draining). */
  readiness: Readiness;
  /** Where request spans go (OpenTelemetry; a no-op tracer when telemetry is off). */
  tracer: Tracer;
  /** HTTP hardening: HSTS in production, which proxies to believe, rate limits. */
  http?: HttpSettings;
  /** Entra sign-in in a plain browser (GET /api/sign-in-settings); null or absent: none (dev sign-in). */
  browserSignIn?: BrowserSignInOptions | null;
}

export interface HttpSettings {
  production?: boolean;
  /** fastify's trustProxy (TRUST_PROXY): whose X-Forwarded-For to believe for the client's address. */
  trustProxy?: boolean | number | string[];
  rateLimit?: RateLimitSettings;
}

/** As config.ts's defaults: generous for a person at work, tight for a script. */
export const defaultRateLimits: RateLimitSettings = { perPerson: 600, perAddress: 1200 };

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { services, authenticator } = options;
  const http = options.http ?? {};
  const app: FastifyInstance = Fastify({
    // A hop count trusts that many proxies nearest to us (as fastify does for a number).
    trustProxy:
      typeof http.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(http.trustProxy)
        : (http.trustProxy ?? false),
    ...(options.logger
      ? { loggerInstance: options.logger as unknown as FastifyBaseLogger }
      : { logger: false }),
    bodyLimit: 256 * 1024,
    // Request logs carry method, route and status only: never bodies, headers or query strings.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.decorateRequest('person', null as unknown as Person);
  app.setErrorHandler(handleError);
  // Requests checked and responses written by the routes' zod schemas (src/contract).
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler({ strict: !http.production }));
  // Before any route, so the document sees them all.
  await registerOpenApi(app, { devMode: authenticator.kind === 'dev' });
  // MSAL in the tab fetches the authority's metadata and tokens: the CSP lets it connect there.
  const signInOrigin = authorityOrigin(options.browserSignIn);
  const connectSources = signInOrigin ? [signInOrigin] : [];
  await registerSecurityHeaders(app, {
    production: http.production ?? false,
    devMode: authenticator.kind === 'dev',
    connectSources,
  });
  const limits = await registerRateLimits(app, http.rateLimit ?? defaultRateLimits);
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, 404, {
      error: 'not-found',
      message: `There is nothing at ${req.method} ${req.url.split('?')[0]}.`,
    }),
  );

  // First, so that every later hook and the handler run inside the request's span.
  traceRequests(app, options.tracer);
  app.addHook('onResponse', async (req, reply) => {
    withinRequest(req, () =>
      req.log.info(
        {
          method: req.method,
          route: req.routeOptions.url,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      ),
    );
  });

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    // Every API request counts against its address first, so guessing sign-ins is limited too.
    if (!(await limits.byAddress(req, reply))) return reply;
    if (req.routeOptions.config?.public) return;
    try {
      req.person = await authenticator.authenticate(req);
    } catch (e) {
      if (e instanceof Unauthorized)
        return sendError(reply, 401, { error: 'unauthorized', message: e.message });
      throw e;
    }
    if (!(await limits.byPerson(req, reply, req.person.id))) return reply;
  });

  // The bot's activities count against the Teams user they are from (once the body is parsed).
  app.addHook('preHandler', async (req, reply) => {
    if (req.routeOptions.url !== '/api/messages') return;
    const from = (req.body as { from?: { aadObjectId?: unknown; id?: unknown } } | null)?.from;
    const who = typeof from?.aadObjectId === 'string' ? from.aadObjectId : from?.id;
    if (typeof who === 'string' && who && !(await limits.byPerson(req, reply, `teams:${who}`))) return reply;
  });

  // Text PostgreSQL cannot store (NUL, unpaired surrogates) is a 400 naming the field, anywhere in
  // an API request, before the schemas or a handler see it.
  app.addHook('preValidation', async (req) => {
    if (!req.url.startsWith('/api/') && !req.url.startsWith('/calendar/')) return;
    refuseUnstorableText({ params: req.params, query: req.query, body: req.body });
  });

  // API answers carry personal data (or say who may see what): no cache may keep them. A route
  // that sets its own Cache-Control (files to download) keeps it.
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
    return payload;
  });

  options.beforeRoutes?.(app);
  serveOpenApi(app);
  healthRoutes(app, services, options.readiness);
  legalRoutes(app, options.legalPages);
  protocolRoutes(app, services);
  directoryRoutes(app, services);
  disputeRoutes(app, services);
  calendarRoutes(app, services, options.calendar);
  formRoutes(app, services);
  reportRoutes(app, services);
  adminRoutes(app, services);
  recordsRoutes(app, services);
  if (options.testClock) devRoutes(app, services, options.testClock, options.delivery);
  // Dev sign-in only: who can be chosen in the tab's person switcher, before anyone is signed in.
  if (authenticator.kind === 'dev') devPeopleRoute(app, services);
  signInRoutes(app, authenticator.kind === 'dev' ? null : (options.browserSignIn ?? null));
  // The tab (tab/dist) at /tab/, with deep links such as /tab/disputes/:id answered by index.html.
  registerTabFiles(app, { devMode: authenticator.kind === 'dev', connectSources });
  return app;
}
