// The bot's settings, validated at start. Without an app id botbuilder switches authentication
// off: that is allowed only in development, and only for requests from this machine.
import { z } from 'zod';
import { loadWordingFile, WordingFileError } from './wording/load-wording-file.ts';
import { defaultWording, type Wording } from './wording/wording.ts';

const csv = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

export const BotEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppTenantId: z.string().optional(),
  MicrosoftAppType: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
  CertificateThumbprint: z.string().optional(),
  CertificatePrivateKey: z.string().optional(),
  /** Tenants whose people may use the bot; defaults to the directory's tenant. */
  ALLOWED_TENANT_IDS: csv,
  /** Where to create a 1:1 conversation when none was stored yet (the Teams Bot Connector). */
  BOT_SERVICE_URL: z.url().default('https://smba.trafficmanager.net/teams/'),
  /** The Teams app's id (the manifest's id): cards in Teams link into its tab (cards/dispute-links.ts). */
  TEAMS_APP_ID: z.string().optional(),
  APP_BASE_URL: z.url().default('http://127.0.0.1:3978'),
  /** The provider id registered for Outlook actionable messages (the card's `originator`). */
  ACTIONABLE_ORIGINATOR: z.string().optional(),
  /** The council's own words for cards, toasts and emails (bot/wording/load-wording-file.ts). */
  WORDING_FILE: z.string().min(1).optional(),
});

export interface BotConfig {
  appId: string;
  authentication: 'off-dev-loopback' | 'on';
  botFrameworkEnv: Record<string, string>;
  allowedTenantIds: string[];
  serviceUrl: string;
  /** TEAMS_APP_ID, or null: cards keep plain web links. */
  teamsAppId: string | null;
  appBaseUrl: string;
  actionableOriginator: string | null;
  /** Every sentence the bot says: the defaults, with WORDING_FILE's texts over them. */
  wording: Wording;
}

export class BotConfigError extends Error {
  override name = 'BotConfigError';
}

export function loadBotConfig(env: Record<string, string | undefined>, directoryTenantId: string): BotConfig {
  const parsed = BotEnvSchema.safeParse(env);
  if (!parsed.success)
    throw new BotConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const e = parsed.data;
  if (!e.MicrosoftAppId && e.NODE_ENV === 'production')
    throw new BotConfigError(
      'MicrosoftAppId is required with NODE_ENV=production: the bot will not run unauthenticated.',
    );
  if (
    e.MicrosoftAppId &&
    !e.MicrosoftAppPassword &&
    !(e.CertificateThumbprint && e.CertificatePrivateKey) &&
    e.MicrosoftAppType !== 'UserAssignedMSI'
  )
    throw new BotConfigError(
      'Set MicrosoftAppPassword, or CertificateThumbprint and CertificatePrivateKey, for MicrosoftAppId.',
    );
  if (e.MicrosoftAppId && e.MicrosoftAppType === 'SingleTenant' && !e.MicrosoftAppTenantId)
    throw new BotConfigError('MicrosoftAppTenantId is required for a SingleTenant bot.');
  // With no app id botbuilder runs unauthenticated; it only accepts that for the MultiTenant type.
  const botFrameworkEnv: Record<string, string> = e.MicrosoftAppId
    ? { MicrosoftAppId: e.MicrosoftAppId, MicrosoftAppType: e.MicrosoftAppType }
    : { MicrosoftAppId: '', MicrosoftAppType: 'MultiTenant' };
  if (e.MicrosoftAppPassword) botFrameworkEnv.MicrosoftAppPassword = e.MicrosoftAppPassword;
  if (e.MicrosoftAppTenantId) botFrameworkEnv.MicrosoftAppTenantId = e.MicrosoftAppTenantId;
  if (e.CertificateThumbprint) botFrameworkEnv.CertificateThumbprint = e.CertificateThumbprint;
  if (e.CertificatePrivateKey) botFrameworkEnv.CertificatePrivateKey = e.CertificatePrivateKey;
  return {
    appId: e.MicrosoftAppId,
    authentication: e.MicrosoftAppId ? 'on' : 'off-dev-loopback',
    botFrameworkEnv,
    allowedTenantIds: e.ALLOWED_TENANT_IDS.length ? e.ALLOWED_TENANT_IDS : [directoryTenantId],
    serviceUrl: e.BOT_SERVICE_URL,
    teamsAppId: e.TEAMS_APP_ID?.trim() || null,
    appBaseUrl: e.APP_BASE_URL.replace(/\/$/, ''),
    actionableOriginator: e.ACTIONABLE_ORIGINATOR ?? null,
    wording: e.WORDING_FILE ? wordingOf(e.WORDING_FILE) : defaultWording,
  };
}

/** A wording file that names an unknown key or parameter stops the start, saying which. */
function wordingOf(path: string): Wording {
  try {
    return loadWordingFile(path);
  } catch (e) {
    if (e instanceof WordingFileError) throw new BotConfigError(e.message);
    throw e;
  }
}
