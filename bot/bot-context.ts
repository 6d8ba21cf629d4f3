// What the bot's routes share: the app's services, the bot's settings, where people can be
// reached, and the card views.
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { AppServices } from '../src/app/app-services.ts';
import type { TeamsAppInstaller } from '../src/app/ports/activity-feed.ts';
import type { ConversationStore } from '../src/app/ports/conversation-store.ts';
import type { BotConfig } from './bot-config.ts';
import type { CardViews } from './card-views.ts';

/** The conversation references the bot keeps, as botbuilder gives them. */
export type BotConversations = ConversationStore<Partial<ConversationReference>>;

export interface BotDeps {
  services: AppServices;
  config: BotConfig;
  adapter: CloudAdapter;
  conversations: BotConversations;
  cards: CardViews;
  logger: Logger;
  /** Installs the app for a person the bot cannot reach yet (Graph); absent: email instead. */
  appInstaller?: TeamsAppInstaller | null;
}
