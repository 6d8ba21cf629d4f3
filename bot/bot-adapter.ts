// botbuilder's CloudAdapter, configured from the bot's settings. Nothing outside bot/ imports
// botbuilder.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { BotConfig } from './bot-config.ts';

export function createBotAdapter(config: BotConfig, logger: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication(config.botFrameworkEnv);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Ids only: an activity may carry a child's details in its text or card values.
    logger.error(
      {
        err: { type: error.name, stack: error.stack },
        activityType: context.activity.type,
        activityName: context.activity.name,
      },
      'bot turn failed',
    );
    if (context.activity.type === 'message')
      await context.sendActivity(
        'Sorry, something went wrong on our side. Nothing was changed; please try again.',
      );
  };
  return adapter;
}
