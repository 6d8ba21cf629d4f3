// The bot's working parts: botbuilder's adapter, the turn logic, the card views and the Teams
// delivery (with email where Teams cannot reach). botbuilder and the card templating are heavy
// (together about 45 MB of a server's memory), so register-bot.ts loads this module on the first
// bot activity or the first message to deliver, not at start: a server that is only serving the
// tab and the API, or is idle, does not hold them.
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { AppServices } from '../src/app/app-services.ts';
import type { TeamsAppInstaller } from '../src/app/ports/activity-feed.ts';
import type { Delivery } from '../src/app/ports/delivery.ts';
import type { Mailer } from '../src/app/ports/mailer.ts';
import { createSqlConversationStore } from '../src/adapters/sql/sql-conversation-store.ts';
import { createBotAdapter } from './bot-adapter.ts';
import type { BotConfig } from './bot-config.ts';
import type { BotDeps } from './bot-context.ts';
import { createCardViews } from './card-views.ts';
import { withKnownTeamsUsers } from './known-teams-users.ts';
import { withEmailFallback } from './email-fallback-delivery.ts';
import { createBotLogic } from './teams-bot.ts';
import { createTeamsDelivery } from './teams-delivery.ts';

export interface BotRuntime {
  adapter: CloudAdapter;
  logic: (context: TurnContext) => Promise<void>;
  delivery: Delivery;
  deps: BotDeps;
}

export function createBotRuntime(
  services: AppServices,
  config: BotConfig,
  logger: Logger,
  mailer: Mailer | null | undefined,
  appInstaller: TeamsAppInstaller | null = null,
): BotRuntime {
  const adapter = createBotAdapter(config, logger);
  const conversations: BotDeps['conversations'] = withKnownTeamsUsers(
    createSqlConversationStore(services.db),
  );
  const deps: BotDeps = {
    services,
    config,
    adapter,
    conversations,
    cards: createCardViews(services, config, conversations),
    logger,
    appInstaller,
  };
  const teams = createTeamsDelivery(deps);
  return {
    adapter,
    logic: createBotLogic(deps),
    delivery: mailer ? withEmailFallback(teams, deps, mailer) : teams,
    deps,
  };
}
