// The bot's front door: checks the channel and the tenant, finds the person, and hands each
// activity kind to its route.
import { performance } from 'node:perf_hooks';
import type { TurnContext } from 'botbuilder';
import type { Person } from '../src/app/ports/directory.ts';
import type { BotDeps } from './bot-context.ts';
import { onCardAction, type InvokeResponse } from './routes/card-action-route.ts';
import { onInstallation } from './routes/installation-route.ts';
import { onMessage } from './routes/message-route.ts';
import { onSearch } from './routes/search-route.ts';
import { onMessageExtensionQuery } from './routes/message-extension-query-route.ts';
import { onLinkUnfurl } from './routes/link-unfurl-route.ts';

/** Teams, and Outlook for actionable messages. */
const acceptedChannels = ['msteams', 'outlook'];

export function tenantOf(context: TurnContext): string | undefined {
  const a = context.activity;
  return a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
}

export function createBotLogic(deps: BotDeps) {
  return async (context: TurnContext): Promise<void> => {
    const a = context.activity;
    const invoke = a.type === 'invoke';
    const refuse = async (status: number, message: string) => {
      deps.logger.warn({ channelId: a.channelId, activityType: a.type, status }, 'activity refused');
      if (invoke)
        await reply(context, {
          status,
          body: {
            statusCode: status,
            type: 'application/vnd.microsoft.error',
            value: { code: 'Refused', message },
          },
        });
    };
    if (!acceptedChannels.includes(a.channelId))
      return refuse(403, 'This bot works in Microsoft Teams and Outlook only.');
    const tenantId = tenantOf(context);
    if (!tenantId || !deps.config.allowedTenantIds.includes(tenantId))
      return refuse(403, "This bot serves its council's own tenant only.");
    const aad = a.from?.aadObjectId;
    const person: Person | null = aad ? await deps.services.directory.byAadObjectId(tenantId, aad) : null;

    switch (a.type) {
      case 'message':
        return onMessage(deps, context, person);
      case 'installationUpdate':
      case 'conversationUpdate':
        return onInstallation(deps, context, person);
      case 'invoke':
        if (a.name === 'adaptiveCard/action') {
          const started = performance.now();
          let status = 500;
          try {
            const response = await onCardAction(deps, context, person);
            status = response.status;
            return await reply(context, response);
          } finally {
            deps.services.metrics?.cardActionDuration(performance.now() - started, status);
          }
        }
        if (a.name === 'application/search') return reply(context, await onSearch(deps, context, person));
        if (a.name === 'composeExtension/query')
          return reply(context, await onMessageExtensionQuery(deps, context, person));
        if (a.name === 'composeExtension/queryLink')
          return reply(context, await onLinkUnfurl(deps, context, person));
        return reply(context, {
          status: 501,
          body: { message: `The invoke ${a.name ?? ''} is not handled.` },
        });
      default:
        return;
    }
  };
}

async function reply(context: TurnContext, response: InvokeResponse) {
  await context.sendActivity({ type: 'invokeResponse', value: response });
}
