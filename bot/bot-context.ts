// What the bot's routes share: the app's services, the bot's settings, where people can be
// reached, and the card views.
import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import type { AppServices } from '../src/app/app-services.ts';
import type { BotConfig } from './bot-config.ts';
import type { CardViews } from './card-views.ts';
import type { ConversationStore } from './conversation-store.ts';

export interface BotDeps {
  services: AppServices;
  config: BotConfig;
  adapter: CloudAdapter;
  conversations: ConversationStore;
  cards: CardViews;
  logger: Logger;
}
