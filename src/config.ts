// Configuration from the environment, validated at start. Defaults fail closed:
// - dev sign-in (the X-Dev-User header) and the test clock are on by themselves only on a loopback
//   address, with no Entra settings and outside production: `npm start` on a fresh machine works,
//   and nobody else can reach it;
// - on any other address they are on only when asked for by name (DEV_AUTH=on, TEST_CLOCK=on, a
//   training install), with a warning in the start-up log; with neither Entra nor DEV_AUTH=on the
//   server refuses to start (a container that forgets NODE_ENV and listens on 0.0.0.0);
// - production refuses every development convenience: dev sign-in, the test clock, the demo
//   directory, PGlite (it never fsyncs), an http:// public address and ALLOWED_TENANT_IDS=*.
import { isIP } from 'node:net';
import { z } from 'zod';
import { parseRetentionConfig, type RetentionConfig } from './core/records/retention.ts';

const onOff = z.enum(['on', 'off']);

export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')
    .optional(),
  /**
   * The owner role's connection, for migrations only (docs/tenancy.md): DATABASE_URL is then the
   * app's role, which owns nothing. Unset: DATABASE_URL migrates too (one role).
   */
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')
    .optional(),
  /** Several councils on one deployment (docs/tenancy.md); instead of DIRECTORY_FILE and PROTOCOL_FILES. */
  COUNCILS_FILE: z.string().min(1).optional(),
  DIRECTORY_FILE: z.string().min(1).optional(),
  /** Extra protocol files (comma-separated); one with a built-in id replaces it. */
  PROTOCOL_FILES: z.string().optional(),
  DEV_AUTH: onOff.optional(),
  TEST_CLOCK: onOff.optional(),
  /** Entra app registration: when set, the tab's tokens are checked against it (tab issue). */
  MicrosoftAppId: z.string().optional(),
  MicrosoftAppTenantId: z.string().optional(),
  /**
   * The app registration the tab's SSO token is issued for (the manifest's webApplicationInfo.id,
   * AAD_APP_CLIENT_ID when packaging). Unset: the bot's MicrosoftAppId, one registration for both.
   */
  ENTRA_CLIENT_ID: z.string().min(1).optional(),
  /** The API's Application ID URI, api://<domain>/<client id>: v1 tokens carry it as audience. */
  ENTRA_APP_ID_URI: z
    .string()
    .regex(/^api:\/\/\S+$/, 'must be an Application ID URI such as api://disputes.example.gov.uk/<client id>')
    .optional(),
  /** Tenants whose people may sign in (comma-separated); default MicrosoftAppTenantId, else the directory's. */
  ALLOWED_TENANT_IDS: z.string().optional(),
  /**
   * Where Entra ID signs people in (no path): tokens' issuer host and the signing keys' address. A
   * sovereign cloud has its own (https://login.microsoftonline.us); tests point it at a local provider.
   */
  ENTRA_AUTHORITY_HOST: z
    .string()
    .optional()
    .transform((s) => (s?.trim() || 'https://login.microsoftonline.com').replace(/\/+$/, ''))
    .refine((s) => /^https?:\/\/[^/\s?#]+$/i.test(s), {
      message: 'must be an address with no path, e.g. https://login.microsoftonline.com',
    }),
  /**
   * The Teams app's id (the manifest's id; TEAMS_APP_ID when packaging): cards in Teams then link
   * into the app's tab (a Teams deep link) rather than to the web address.
   */
  TEAMS_APP_ID: z
    .string()
    .trim()
    .regex(
      /^(|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i,
      'must be the Teams app id (a GUID)',
    )
    .optional()
    // Empty is unset. Also what the activity feed's deep links name: unset, no activity feed.
    .transform((s) => s || undefined),
  /** The public base URL (also the bot's): its host gives the default Application ID URI. */
  APP_BASE_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Where notifications go: `teams` (cards in Teams, email where Teams cannot reach) or `log` (the
   * log only, ids and reasons: a training or test install that must not message real people).
   */
  DELIVERY: z.enum(['teams', 'log']).default('teams'),
  SWEEP_INTERVAL_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  OUTBOX_INTERVAL_SECONDS: z.coerce.number().min(1).max(3600).default(5),
  /** The people directory from Microsoft Graph (see integrations.ts): then the demo file is not used. */
  GRAPH_CLIENT_ID: z.string().optional(),
  DIRECTORY_SOURCE: z.string().optional(),
  /**
   * Which proxies' X-Forwarded-For / -Proto to believe (fastify's trustProxy): unset or `false`
   * believes none; `true` every hop (only behind an ingress that overwrites the headers); a number
   * of hops; or comma-separated addresses/CIDRs (e.g. the Azure ingress subnet).
   */
  TRUST_PROXY: z.string().optional(),
  /** Requests per minute on /api/* for one signed-in person, and for one address (0: no limit). */
  RATE_LIMIT_PER_PERSON: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(0).default(1200),
  /** Days a calendar feed link works after it was made; the person makes a new one after that. */
  CALENDAR_FEED_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /**
   * The council's retention schedule as JSON (docs/records-management.md), e.g.
   * {"yearsAfterClosure":7} or {"untilChildAge":25}, or {"councils":{"<tenant id>":{…}}}. Unset:
   * nothing is ever disposed of.
   */
  RETENTION_SCHEDULE: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return null;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON, e.g. {"yearsAfterClosure":7}' });
        return z.NEVER;
      }
      const parsed = parseRetentionConfig(json);
      if (!parsed.success) {
        for (const i of parsed.error.issues)
          ctx.addIssue({ code: 'custom', message: `${i.path.join('.') || '(schedule)'}: ${i.message}` });
        return z.NEVER;
      }
      return parsed.data as RetentionConfig;
    }),
  /** How often the disposal job runs, when a schedule is set. */
  // At most 24 days: a timer of more than 2^31 ms would fire at once.
  DISPOSAL_INTERVAL_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 24)
    .default(24),
  /**
   * The app's id in the council's Teams app catalog (Teams admin centre, Manage apps: "App ID";
   * not the manifest's id): CP Disputes adds itself to the chats of the Teams meetings it books.
   */
  TEAMS_CATALOG_APP_ID: z
    .string()
    .trim()
    .regex(/^(|[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12})$/i, 'must be the app catalog id, a GUID')
    .optional()
    // Empty is unset. Also used to install the app for a person the bot cannot reach yet; unset,
    // TEAMS_APP_ID is used for that (the same id when the app was not uploaded to the org catalog).
    .transform((s) => s || undefined),
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  store: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; migrationUrl?: string };
  /** COUNCILS_FILE: several councils; null for one (directoryFile, protocolFiles). */
  councilsFile: string | null;
  directoryFile: string | null;
  protocolFiles: string[];
  devAuth: boolean;
  /**
   * Entra sign-in for the API, when an app registration is configured. Empty allowedTenantIds
   * means the directory's tenant (known once the directory is loaded).
   */
  entra: {
    clientId: string;
    appIdUri: string | null;
    allowedTenantIds: string[];
    /** ENTRA_AUTHORITY_HOST: the issuer host and where the signing keys are, no trailing slash. */
    authorityHost: string;
  } | null;
  /** TEAMS_APP_ID: cards link into the Teams app when set; null keeps plain web links. */
  teamsAppId: string | null;
  testClock: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  delivery: 'teams' | 'log';
  sweepIntervalSeconds: number;
  outboxIntervalSeconds: number;
  /** fastify's trustProxy: false, true, a hop count, or addresses/CIDRs. */
  trustProxy: boolean | number | string[];
  /** Requests per minute (0: no limit). */
  rateLimit: { perPerson: number; perAddress: number };
  calendarFeedDays: number;
  /** Said at start-up at warn level: a development convenience is on where others can reach it. */
  warnings: string[];
  /** Retention schedules (one, or per council); null: nothing is ever disposed of. */
  retention: RetentionConfig | null;
  disposalIntervalHours: number;
  /** The Teams app's manifest id and catalog id (the activity feed, installing for a person). */
  teamsApp: { appId: string | null; catalogAppId: string | null };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const entraClientId = e.ENTRA_CLIENT_ID ?? e.MicrosoftAppId ?? '';
  const entraConfigured = Boolean(entraClientId);
  const host = e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1');
  const loopback = isLoopback(host);
  const refuse = (reason: string): never => {
    throw new ConfigError(reason);
  };
  if (production) {
    if (e.DEV_AUTH === 'on') refuse('DEV_AUTH=on is refused with NODE_ENV=production.');
    if (e.TEST_CLOCK === 'on') refuse('TEST_CLOCK=on is refused with NODE_ENV=production.');
    if (!entraConfigured)
      refuse(
        'NODE_ENV=production needs Entra sign-in: set ENTRA_CLIENT_ID (or MicrosoftAppId) and MicrosoftAppTenantId.',
      );
    if (!e.DATABASE_URL)
      refuse(
        'NODE_ENV=production needs DATABASE_URL: PGlite (the embedded store) never asks the disk to flush, so a power cut can lose committed work.',
      );
    if (!e.DIRECTORY_FILE && !(e.GRAPH_CLIENT_ID && e.DIRECTORY_SOURCE !== 'file'))
      refuse(
        "NODE_ENV=production refuses the demo directory: set DIRECTORY_FILE to the council's people, or use the Graph directory (GRAPH_CLIENT_ID).",
      );
    if (!e.APP_BASE_URL || !/^https:\/\//i.test(e.APP_BASE_URL))
      refuse(
        'NODE_ENV=production needs APP_BASE_URL to be the https:// public address (links in cards and calendar feeds carry it).',
      );
    if (!/^https:\/\//i.test(e.ENTRA_AUTHORITY_HOST))
      refuse(
        "NODE_ENV=production needs ENTRA_AUTHORITY_HOST to be an https:// address: signing keys fetched over plain HTTP could be anyone's.",
      );
    if (tenantList(e.ALLOWED_TENANT_IDS).includes('*'))
      refuse('ALLOWED_TENANT_IDS=* is refused with NODE_ENV=production: name the councils’ tenant ids.');
  } else if (!loopback && !entraConfigured && e.DEV_AUTH !== 'on')
    refuse(
      `HOST=${host} is not a loopback address and no sign-in is configured: set ENTRA_CLIENT_ID (or MicrosoftAppId), or DEV_AUTH=on for a training install where anyone who can reach the port may act as anyone.`,
    );
  // On loopback with no Entra settings the conveniences are on unless switched off; anywhere else
  // only when asked for by name.
  const byDefault = !production && loopback && !entraConfigured;
  const devAuth = !production && (e.DEV_AUTH === 'on' || (byDefault && e.DEV_AUTH === undefined));
  const testClock = !production && (e.TEST_CLOCK === 'on' || (byDefault && e.TEST_CLOCK === undefined));
  const warnings: string[] = [];
  if (!loopback && devAuth)
    warnings.push(
      `DEV_AUTH=on on ${host}: anyone who can reach port ${e.PORT} can sign in as anyone in the directory (X-Dev-User).`,
    );
  if (!loopback && testClock)
    warnings.push(
      `TEST_CLOCK=on on ${host}: anyone who can reach port ${e.PORT} can move the clock and fire every deadline.`,
    );
  if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL)
    throw new ConfigError('MIGRATION_DATABASE_URL is for PostgreSQL: set DATABASE_URL (the app role) too.');
  if (e.COUNCILS_FILE && (e.DIRECTORY_FILE || e.PROTOCOL_FILES))
    throw new ConfigError(
      "COUNCILS_FILE names each council's directory and protocol files: leave DIRECTORY_FILE and PROTOCOL_FILES unset.",
    );
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host,
    store: e.DATABASE_URL
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          ...(e.MIGRATION_DATABASE_URL ? { migrationUrl: e.MIGRATION_DATABASE_URL } : {}),
        }
      : { kind: 'pglite', dataDir: e.DATA_DIR },
    councilsFile: e.COUNCILS_FILE ?? null,
    directoryFile: e.DIRECTORY_FILE ?? null,
    protocolFiles: (e.PROTOCOL_FILES ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    devAuth,
    entra: entraConfigured
      ? {
          clientId: entraClientId,
          appIdUri: e.ENTRA_APP_ID_URI ?? defaultAppIdUri(e.APP_BASE_URL, entraClientId),
          allowedTenantIds: tenantList(e.ALLOWED_TENANT_IDS ?? e.MicrosoftAppTenantId),
          authorityHost: e.ENTRA_AUTHORITY_HOST,
        }
      : null,
    teamsAppId: e.TEAMS_APP_ID ?? null,
    testClock,
    logLevel: e.LOG_LEVEL,
    delivery: e.DELIVERY,
    sweepIntervalSeconds: e.SWEEP_INTERVAL_SECONDS,
    outboxIntervalSeconds: e.OUTBOX_INTERVAL_SECONDS,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    rateLimit: { perPerson: e.RATE_LIMIT_PER_PERSON, perAddress: e.RATE_LIMIT_PER_ADDRESS },
    calendarFeedDays: e.CALENDAR_FEED_DAYS,
    warnings,
    retention: e.RETENTION_SCHEDULE,
    disposalIntervalHours: e.DISPOSAL_INTERVAL_HOURS,
    teamsApp: {
      appId: e.TEAMS_APP_ID ?? null,
      catalogAppId: e.TEAMS_CATALOG_APP_ID ?? e.TEAMS_APP_ID ?? null,
    },
  };
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

function tenantList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of list)
    if (isIP(entry.split('/')[0] ?? '') === 0)
      throw new ConfigError(
        `TRUST_PROXY: "${entry}" is not an address or CIDR (use false, true, a hop count, or addresses).`,
      );
  return list;
}

/** api://<host of APP_BASE_URL>/<client id>, as the app package writes webApplicationInfo.resource. */
function defaultAppIdUri(baseUrl: string | undefined, clientId: string): string | null {
  if (!baseUrl) return null;
  try {
    return `api://${new URL(baseUrl).host.toLowerCase()}/${clientId}`;
  } catch {
    return null;
  }
}
