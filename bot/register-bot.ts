// Puts the bot in the app's HTTP server and returns its delivery adapter for the outbox.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppServices } from '../src/app/app-services.ts';
import type { Delivery } from '../src/app/ports/delivery.ts';
import { createBotAdapter } from './bot-adapter.ts';
import { loadBotConfig, type BotConfig } from './bot-config.ts';
import type { BotDeps } from './bot-context.ts';
import { createCardViews } from './card-views.ts';
import { createSqlConversationStore } from './conversation-store.ts';
import { registerMessagesEndpoint } from './messages-endpoint.ts';
import { createBotLogic } from './teams-bot.ts';
import { createTeamsDelivery } from './teams-delivery.ts';
import { withEmailFallback } from './email-fallback-delivery.ts';
import type { Mailer } from '../src/app/ports/mailer.ts';

export interface RegisteredBot {
  config: BotConfig;
  delivery: Delivery;
  deps: BotDeps;
}

export function registerBot(
  app: FastifyInstance,
  services: AppServices,
  env: Record<string, string | undefined>,
  directoryTenantId: string,
  logger: Logger,
  options: { mailer?: Mailer | null } = {},
): RegisteredBot {
  const config = loadBotConfig(env, directoryTenantId);
  const adapter = createBotAdapter(config, logger);
  const conversations = createSqlConversationStore(services.db);
  const deps: BotDeps = {
    services,
    config,
    adapter,
    conversations,
    cards: createCardViews(services, config, conversations),
    logger,
  };
  registerMessagesEndpoint(app, adapter, config, createBotLogic(deps));
  const teams = createTeamsDelivery(deps);
  return { config, delivery: options.mailer ? withEmailFallback(teams, deps, options.mailer) : teams, deps };
}
