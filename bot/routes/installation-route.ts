// Installation and membership updates: remember how to reach each person proactively.
import { TurnContext } from 'botbuilder';
import type { BotDeps } from '../bot-context.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import { cardActivity } from '../card-activity.ts';

export async function rememberConversation(deps: BotDeps, context: TurnContext, person: Person) {
  // Only 1:1 conversations carry a person's own cards; group chats never get case details.
  if (
    context.activity.conversation?.conversationType &&
    context.activity.conversation.conversationType !== 'personal'
  )
    return;
  await deps.conversations.saveReference(
    person.id,
    person.tenantId,
    TurnContext.getConversationReference(context.activity),
  );
}

export async function onInstallation(deps: BotDeps, context: TurnContext, person: Person | null) {
  const a = context.activity;
  if (!person) return;
  await rememberConversation(deps, context, person);
  // Installing the app for a person brings both an installationUpdate (add) and a
  // conversationUpdate with the bot among membersAdded: greet once, on the installation.
  const added = a.type === 'installationUpdate' && a.action === 'add';
  if (added && (a.conversation.conversationType ?? 'personal') === 'personal')
    await context.sendActivity(
      cardActivity(deps.cards.help(), deps.config.wording.text('help.summary'), deps.config.wording),
    );
}

export function cardAttachment(card: object) {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
}
