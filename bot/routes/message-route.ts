// Chat commands: raise, mine, open <reference>, help. In a group chat or channel the bot answers
// without showing any case details there.
import { TurnContext } from 'botbuilder';
import type { BotDeps } from '../bot-context.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import { AppError } from '../../src/app/app-error.ts';
import { PersonDisputes } from '../../src/app/person-disputes.ts';
import { cardAttachment, rememberConversation } from './installation-route.ts';

export async function onMessage(deps: BotDeps, context: TurnContext, person: Person | null) {
  const a = context.activity;
  if (!person) {
    await context.sendActivity({
      attachments: [
        cardAttachment(
          deps.cards.message({
            title: 'You are not in the directory',
            text: "CP Disputes could not find you in the council's directory, so it cannot show or change anything. Please ask your administrator to add you.",
            tone: 'warning',
          }),
        ),
      ],
    });
    return;
  }
  await rememberConversation(deps, context, person);
  const text = (TurnContext.removeRecipientMention(a) ?? a.text ?? '').trim();
  const [word = '', ...rest] = text.split(/\s+/);
  const command = word.toLowerCase();
  const personal = (a.conversation.conversationType ?? 'personal') === 'personal';

  if (!personal && ['raise', 'mine', 'open'].includes(command)) {
    await context.sendActivity(
      'Case details stay out of shared chats. Open your 1:1 chat with CP Disputes to raise or see disputes.',
    );
    return;
  }
  switch (command) {
    case 'raise':
      await send(context, await deps.cards.raiseForm(person, {}));
      return;
    case 'mine':
      await send(context, await deps.cards.list(person));
      return;
    case 'open': {
      const reference = rest.join(' ').trim();
      if (!reference) {
        await send(
          context,
          deps.cards.message({
            title: 'Which dispute?',
            text: 'Type open and the reference, for example: open CPD-7K3QX2',
            tone: 'info',
          }),
        );
        return;
      }
      try {
        const id = await new PersonDisputes(deps.services, person).findByReference(reference);
        const { card, view } = await deps.cards.disputeCard(person, id, { what: 'card:open' });
        const sent = await context.sendActivity({ attachments: [cardAttachment(card)] });
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
        await send(
          context,
          deps.cards.message({
            title: 'Not available',
            text: `There is no dispute ${reference} that you can see.`,
            tone: 'warning',
          }),
        );
      }
      return;
    }
    default:
      await send(context, deps.cards.help());
  }
}

async function send(context: TurnContext, card: object) {
  await context.sendActivity({ attachments: [cardAttachment(card)] });
}
