// Configuration from the environment, validated at start. Missing Microsoft credentials select
// the embedded defaults (dev sign-in, file directory) and the start-up log says so; production
// refuses the development conveniences outright.
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
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  store: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };
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
  /** Retention schedules (one, or per council); null: nothing is ever disposed of. */
  retention: RetentionConfig | null;
  disposalIntervalHours: number;
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
  const devAuth = !production && (e.DEV_AUTH === 'on' || (e.DEV_AUTH === undefined && !entraConfigured));
  const testClock = !production && e.TEST_CLOCK !== 'off';
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    store: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: e.DATA_DIR },
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
    retention: e.RETENTION_SCHEDULE,
    disposalIntervalHours: e.DISPOSAL_INTERVAL_HOURS,
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
