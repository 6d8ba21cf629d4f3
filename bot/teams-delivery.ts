// Delivers outbox rows as Teams cards: the recipient's own view of the dispute, posted in their
// 1:1 chat with the bot (a stored conversation reference, or a new 1:1 conversation where the bot
// is installed for them), then every other copy of the dispute's card updated in place.
import { TurnContext, type ConversationReference } from 'botbuilder';
import { AppError } from '../src/app/app-error.ts';
import { DeliveryError, type Delivery } from '../src/app/ports/delivery.ts';
import type { Person } from '../src/app/ports/directory.ts';
import type { OutboxRow } from '../src/app/ports/outbox.ts';
import type { BotDeps } from './bot-context.ts';
import { cardActivity } from './card-activity.ts';
import { noticeFor, summaryFor } from './wording/notification-words.ts';

/** The Bot Connector's audience for tokens the bot sends with (public cloud). */
const botConnectorAudience = 'https://api.botframework.com';

export function createTeamsDelivery(deps: BotDeps): Delivery {
  return {
    kind: 'teams',
    async deliver(row: OutboxRow) {
      const person = await deps.services.directory.byId(row.recipientId);
      if (!person)
        throw new DeliveryError('the recipient is no longer in the directory', { permanent: true });
      if (person.mailbox)
        throw new DeliveryError('a shared mailbox has no Teams chat: email is needed', { permanent: true });
      // Where it would go, before the card is built: a card that cannot be sent is not rendered,
      // and its reading is not put on the dispute's audit as delivered.
      const chat = await chatWith(deps, person);
      let card: object;
      let version: number;
      let summary: string;
      try {
        let view;
        ({ card, view } = await deps.cards.disputeCard(person, row.disputeId, {
          what: 'card:delivered',
          notice: noticeFor(deps.config.wording, row.reason),
        }));
        version = view.version;
        summary = summaryFor(deps.config.wording, row.reason, view);
      } catch (e) {
        if (e instanceof AppError)
          throw new DeliveryError(`the card cannot be shown to the recipient: ${e.message}`, {
            permanent: true,
          });
        throw e;
      }
      const posted = await postToPerson(deps, person, chat, cardActivity(card, summary, deps.config.wording));
      await deps.conversations.recordPostedCard({
        disputeId: row.disputeId,
        personId: person.id,
        ...posted,
        version,
      });
      await refreshCopies(deps, row.disputeId, version);
    },
  };
}

/** The person's stored 1:1 conversation, or the service where a new one can be started. */
type Chat = { reference: Partial<ConversationReference> } | { startAt: string };

async function chatWith(deps: BotDeps, person: Person): Promise<Chat> {
  const { config, conversations } = deps;
  const reference = await conversations.referenceFor(person.id);
  if (reference) return { reference };
  // No stored conversation: create the 1:1 (works where the app is installed for the person).
  const knownServiceUrl = await conversations.serviceUrlFor(person.tenantId);
  // Without credentials (development) there is no real Teams to reach: only a local one
  // (the Agents Playground) that someone in the tenant has already talked to.
  if (!knownServiceUrl && config.authentication === 'off-dev-loopback')
    throw new DeliveryError(
      'no Teams chat with this person yet (development: they need to message the bot first)',
      { permanent: true },
    );
  return { startAt: knownServiceUrl ?? config.serviceUrl };
}

async function postToPerson(
  deps: BotDeps,
  person: Person,
  chat: Chat,
  activity: ReturnType<typeof cardActivity>,
): Promise<{ conversationId: string; activityId: string }> {
  const { adapter, config, conversations } = deps;
  let result: { conversationId: string; activityId: string } | undefined;
  const send = async (context: TurnContext) => {
    const sent = await context.sendActivity(activity);
    result = { conversationId: context.activity.conversation.id, activityId: sent?.id ?? '' };
  };
  const reference = 'reference' in chat ? chat.reference : null;
  try {
    if (reference) await adapter.continueConversationAsync(config.appId, reference, send);
    else {
      const serviceUrl = 'startAt' in chat ? chat.startAt : config.serviceUrl;
      const create = () =>
        adapter.createConversationAsync(
          config.appId,
          'msteams',
          serviceUrl,
          botConnectorAudience,
          {
            isGroup: false,
            bot: { id: config.appId, name: 'CP Disputes' },
            members: [{ id: person.aadObjectId, name: person.name }],
            tenantId: person.tenantId,
            channelData: { tenant: { id: person.tenantId } },
            activity: undefined as never,
          },
          async (context) => {
            await conversations.saveReference(
              person.id,
              person.tenantId,
              TurnContext.getConversationReference(context.activity),
            );
            await send(context);
          },
        );
      await createInstallingIfNeeded(deps, person, create);
    }
  } catch (e) {
    if (e instanceof DeliveryError) throw e;
    throw asDeliveryError(e, reference ? 'posting to their Teams chat' : 'starting a Teams chat with them');
  }
  if (!result?.activityId) throw new DeliveryError('Teams accepted the card but returned no activity id');
  return result;
}

