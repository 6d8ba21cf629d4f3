// One HTTP server for everything: /api/*, /api/messages (the bot) and the tab at /tab/.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppServices } from '../app/app-services.ts';
import type { TestClock } from '../app/ports/clock.ts';
import type { Delivery } from '../app/ports/delivery.ts';
import type { Person } from '../app/ports/directory.ts';
import { Unauthorized, type Authenticator } from './authentication.ts';
import { handleError, sendError } from './error-mapping.ts';
import { openApiDocument } from './openapi.ts';
import { calendarRoutes, type CalendarRouteOptions } from './routes/calendar-routes.ts';
import { devRoutes } from './routes/dev-routes.ts';
import { directoryRoutes } from './routes/directory-routes.ts';
import { disputeRoutes } from './routes/dispute-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { protocolRoutes } from './routes/protocol-routes.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { formRoutes } from './routes/form-routes.ts';
import { reportRoutes } from './routes/report-routes.ts';
import { registerTabFiles } from './tab-files.ts';

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
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { services, authenticator } = options;
  const app: FastifyInstance = Fastify({
    ...(options.logger
      ? { loggerInstance: options.logger as unknown as FastifyBaseLogger }
      : { logger: false }),
    bodyLimit: 256 * 1024,
    // Request logs carry method, route and status only: never bodies, headers or query strings.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.decorateRequest('person', null as unknown as Person);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, 404, {
      error: 'not-found',
      message: `There is nothing at ${req.method} ${req.url.split('?')[0]}.`,
    }),
  );

  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        route: req.routeOptions.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.config?.public || !req.url.startsWith('/api/')) return;
    try {
      req.person = await authenticator.authenticate(req);
    } catch (e) {
      if (e instanceof Unauthorized)
        return sendError(reply, 401, { error: 'unauthorized', message: e.message });
      throw e;
    }
  });

  options.beforeRoutes?.(app);
  const document = openApiDocument({ devMode: authenticator.kind === 'dev' });
  app.get('/api/openapi.json', { config: { public: true } }, async () => document);
  healthRoutes(app, services);
  protocolRoutes(app, services);
  directoryRoutes(app, services);
  disputeRoutes(app, services);
  calendarRoutes(app, services, options.calendar);
  formRoutes(app, services);
  reportRoutes(app, services);
  adminRoutes(app, services);
  if (options.testClock) devRoutes(app, services, options.testClock, options.delivery);
  // Dev sign-in only: who can be chosen in the tab's person switcher, before anyone is signed in.
  if (authenticator.kind === 'dev')
    app.get('/api/dev/people', { config: { public: true } }, async () =>
      (await services.directory.all())
        .filter((p) => !p.mailbox)
        .map((p) => ({ id: p.id, name: p.name, jobTitle: p.jobTitle })),
    );
  // The tab (tab/dist) at /tab/, with deep links such as /tab/disputes/:id answered by index.html.
  registerTabFiles(app, { devMode: authenticator.kind === 'dev' });
  return app;
}
