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
import { currentRole, grantAppRole, rowSecurityBypassed } from './adapters/sql/database-roles.ts';
import { migrate } from './adapters/sql/migrations.ts';
import { forEachCouncil as eachCouncil } from './app/council-work.ts';
import { Councils, type Council } from './app/councils.ts';
import type { Clock } from './app/ports/clock.ts';
import { loadCouncilsFile, type CouncilSettings } from './councils-file.ts';
import {
  createMultiCouncilDevAuthenticator,
  routeRequestsToCouncils,
  signInDirectory,
} from './http/council-routing.ts';
import { createSqlRecordsStore } from './adapters/sql/sql-records-store.ts';
import { runDisposal } from './app/records-management.ts';
import { scheduleFor } from './core/records/retention.ts';
import type { AppServices } from './app/app-services.ts';
import { sweepDeadlines } from './app/deadline-sweeper.ts';
import {
  createDeadlineAlarm,
  oneAtATime,
  soonestDeadlineOf,
  WakingTestClock,
  type DeadlineAlarm,
} from './app/deadline-alarm.ts';
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
import { readGaugesOfCouncils } from './adapters/sql/operational-gauges.ts';
import { createOtelMetrics } from './telemetry/otel-metrics.ts';
import { registerBot } from '../bot/register-bot.ts';
import { createIntegrations, followMeetingResponses, type Integrations } from './integrations.ts';
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

/**
 * Brings the schema up to date: as the owner role when MIGRATION_DATABASE_URL is set, granting the
 * app's role (DATABASE_URL's) what it needs and nothing more; otherwise as the app's one role.
 */
async function migrateSchema(config: AppConfig, db: SqlDatabase): Promise<'owner role' | 'one role'> {
  if (config.store.kind !== 'postgres' || !config.store.migrationUrl) {
    await migrate(db);
    return 'one role';
  }
  const { openPostgresDatabase } = await import('./adapters/sql/postgres-database.ts');
  const owner = await openPostgresDatabase({
    connectionString: config.store.migrationUrl,
    max: 1,
    pipelined: 0,
  });
  try {
    await migrate(owner);
    const appRole = await db.transaction((tx) => currentRole(tx));
    await owner.transaction((tx) => grantAppRole(tx, appRole));
  } finally {
    await owner.close();
  }
  return 'owner role';
}

/**
 * A database view for a council whose tenant is known only once its integrations are made (the
 * directory says it): the integrations are handed this, and it acts for the council once `bind`
 * has named it.
 */
function deferredCouncilDatabase(root: SqlDatabase) {
  let bound: SqlDatabase | undefined;
  const view = () => {
    if (!bound) throw new Error('the council of this database view is not known yet');
    return bound;
  };
  const db: SqlDatabase = {
    kind: root.kind,
    get tenantId() {
      return view().tenantId;
    },
    query: (sql, params, options) => view().query(sql, params, options),
    transaction: (work) => view().transaction(work),
    forTenant: (tenantId) => root.forTenant(tenantId),
    close: async () => {},
  };
  return { db, bind: (tenantId: string) => void (bound = root.forTenant(tenantId)) };
}

interface CouncilWiring {
  councils: Councils;
  /** The first council's integrations: Graph, meetings and mail are one per deployment. */
  integrations: Integrations;
}

/** COUNCILS_FILE's councils, or the one of DIRECTORY_FILE and PROTOCOL_FILES. */
function councilSettingsOf(config: AppConfig): CouncilSettings[] {
  return config.councilsFile
    ? loadCouncilsFile(config.councilsFile)
    : [
        {
          id: '',
          directoryFile: config.directoryFile ?? demoDirectoryPath,
          protocolFiles: config.protocolFiles,
          tenantIds: [],
        },
      ];
}

