// Wiring: choose the adapters from the configuration, migrate, build the server, start the
// deadline sweeper and the outbox worker. Used by `npm start` and by the end-to-end tests.
import { metrics as otelMetrics, trace, type Meter, type Tracer } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import type { JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import { createLogDelivery } from './adapters/delivery/log-delivery.ts';
import { demoDirectoryPath } from './adapters/directory/demo-directory.ts';
import { analyzeStaleTables, appKeepsStatistics } from './adapters/sql/planner-statistics.ts';
import { createSqlDisputeStore } from './adapters/sql/sql-dispute-store.ts';
import { createSqlRecordsStore } from './adapters/sql/sql-records-store.ts';
import { runDisposal } from './app/records-management.ts';
import { scheduleFor } from './core/records/retention.ts';
import type { AppServices } from './app/app-services.ts';
import { sweepDeadlines } from './app/deadline-sweeper.ts';
import { deliverAllDue } from './app/outbox-worker.ts';
import { systemClock, TestClock } from './app/ports/clock.ts';
import type { Delivery } from './app/ports/delivery.ts';
import type { SqlDatabase } from './app/ports/sql-database.ts';
import { ProtocolRegistry } from './app/protocol-registry.ts';
import { ConfigError, type AppConfig } from './config.ts';
import { createDevAuthenticator, type Authenticator } from './http/authentication.ts';
import { createEntraAuthenticator, microsoftJwks } from './http/entra-authenticator.ts';
import { buildServer } from './http/server.ts';
import { loadLegalPages } from './http/legal-pages.ts';
import { createReadiness, type Readiness } from './app/readiness.ts';
import { probeWrite } from './adapters/sql/write-probe.ts';
import { readOperationalGauges } from './adapters/sql/operational-gauges.ts';
import { createOtelMetrics } from './telemetry/otel-metrics.ts';
import { registerBot } from '../bot/register-bot.ts';
import { createIntegrations, followMeetingResponses } from './integrations.ts';
import { createMeetingJobDelivery, routeDeliveries } from './app/meeting-jobs.ts';
import { builtinProtocols, loadProtocolFile } from './protocols/builtin-protocols.ts';

/**
 * How often the app checks its tables' planner statistics where nothing else keeps them (PGlite,
 * PostgreSQL without autovacuum): the check is one catalogue query; an ANALYZE follows only for a
 * table that changed past autovacuum's threshold.
 */
const STATISTICS_CHECK_SECONDS = 5;

export interface RunningApp {
  server: FastifyInstance;
  services: AppServices;
  testClock: TestClock | undefined;
  delivery: Delivery;
  readiness: Readiness;
  /** /readyz answers 503 from now on (a shutdown has begun); requests are still served. */
  drain(): void;
  stop(): Promise<void>;
}

export interface StartOptions {
  listen?: boolean;
  /** Run the deadline sweeper and outbox worker on timers (off in tests that drive them). */
  background?: boolean;
  /** The environment the bot reads its settings from (process.env by default). */
  env?: Record<string, string | undefined>;
  /**
   * Entra sign-in's key source, for tests only (refused unless NODE_ENV=test): anyone who could set
   * it could sign their own tokens. Microsoft's published keys otherwise.
   */
  entraJwks?: JWTVerifyGetKey;
  /** Microsoft Graph's HTTP client (tests hand it msw's interception); the global fetch otherwise. */
  graphFetch?: typeof fetch;
  /** Where metrics and spans go: the global OpenTelemetry providers by default (src/telemetry). */
  meter?: Meter;
  tracer?: Tracer;
}

// Only the engine in use is loaded (node-postgres, or PGlite and its WASM glue), as integrations.ts
// does for the Graph adapters: a server holds only what its configuration uses.
async function openDatabase(store: AppConfig['store']): Promise<SqlDatabase> {
  if (store.kind === 'postgres') {
    const { openPostgresDatabase } = await import('./adapters/sql/postgres-database.ts');
    return openPostgresDatabase({ connectionString: store.url });
  }
  const { openPgliteDatabase } = await import('./adapters/sql/pglite-database.ts');
  return openPgliteDatabase({ dataDir: store.dataDir });
}

export async function startApp(
  config: AppConfig,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningApp> {
  // Read before anything is opened: a configured notice that cannot be read stops the start.
  const legalPages = loadLegalPages(options.env ?? process.env);
  if (options.entraJwks && config.env !== 'test')
    throw new ConfigError(
      'A signing key set of its own for Entra sign-in is for tests only (NODE_ENV=test).',
    );
  for (const warning of config.warnings) logger.warn(warning);
  const db = await openDatabase(config.store);
  const store = createSqlDisputeStore(db);
  await store.migrate();
  const keepsStatistics = await appKeepsStatistics(db);
  if (keepsStatistics) await analyzeStaleTables(db);
  const env = options.env ?? process.env;
  const integrations = await createIntegrations({
    env,
    db,
    directoryFile: config.directoryFile ?? demoDirectoryPath,
    logger,
    ...(options.graphFetch ? { fetch: options.graphFetch } : {}),
  });
  const { directory } = integrations;
  const protocols = new ProtocolRegistry([
    ...builtinProtocols(),
    ...config.protocolFiles.map(loadProtocolFile),
  ]);
  const testClock = config.testClock ? new TestClock() : undefined;
  const clock = testClock ?? systemClock;
  // Gauges are read from the database at each collection; a due deadline unfired after two sweep
  // intervals is one the sweep should already have fired.
  const telemetry = createOtelMetrics(
    options.meter ?? otelMetrics.getMeter('cp-disputes'),
    () => readOperationalGauges(db, clock.now(), 2 * config.sweepIntervalSeconds),
    (e) => logger.warn({ err: { type: e.name, message: e.message } }, 'metrics: gauges not read'),
  );
  const tracer = options.tracer ?? trace.getTracer('cp-disputes');
  const services: AppServices = {
    db,
    store,
    directory,
    protocols,
    clock,
    tenantId: integrations.tenantId,
    metrics: telemetry.metrics,
    records: createSqlRecordsStore(),
    retention: scheduleFor(config.retention, integrations.tenantId),
  };
  let authenticator: Authenticator;
  if (config.devAuth) authenticator = createDevAuthenticator(directory);
  else if (config.entra)
    authenticator = createEntraAuthenticator({
      clientId: config.entra.clientId,
      appIdUri: config.entra.appIdUri,
      allowedTenantIds: config.entra.allowedTenantIds.length
        ? config.entra.allowedTenantIds
        : [integrations.tenantId],
      jwks: options.entraJwks ?? microsoftJwks(),
      directory,
    });
  else
    throw new ConfigError(
      'Sign-in is not configured: set ENTRA_CLIENT_ID (or MicrosoftAppId), or DEV_AUTH=on outside production.',
    );
  // The dev clock's sweep delivers through whichever adapter the bot registers below.
  let delivery: Delivery = createLogDelivery(logger.child({ component: 'delivery' }));
  const deliveryRef: Delivery = { kind: 'app', deliver: (row) => delivery.deliver(row) };
  const appBaseUrl = (env.APP_BASE_URL ?? `http://${config.host}:${config.port}`).replace(/\/$/, '');
  const readiness = createReadiness(() => probeWrite(db));
  const server = await buildServer({
    services,
    legalPages,
    readiness,
    tracer,
    authenticator,
    logger,
    delivery: deliveryRef,
    calendar: {
      appBaseUrl,
      feedDays: config.calendarFeedDays,
      ...(integrations.organiser ? { organiser: integrations.organiser } : {}),
    },
    ...(testClock ? { testClock } : {}),
    http: {
      production: config.env === 'production',
      trustProxy: config.trustProxy,
      rateLimit: config.rateLimit,
    },
  });
  const bot = registerBot(server, services, env, integrations.tenantId, logger.child({ component: 'bot' }), {
    mailer: integrations.mailer,
  });
  // Calendar jobs go to the meeting worker; messages to Teams (with email where Teams cannot reach),
  // or, with DELIVERY=log, to the log only (meetings are still booked: they are not messages).
  const meetings = createMeetingJobDelivery(services, {
    calendar: integrations.calendar,
    organiser: integrations.organiser,
    appBaseUrl,
  });
  delivery = routeDeliveries(config.delivery === 'log' ? delivery : bot.delivery, meetings);
  const stopFollowing = await followMeetingResponses(server, services, integrations, {
    env,
    logger,
    pollSeconds: 300,
    background: options.background !== false,
  });

  logger.info(
    {
      store:
        config.store.kind === 'postgres' ? 'postgres (DATABASE_URL)' : `pglite (${config.store.dataDir})`,
      directory: integrations.graph
        ? integrations.describe.directory
        : config.directoryFile
          ? 'file (DIRECTORY_FILE)'
          : 'file (built-in demo directory)',
      meetings: integrations.describe.meetings,
      mail: integrations.describe.mail,
      signIn: config.devAuth
        ? 'dev: X-Dev-User header (no Entra configuration)'
        : `entra: tokens for ${config.entra?.appIdUri ?? config.entra?.clientId} with scope access_as_user`,
      plannerStatistics: keepsStatistics
        ? `kept by the app (ANALYZE every ${STATISTICS_CHECK_SECONDS} s where due: ${config.store.kind === 'postgres' ? 'autovacuum is off' : 'PGlite has no autovacuum'})`
        : 'kept by autovacuum',
      testClock: Boolean(testClock),
      delivery: delivery.kind,
      bot:
        bot.config.authentication === 'on'
          ? 'Bot Framework authentication on'
          : 'no MicrosoftAppId: unauthenticated, loopback callers only (development)',
      allowedTenants: bot.config.allowedTenantIds.length,
      protocols: protocols.all().map((e) => e.protocol.id),
      legalPages: {
        publisher: legalPages.publisherConfigured ? 'PUBLISHER_NAME' : 'not set',
        privacy: legalPages.privacy.shippedDefault ? 'shipped default' : 'PRIVACY_NOTICE_FILE',
        terms: legalPages.terms.shippedDefault ? 'shipped default' : 'TERMS_OF_USE_FILE',
      },
      retention: services.retention ? 'schedule set: disposal job on' : 'no schedule: nothing is disposed of',
    },
    'adapters chosen',
  );
  if (config.env === 'production' && (legalPages.privacy.shippedDefault || legalPages.terms.shippedDefault))
    logger.warn(
      "/privacy or /terms serves the text shipped with CP Disputes, marked as such: set PRIVACY_NOTICE_FILE and TERMS_OF_USE_FILE to the council's own (docs/go-live.md)",
    );

  const timers: NodeJS.Timeout[] = [];
  let kick: NodeJS.Timeout | undefined;
  // Background work under way: stop() lets it finish before closing the database, so a delivery
  // or a sweep is never cut off half-way with "Cannot use a pool after calling end".
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    const done = () => inFlight.delete(work);
    work.then(done, done);
  };
  let stopping = false;
  if (options.background !== false) {
    // A person's change is delivered within moments rather than at the next tick of the worker;
    // one delivery run at a time, and one more if changes arrived while it ran.
    let delivering = false;
    let again = false;
    services.onDisputeChanged = () => {
      if (delivering) {
        again = true;
        return;
      }
      if (stopping) return;
      kick ??= setTimeout(() => {
        kick = undefined;
        delivering = true;
        track(
          (async () => {
            try {
              do {
                again = false;
                await deliverAllDue(services, delivery, { stop: () => stopping });
              } while (again && !stopping);
            } catch (e) {
              logger.error(
                { err: { type: (e as Error).name, stack: (e as Error).stack } },
                'outbox delivery failed',
              );
            } finally {
              delivering = false;
            }
          })(),
        );
      }, 50);
    };
    const every = (seconds: number, name: string, work: () => Promise<unknown>) => {
      let running = false;
      const t = setInterval(() => {
        if (running || stopping) return;
        running = true;
        track(
          tracer
            .startActiveSpan(name, (span) => work().finally(() => span.end()))
            .catch((e: Error) => logger.error({ err: { type: e.name, stack: e.stack } }, `${name} failed`))
            .finally(() => (running = false)),
        );
      }, seconds * 1000);
      t.unref();
      timers.push(t);
    };
    every(config.sweepIntervalSeconds, 'deadline sweep', () => sweepDeadlines(services));
    every(config.outboxIntervalSeconds, 'outbox delivery', () =>
      deliverAllDue(services, delivery, { stop: () => stopping }),
    );
    // Disposal only where the council has a schedule: no schedule, no job.
    if (services.retention)
      every(config.disposalIntervalHours * 3600, 'disposal', async () => {
        const run = await runDisposal(services, 'system');
        if (run.disposed.length || run.held.length)
          logger.info({ disposed: run.disposed.length, held: run.held.length }, 'disposal run');
      });
    if (keepsStatistics) every(STATISTICS_CHECK_SECONDS, 'planner statistics', () => analyzeStaleTables(db));
  }
  if (options.listen !== false) await server.listen({ port: config.port, host: config.host });

  return {
    server,
    services,
    testClock,
    get delivery() {
      return delivery;
    },
    readiness,
    drain: () => readiness.drain(),
    async stop() {
      readiness.drain();
      stopFollowing();
      stopping = true;
      for (const t of timers) clearInterval(t);
      if (kick) clearTimeout(kick);
      await server.close();
      await Promise.allSettled([...inFlight]);
      telemetry.stop();
      await db.close();
    },
  };
}