/**
 * Starts the 1:1 chat; where Teams answers that the app is not installed for the person (403/404),
 * installs it for them through Graph (when configured) and starts the chat again. Issue 16: a
 * respondent who never opened the app still gets the card in Teams, not only an email. A failed
 * installation is permanent for this row, so the email fallback takes over.
 */
async function createInstallingIfNeeded(deps: BotDeps, person: Person, create: () => Promise<void>) {
  try {
    await create();
    return;
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    if (!deps.appInstaller || (status !== 403 && status !== 404)) throw e;
  }
  const installed = await deps.appInstaller.installFor(person.aadObjectId);
  deps.logger.info(
    { personId: person.id, installed },
    'CP Disputes installed in Teams for a person the bot could not reach',
  );
  try {
    await create();
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    // Teams may take a moment to add the bot after a new installation: try again later. Where the
    // app was already there, waiting will not help: the email fallback takes over.
    if ((status === 403 || status === 404) && installed === 'installed')
      throw new DeliveryError(
        `CP Disputes was installed for them in Teams, but Teams answered ${status} when starting the chat; it will be tried again`,
        { retryAfterSeconds: 60 },
      );
    if (status === 403 || status === 404)
      throw new DeliveryError(
        `Teams answered ${status} when starting a chat with them, though CP Disputes is installed for them`,
        { permanent: true },
      );
    throw e;
  }
}

/**
 * The card-refresh job of a dispute version: every copy of the dispute's card still showing an
 * earlier version is updated to its owner's current view, once. Each delivery of the version asks;
 * the first claims the copies (one statement) and the rest find none left. Best effort: a copy that
 * cannot be updated is refreshed when its owner next opens it (the card's refresh action).
 */
async function refreshCopies(deps: BotDeps, disputeId: string, version: number) {
  const copies = await deps.conversations.claimCardsBehind(disputeId, version);
  for (const copy of copies) {
    try {
      const person = await deps.services.directory.byId(copy.personId);
      const reference = person && (await deps.conversations.referenceFor(person.id));
      if (!person || !reference) continue;
      const { card, view } = await deps.cards.disputeCard(person, disputeId, { what: 'card:updated' });
      const ref: Partial<ConversationReference> = {
        ...reference,
        conversation: { ...reference.conversation!, id: copy.conversationId },
      };
      await deps.adapter.continueConversationAsync(deps.config.appId, ref, async (context) => {
        await context.updateActivity({
          ...cardActivity(card, summaryFor(deps.config.wording, 'updated', view), deps.config.wording),
          id: copy.activityId,
        });
      });
    } catch (e) {
      deps.logger.warn(
        { disputeId, personId: copy.personId, err: { type: (e as Error).name } },
        'card copy not updated',
      );
    }
  }
}

function asDeliveryError(e: unknown, doing: string): DeliveryError {
  const err = e as {
    statusCode?: number;
    response?: { headers?: { get?: (n: string) => string | undefined } };
    message?: string;
  };
  const status = err.statusCode;
  const retryAfter = Number(err.response?.headers?.get?.('retry-after'));
  if (status === 429 || (status !== undefined && status >= 500))
    return new DeliveryError(
      `Teams answered ${status} while ${doing}`,
      Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {},
    );
  if (status === 403 || status === 404)
    return new DeliveryError(
      `Teams answered ${status} while ${doing}: the app may not be installed for them`,
      { permanent: true },
    );
  return new DeliveryError(`could not reach Teams while ${doing}: ${err.message ?? String(e)}`);
}
