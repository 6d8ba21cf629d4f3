// Wiring: choose the adapters from the configuration, migrate, build the server, start the
// deadline sweeper and the outbox worker. Used by `npm start` and by the end-to-end tests. Each
// concern is in src/start: the database, the councils, sign-in, the background work, the start log.
import { metrics as otelMetrics, trace, type Meter, type Tracer } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import type { JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import { createLogDelivery } from './adapters/delivery/log-delivery.ts';
import { analyzeStaleTables, appKeepsStatistics } from './adapters/sql/planner-statistics.ts';
import { currentRole, rowSecurityBypassed } from './adapters/sql/database-roles.ts';
import type { Councils } from './app/councils.ts';
import { routeRequestsToCouncils } from './http/council-routing.ts';
import { createSqlRecordsStore } from './adapters/sql/sql-records-store.ts';
import { scheduleFor } from './core/records/retention.ts';
import type { AppServices } from './app/app-services.ts';
import { WakingTestClock } from './app/deadline-alarm.ts';
import { systemClock, TestClock } from './app/ports/clock.ts';
import type { Delivery } from './app/ports/delivery.ts';
import type { SqlDatabase } from './app/ports/sql-database.ts';
import { ConfigError, type AppConfig } from './config.ts';
import { buildServer } from './http/server.ts';
import { loadLegalPages } from './http/legal-pages.ts';
import { createReadiness, type Readiness } from './app/readiness.ts';
import { probeWrite } from './adapters/sql/write-probe.ts';
import { readGaugesOfCouncils } from './adapters/sql/operational-gauges.ts';
import { createOtelMetrics } from './telemetry/otel-metrics.ts';
import { registerBot } from '../bot/register-bot.ts';
import { meetingWordsOf } from '../bot/wording/meeting-words.ts';
import { councilWording, loadCouncilWordings } from '../bot/wording/council-wording.ts';
import { WordingFileError } from '../bot/wording/load-wording-file.ts';
import { followMeetingResponses } from './integrations.ts';
import { createMeetingJobDelivery, routeDeliveries } from './app/meeting-jobs.ts';
import { startBackgroundWork } from './start/background-work.ts';
import { chooseAuthenticator } from './start/choose-authenticator.ts';
import { browserSignInOptions } from './start/browser-sign-in-options.ts';
import { describeAdapters } from './start/describe-adapters.ts';
import { wireTeamsReach } from './start/wire-teams-reach.ts';
import { routeFeedRows } from '../bot/activity-feed-delivery.ts';
import { migrateSchema, openDatabase } from './start/open-database.ts';
import { councilSettingsOf, wireCouncils } from './start/wire-councils.ts';

export interface RunningApp {
  server: FastifyInstance;
  /** Each field answers for the council of the work in hand (the only one, if there is one). */
  services: AppServices;
  /** The councils served, each with its own services (one, unless COUNCILS_FILE names several). */
  councils: Councils;
  /** The database itself, under every council's view (closing it closes them all). */
  database: SqlDatabase;
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
  const settings = councilSettingsOf(config);
  // Several councils are kept apart by the database, never by the app's queries alone.
  if (settings.length > 1 && config.store.kind === 'pglite')
    throw new ConfigError(
      'Several councils (COUNCILS_FILE) need PostgreSQL (DATABASE_URL): PGlite runs as a superuser, whom row-level security does not restrict.',
    );
  // Each council's own words are checked before anything opens: a bad file stops the start.
  const councilWordings = (() => {
    try {
      return loadCouncilWordings(settings);
    } catch (e) {
      if (e instanceof WordingFileError) throw new ConfigError(`COUNCILS_FILE: ${e.message}`);
      throw e;
    }
  })();
  const db = await openDatabase(config.store);
  const env = options.env ?? process.env;
  const testClock = config.testClock ? new WakingTestClock() : undefined;
  // A start refused here (a wrong role, a bad council file) leaves no connection open behind it.
  const prepared = await (async () => {
    const migratedAs = await migrateSchema(config, db);
    const wired = await wireCouncils(
      config,
      settings,
      db,
      env,
      logger,
      testClock ?? systemClock,
      options.graphFetch,
    );
    // Maintenance goes through the first council's view: on PostgreSQL its pipelined connections
    // are open anyway, where the database itself would open 4 more, only for this.
    const maintenance = wired.councils.all[0]!.services.db;
    const keepsStatistics = await appKeepsStatistics(maintenance);
    if (keepsStatistics) await analyzeStaleTables(maintenance);
    const rowSecurity = (await rowSecurityBypassed(maintenance)) ? 'bypassed by the role' : 'enforced';
    if (wired.councils.all.length > 1 && rowSecurity !== 'enforced')
      throw new ConfigError(
        `Several councils (COUNCILS_FILE) need DATABASE_URL to connect as a role that is neither a superuser nor BYPASSRLS (it is ${await currentRole(maintenance)}): see docs/tenancy.md.`,
      );
    return { ...wired, migratedAs, keepsStatistics, rowSecurity, maintenance };
  })().catch(async (e: unknown) => {
    await db.close().catch(() => {});
    throw e;
  });
  const { councils, integrations, migratedAs, keepsStatistics, rowSecurity, maintenance } = prepared;
  const several = councils.all.length > 1;
  const services = councils.routingServices();
  const clock = testClock ?? systemClock;
  // Gauges are read from the database at each collection, summed over the councils (each read in
  // its council's view: row-level security shows a statement its own council's rows only); a due
  // deadline unfired after two sweep intervals is one the sweep should already have fired.
  const telemetry = createOtelMetrics(
    options.meter ?? otelMetrics.getMeter('cp-disputes'),
    () =>
      readGaugesOfCouncils(
        councils.all.map((c) => c.services.db),
        clock.now(),
        2 * config.sweepIntervalSeconds,
      ),
    (e) => logger.warn({ err: { type: e.name, message: e.message } }, 'metrics: gauges not read'),
  );
  const tracer = options.tracer ?? trace.getTracer('cp-disputes');
  for (const c of councils.all) {
    c.services.metrics = telemetry.metrics;
    c.services.records = createSqlRecordsStore();
    c.services.retention = scheduleFor(config.retention, c.tenantId);
  }
  const authenticator = chooseAuthenticator(config, councils, integrations.tenantId, options.entraJwks);
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
    beforeRoutes: (app) => routeRequestsToCouncils(app, councils, config.devAuth),
    http: {
      production: config.env === 'production',
      trustProxy: config.trustProxy,
      rateLimit: config.rateLimit,
    },
    browserSignIn: browserSignInOptions(config, councils, integrations.tenantId, env.APP_BASE_URL),
  });
  // The Teams activity feed and installing the app for people the bot cannot reach (Graph only).
  // Its notices' preview line is the bot's (council's) wording: `bot` is registered just below.
  const reach = await wireTeamsReach(config, integrations, services, appBaseUrl, () => bot.config.wording);
  services.activityFeed = reach.feedDelivery !== null;
  // Several councils: the bot serves each council's tenants unless ALLOWED_TENANT_IDS says otherwise.
  const botEnv =
    several && !env.ALLOWED_TENANT_IDS
      ? { ...env, ALLOWED_TENANT_IDS: councils.all.flatMap((c) => c.signInTenantIds).join(',') }
      : env;
  const bot = registerBot(
    server,
    services,
    botEnv,
    integrations.tenantId,
    logger.child({ component: 'bot' }),
    {
      mailer: integrations.mailer,
      appInstaller: reach.appInstaller,
      wordingFor: (base) =>
        councilWording(base, councilWordings, () => {
          try {
            return councils.current().id;
          } catch {
            return undefined;
          }
        }),
    },
  );
  // Calendar jobs go to the meeting worker; messages to Teams (with email where Teams cannot reach),
  // or, with DELIVERY=log, to the log only (meetings are still booked: they are not messages).
  const meetings = createMeetingJobDelivery(services, {
    calendar: integrations.calendar,
    organiser: integrations.organiser,
    appBaseUrl,
    meetingChat: integrations.meetingChat ?? null,
    words: meetingWordsOf(bot.config.wording),
  });
  delivery = routeDeliveries(config.delivery === 'log' ? delivery : bot.delivery, meetings);
  // The outbox's `feed` rows go to the activity feed (the card of the same event goes as above).
  delivery = routeFeedRows(delivery, reach.feedDelivery);
  const stopFollowing = await followMeetingResponses(server, services, integrations, {
    env,
    logger,
    pollSeconds: 300,
    background: options.background !== false,
  });

  logger.info(
    describeAdapters({
      config,
      councils,
      integrations,
      migratedAs,
      rowSecurity,
      keepsStatistics,
      testClock,
      deliveryKind: delivery.kind,
      bot: bot.config,
      legalPages,
      teamsReach: reach.describe,
    }),
    'adapters chosen',
  );
  if (config.env === 'production' && (legalPages.privacy.shippedDefault || legalPages.terms.shippedDefault))
    logger.warn(
      "/privacy or /terms serves the text shipped with CP Disputes, marked as such: set PRIVACY_NOTICE_FILE and TERMS_OF_USE_FILE to the council's own (docs/go-live.md)",
    );

  const background = startBackgroundWork({
    config,
    councils,
    services,
    delivery: () => delivery,
    logger,
    tracer,
    statistics: keepsStatistics ? maintenance : null,
    enabled: options.background !== false,
    clock,
    testClock,
  });
  if (options.listen !== false) await server.listen({ port: config.port, host: config.host });

  return {
    server,
    services,
    councils,
    database: db,
    testClock,
    get delivery() {
      return delivery;
    },
    readiness,
    drain: () => readiness.drain(),
    async stop() {
      readiness.drain();
      stopFollowing();
      background.halt();
      await server.close();
      await background.settled();
      telemetry.stop();
      await db.close();
    },
  };
}
