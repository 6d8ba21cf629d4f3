// Chat commands: raise, mine, open <reference>, help. In a group chat or channel the bot answers
// without showing any case details there.
import { TurnContext } from 'botbuilder';
import type { BotDeps } from '../bot-context.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import { AppError } from '../../src/app/app-error.ts';
import { PersonDisputes } from '../../src/app/person-disputes.ts';
import { rememberConversation } from './installation-route.ts';
import { cardActivity } from '../card-activity.ts';
import { summaryFor } from '../wording/notification-words.ts';

export async function onMessage(deps: BotDeps, context: TurnContext, person: Person | null) {
  const a = context.activity;
  const words = deps.config.wording;
  const send = async (card: object, summary: string) => {
    await context.sendActivity(cardActivity(card, summary, words));
  };
  if (!person) {
    const title = words.text('chat.not-in-directory.title');
    await send(
      deps.cards.message({ title, text: words.text('chat.not-in-directory.text'), tone: 'warning' }),
      title,
    );
    return;
  }
  await rememberConversation(deps, context, person);
  const text = (TurnContext.removeRecipientMention(a) ?? a.text ?? '').trim();
  const [word = '', ...rest] = text.split(/\s+/);
  const command = word.toLowerCase();
  const personal = (a.conversation.conversationType ?? 'personal') === 'personal';

  if (!personal && ['raise', 'mine', 'open'].includes(command)) {
    await context.sendActivity(words.text('chat.shared-chat'));
    return;
  }
  switch (command) {
    case 'raise':
      await send(await deps.cards.raiseForm(person, {}), words.text('raise.summary'));
      return;
    case 'mine':
      await send(await deps.cards.list(person), words.text('list.title'));
      return;
    case 'open': {
      const reference = rest.join(' ').trim();
      if (!reference) {
        const title = words.text('chat.which-dispute.title');
        await send(
          deps.cards.message({ title, text: words.text('chat.which-dispute.text'), tone: 'info' }),
          title,
        );
        return;
      }
      try {
        const id = await new PersonDisputes(deps.services, person).findByReference(reference);
        const { card, view } = await deps.cards.disputeCard(person, id, { what: 'card:open' });
        const sent = await context.sendActivity(cardActivity(card, summaryFor(words, 'opened', view), words));
        if (sent?.id)
          await deps.conversations.recordPostedCard({
            disputeId: id,
            personId: person.id,
            conversationId: a.conversation.id,
            activityId: sent.id,
            version: view.version,
          });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        const title = words.text('chat.not-available.title');
        await send(
          deps.cards.message({
            title,
            text: words.text('chat.not-available.text', { reference }),
            tone: 'warning',
          }),
          title,
        );
      }
      return;
    }
    default:
      await send(deps.cards.help(), words.text('help.summary'));
  }
}
