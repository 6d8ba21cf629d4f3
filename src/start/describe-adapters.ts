// What a start chose, logged once as 'adapters chosen': where the data is, how people sign in, how
// they are told, and what is left at its shipped default.
import type { Councils } from '../app/councils.ts';
import type { TestClock } from '../app/ports/clock.ts';
import type { AppConfig } from '../config.ts';
import type { LegalPages } from '../http/legal-pages.ts';
import type { Integrations } from '../integrations.ts';
import type { BotConfig } from '../../bot/bot-config.ts';
import { STATISTICS_CHECK_SECONDS } from './background-work.ts';

export interface StartChoices {
  config: AppConfig;
  councils: Councils;
  integrations: Integrations;
  migratedAs: 'owner role' | 'one role';
  rowSecurity: string;
  keepsStatistics: boolean;
  testClock: TestClock | undefined;
  deliveryKind: string;
  bot: BotConfig;
  legalPages: LegalPages;
  /** The activity feed and installing the app for people (src/start/wire-teams-reach.ts). */
  teamsReach?: { activityFeed: string; installForPeople: string };
}

export function describeAdapters(c: StartChoices): Record<string, unknown> {
  const { config, councils, integrations, legalPages } = c;
  return {
    store: config.store.kind === 'postgres' ? 'postgres (DATABASE_URL)' : `pglite (${config.store.dataDir})`,
    migrations: c.migratedAs === 'owner role' ? 'owner role (MIGRATION_DATABASE_URL)' : 'the app role',
    councils: councils.all.map((council) => council.id),
    rowLevelSecurity: c.rowSecurity,
    directory: integrations.graph
      ? integrations.describe.directory
      : config.directoryFile
        ? 'file (DIRECTORY_FILE)'
        : 'file (built-in demo directory)',
    meetings: integrations.describe.meetings,
    mail: integrations.describe.mail,
    ...(integrations.describe.meetingChat ? { meetingChat: integrations.describe.meetingChat } : {}),
    signIn: config.devAuth
      ? 'dev: X-Dev-User header (no Entra configuration)'
      : `entra: tokens for ${config.entra?.appIdUri ?? config.entra?.clientId} with scope access_as_user`,
    plannerStatistics: c.keepsStatistics
      ? `kept by the app (ANALYZE every ${STATISTICS_CHECK_SECONDS} s where due: ${config.store.kind === 'postgres' ? 'autovacuum is off' : 'PGlite has no autovacuum'})`
      : 'kept by autovacuum',
    testClock: Boolean(c.testClock),
    delivery: c.deliveryKind,
    bot:
      c.bot.authentication === 'on'
        ? 'Bot Framework authentication on'
        : 'no MicrosoftAppId: unauthenticated, loopback callers only (development)',
    allowedTenants: c.bot.allowedTenantIds.length,
    protocols: councils.all[0]!.services.protocols.all().map((e) => e.protocol.id),
    legalPages: {
      publisher: legalPages.publisherConfigured ? 'PUBLISHER_NAME' : 'not set',
      privacy: legalPages.privacy.shippedDefault ? 'shipped default' : 'PRIVACY_NOTICE_FILE',
      terms: legalPages.terms.shippedDefault ? 'shipped default' : 'TERMS_OF_USE_FILE',
    },
    activityFeed: c.teamsReach?.activityFeed ?? 'off',
    installForPeople: c.teamsReach?.installForPeople ?? 'off',
    retention: councils.all.some((council) => council.services.retention)
      ? 'schedule set: disposal job on'
      : 'no schedule: nothing is disposed of',
  };
}
