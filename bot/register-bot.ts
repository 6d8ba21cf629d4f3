// Puts the bot in the app's HTTP server and returns its delivery adapter for the outbox. The bot's
// working parts (bot-runtime.ts, with botbuilder) are loaded once, when first needed: on the first
// activity at /api/messages or the first message to deliver.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppServices } from '../src/app/app-services.ts';
import type { TeamsAppInstaller } from '../src/app/ports/activity-feed.ts';
import type { Delivery } from '../src/app/ports/delivery.ts';
import type { Mailer } from '../src/app/ports/mailer.ts';
import { loadBotConfig, type BotConfig } from './bot-config.ts';
import type { BotRuntime } from './bot-runtime.ts';
import { registerMessagesEndpoint } from './messages-endpoint.ts';
import type { Wording } from './wording/wording.ts';

export interface RegisteredBot {
  config: BotConfig;
  delivery: Delivery;
  /** The bot's working parts, loaded on first call (the same promise after). */
  runtime(): Promise<BotRuntime>;
}

export function registerBot(
  app: FastifyInstance,
  services: AppServices,
  env: Record<string, string | undefined>,
  directoryTenantId: string,
  logger: Logger,
  options: {
    mailer?: Mailer | null;
    appInstaller?: TeamsAppInstaller | null;
    /** Several councils: words that follow the council in hand, over the deployment's. */
    wordingFor?: (deployment: Wording) => Wording;
  } = {},
): RegisteredBot {
  // Settings are checked at start, so a wrong MicrosoftAppId stops the server rather than the
  // first message.
  const loaded = loadBotConfig(env, directoryTenantId);
  const config: BotConfig = options.wordingFor
    ? { ...loaded, wording: options.wordingFor(loaded.wording) }
    : loaded;
  let loading: Promise<BotRuntime> | undefined;
  const runtime = () =>
    (loading ??= import('./bot-runtime.ts').then(({ createBotRuntime }) =>
      createBotRuntime(services, config, logger, options.mailer, options.appInstaller ?? null),
    ));
  registerMessagesEndpoint(app, config, runtime);
  const delivery: Delivery = {
    kind: options.mailer ? 'teams+email' : 'teams',
    deliver: async (row) => (await runtime()).delivery.deliver(row),
  };
  return { config, delivery, runtime };
}
