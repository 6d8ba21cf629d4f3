// What "Find dispute" and link unfurling answer with, and how the reference card they insert is
// refreshed. Shapes from "Respond to search command"
// (https://learn.microsoft.com/en-us/microsoftteams/platform/messaging-extensions/how-to/search-commands/respond-to-search):
// a `composeExtension` of type `result` with `attachmentLayout: 'list'`, each attachment the card
// inserted (`content`) and what the result list shows (`preview`, a thumbnail card).
import type { Person } from '../src/app/ports/directory.ts';
import type { DisputeProjection } from '../src/app/ports/dispute-projection.ts';
import { mayReadDispute } from '../src/core/access/access-policy.ts';
import type { BotDeps } from './bot-context.ts';
import { renderLinkOnlyCard, renderReferenceCard } from './cards/render-reference-card.ts';
import type { InvokeResponse } from './routes/card-action-route.ts';

export interface ComposeExtensionAttachment {
  contentType: string;
  content: object;
  preview: { contentType: string; content: object };
}

/** The reference card for one dispute, with the people on it named for their own views. */
export async function referenceCardOf(deps: BotDeps, dispute: DisputeProjection): Promise<object> {
  return renderReferenceCard(
    {
      disputeId: dispute.id,
      reference: dispute.reference,
      appBaseUrl: deps.config.appBaseUrl,
      // The people the protocol names on the dispute (maySeeChildDetails), by their Teams ids.
      refreshUserIds: await deps.conversations.userIdsFor(dispute.participantIds),
    },
    deps.config.wording,
  );
}

/** One search result: the reference card, previewed as its reference and where it stands. */
export async function referenceAttachment(
  deps: BotDeps,
  dispute: DisputeProjection,
): Promise<ComposeExtensionAttachment> {
  const protocol = deps.services.protocols.get(dispute.protocolId)?.protocol;
  const words = deps.config.wording;
  const stage =
    protocol?.stages.find((s) => s.id === dispute.stageId)?.name ?? words.text('reference.no-open-stage');
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: await referenceCardOf(deps, dispute),
    preview: {
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: {
        title: dispute.reference,
        text: `${stage} · ${words.text(`reference.status.${dispute.status}`)}`,
      },
    },
  };
}

export function composeExtensionResult(attachments: readonly ComposeExtensionAttachment[]): InvokeResponse {
  return {
    status: 200,
    body: { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } },
  };
}

/** A line of text in place of results ("message" type). */
export function composeExtensionMessage(text: string): InvokeResponse {
  return { status: 200, body: { composeExtension: { type: 'message', text } } };
}

/**
 * A Teams client asks for its own view of a reference card (`refreshReference`, automatic for the
 * people the card names, and for everyone in a chat of fewer than 60; by hand for others). Someone
 * who may read the dispute gets the dispute card as the existing card views draw it for them (read
 * audited); anyone else gets the reference card again. Nobody reads the dispute for an outsider, so
 * there is nothing to audit for them: what they get back is what the chat already shows them.
 */
export async function referenceRefreshCard(
  deps: BotDeps,
  person: Person | null,
  disputeId: string,
): Promise<object> {
  const { db, store } = deps.services;
  const dispute = await store.getProjection(db, disputeId);
  if (!dispute || dispute.tenantId !== deps.services.tenantId) return renderLinkOnlyCard(deps.config.wording);
  if (person && mayReadDispute(dispute, person))
    return (await deps.cards.disputeCard(person, disputeId, { what: 'card:refreshReference' })).card;
  return referenceCardOf(deps, dispute);
}