/** Each council's directory, protocols and database view (Graph only for a single council). */
async function wireCouncils(
  config: AppConfig,
  settings: readonly CouncilSettings[],
  root: SqlDatabase,
  env: Record<string, string | undefined>,
  logger: Logger,
  clock: Clock,
  graphFetch: typeof fetch | undefined,
): Promise<CouncilWiring> {
  const store = createSqlDisputeStore(root);
  if (config.councilsFile && (env.GRAPH_CLIENT_ID || env.GRAPH_TENANT_ID))
    throw new ConfigError(
      'COUNCILS_FILE serves each council from its directory file: Microsoft Graph (GRAPH_*) serves one council per deployment.',
    );
  const councils: Council[] = [];
  let first: Integrations | undefined;
  for (const s of settings) {
    const deferred = deferredCouncilDatabase(root);
    const integrations = await createIntegrations({
      env,
      db: deferred.db,
      directoryFile: s.directoryFile,
      logger,
      ...(graphFetch ? { fetch: graphFetch } : {}),
    });
    deferred.bind(integrations.tenantId);
    first ??= integrations;
    const { directory } = integrations;
    const id = s.id || ('council' in directory ? String(directory.council) : integrations.tenantId);
    councils.push({
      id,
      tenantId: integrations.tenantId,
      signInTenantIds: s.tenantIds.length ? s.tenantIds : [integrations.tenantId.toLowerCase()],
      services: {
        db: root.forTenant(integrations.tenantId),
        store,
        directory,
        protocols: new ProtocolRegistry([...builtinProtocols(), ...s.protocolFiles.map(loadProtocolFile)]),
        clock,
        tenantId: integrations.tenantId,
      },
    });
  }
  return { councils: new Councils(councils), integrations: first! };
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
  let authenticator: Authenticator;
  if (config.devAuth)
    authenticator = several
      ? createMultiCouncilDevAuthenticator(councils)
      : createDevAuthenticator(councils.all[0]!.services.directory);
  else if (config.entra)
    authenticator = createEntraAuthenticator({
      clientId: config.entra.clientId,
      appIdUri: config.entra.appIdUri,
      // Several councils: each council's own tenants (COUNCILS_FILE), which find its directory.
      allowedTenantIds: several
        ? councils.all.flatMap((c) => c.signInTenantIds)
        : config.entra.allowedTenantIds.length
          ? config.entra.allowedTenantIds
          : [integrations.tenantId],
      jwks: options.entraJwks ?? microsoftJwks(),
      directory: several ? signInDirectory(councils) : councils.all[0]!.services.directory,
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
    beforeRoutes: (app) => routeRequestsToCouncils(app, councils, config.devAuth),
    http: {
      production: config.env === 'production',
      trustProxy: config.trustProxy,
      rateLimit: config.rateLimit,
    },
  });
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
    },
  );
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
      migrations: migratedAs === 'owner role' ? 'owner role (MIGRATION_DATABASE_URL)' : 'the app role',
      councils: councils.all.map((c) => c.id),
      rowLevelSecurity: rowSecurity,
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
      protocols: councils.all[0]!.services.protocols.all().map((e) => e.protocol.id),
      legalPages: {
        publisher: legalPages.publisherConfigured ? 'PUBLISHER_NAME' : 'not set',
        privacy: legalPages.privacy.shippedDefault ? 'shipped default' : 'PRIVACY_NOTICE_FILE',
        terms: legalPages.terms.shippedDefault ? 'shipped default' : 'TERMS_OF_USE_FILE',
      },
      retention: councils.all.some((c) => c.services.retention)
        ? 'schedule set: disposal job on'
        : 'no schedule: nothing is disposed of',
    },
    'adapters chosen',
  );
  if (config.env === 'production' && (legalPages.privacy.shippedDefault || legalPages.terms.shippedDefault))
    logger.warn(
      "/privacy or /terms serves the text shipped with CP Disputes, marked as such: set PRIVACY_NOTICE_FILE and TERMS_OF_USE_FILE to the council's own (docs/go-live.md)",
    );

  const timers: NodeJS.Timeout[] = [];
  let kick: NodeJS.Timeout | undefined;
  let alarm: DeadlineAlarm | undefined;
  // Background work under way: stop() lets it finish before closing the database, so a delivery
  // or a sweep is never cut off half-way with "Cannot use a pool after calling end".
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    const done = () => inFlight.delete(work);
    work.then(done, done);
  };
  let stopping = false;
  // Each council's sweep and delivery run on their own, in that council's hands (what they reach
  // through the bot is that council's): one council's failure is logged and stops no other.
  const forEachCouncil = (name: string, work: (c: Council) => Promise<unknown>) =>
    eachCouncil(councils, work, (c, e) =>
      logger.error({ council: c.id, err: { type: e.name, stack: e.stack } }, `${name} failed`),
    );
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
                await forEachCouncil('outbox delivery', (c) =>
                  deliverAllDue(c.services, delivery, { stop: () => stopping }),
                );
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
    // One sweep at a time, woken by the alarm or the periodic tick; one more if woken meanwhile.
    const sweepOnce = oneAtATime(
      () =>
        tracer.startActiveSpan('deadline sweep', (span) =>
          forEachCouncil('deadline sweep', (c) => sweepDeadlines(c.services)).finally(() => span.end()),
        ),
      () => stopping,
    );
    const sweepNow = () => {
      const run = sweepOnce();
      track(run);
      return run;
    };
    alarm = createDeadlineAlarm({
      clock,
      nextDueAt: () => soonestDeadlineOf(councils.all.map((c) => c.services)),
      sweep: () => (stopping ? Promise.resolve() : sweepNow()),
      maxSleepMs: config.sweepIntervalSeconds * 1000,
      onError: (e) => logger.error({ err: { type: e.name, stack: e.stack } }, 'deadline alarm failed'),
    });
    const deadlineAlarm = alarm;
    services.onDeadlineScheduled = (dueAt) => deadlineAlarm.scheduled(dueAt);
    if (testClock) testClock.onSet = () => void deadlineAlarm.clockMoved();
    track(deadlineAlarm.rearm());
    every(config.sweepIntervalSeconds, 'deadline sweep (periodic)', () =>
      sweepNow().then(() => deadlineAlarm.rearm()),
    );
    every(config.outboxIntervalSeconds, 'outbox delivery', () =>
      forEachCouncil('outbox delivery', (c) => deliverAllDue(c.services, delivery, { stop: () => stopping })),
    );
    if (keepsStatistics)
      every(STATISTICS_CHECK_SECONDS, 'planner statistics', () => analyzeStaleTables(maintenance));
    // Disposal only where a council has a schedule: no schedule, no job.
    if (councils.all.some((c) => c.services.retention))
      every(config.disposalIntervalHours * 3600, 'disposal', () =>
        forEachCouncil('disposal', async (c) => {
          if (!c.services.retention) return;
          const run = await runDisposal(c.services, 'system');
          if (run.disposed.length || run.held.length)
            logger.info(
              { council: c.id, disposed: run.disposed.length, held: run.held.length },
              'disposal run',
            );
        }),
      );
  }
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
      stopping = true;
      for (const t of timers) clearInterval(t);
      if (kick) clearTimeout(kick);
      alarm?.stop();
      await server.close();
      await Promise.allSettled([...inFlight]);
      telemetry.stop();
      await db.close();
    },
  };
}
