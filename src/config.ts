// Configuration from the environment, validated at start. Missing Microsoft credentials select
// the embedded defaults (dev sign-in, file directory) and the start-up log says so; production
// refuses the development conveniences outright.
import { z } from 'zod';

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
  entra: { clientId: string; appIdUri: string | null; allowedTenantIds: string[] } | null;
  testClock: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  delivery: 'teams' | 'log';
  sweepIntervalSeconds: number;
  outboxIntervalSeconds: number;
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
  if (production && e.DEV_AUTH === 'on')
    throw new ConfigError('DEV_AUTH=on is refused with NODE_ENV=production.');
  if (production && e.TEST_CLOCK === 'on')
    throw new ConfigError('TEST_CLOCK=on is refused with NODE_ENV=production.');
  if (production && !entraConfigured)
    throw new ConfigError(
      'NODE_ENV=production needs Entra sign-in: set ENTRA_CLIENT_ID (or MicrosoftAppId) and MicrosoftAppTenantId.',
    );
  if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL)
    throw new ConfigError('MIGRATION_DATABASE_URL is for PostgreSQL: set DATABASE_URL (the app role) too.');
  if (e.COUNCILS_FILE && (e.DIRECTORY_FILE || e.PROTOCOL_FILES))
    throw new ConfigError(
      "COUNCILS_FILE names each council's directory and protocol files: leave DIRECTORY_FILE and PROTOCOL_FILES unset.",
    );
  const devAuth = !production && (e.DEV_AUTH === 'on' || (e.DEV_AUTH === undefined && !entraConfigured));
  const testClock = !production && e.TEST_CLOCK !== 'off';
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
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
          allowedTenantIds: (e.ALLOWED_TENANT_IDS ?? e.MicrosoftAppTenantId ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        }
      : null,
    testClock,
    logLevel: e.LOG_LEVEL,
    delivery: e.DELIVERY,
    sweepIntervalSeconds: e.SWEEP_INTERVAL_SECONDS,
    outboxIntervalSeconds: e.OUTBOX_INTERVAL_SECONDS,
  };
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
