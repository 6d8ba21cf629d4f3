// Link unfurling (`composeExtension/queryLink` invokes): a link to a dispute in the tab,
// https://<APP_DOMAIN>/tab/disputes/<id>, pasted into a compose box becomes the reference card, for
// someone who may read that dispute (read audited as a search is). Any other link of the domain,
// a dispute that does not exist and one the person may not read all unfurl alike, as a card that
// says "CP Disputes link" and nothing else: as the API's single 404, no one learns that a dispute
// exists by pasting its address. Unfurled results are cached by Teams for 30 minutes.
// Shapes: https://learn.microsoft.com/en-us/microsoftteams/platform/messaging-extensions/how-to/link-unfurling
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { searchDisputes } from '../../src/app/dispute-search.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import type { BotDeps } from '../bot-context.ts';
import { renderLinkOnlyCard } from '../cards/render-reference-card.ts';
import { composeExtensionResult, referenceAttachment } from '../reference-cards.ts';
import type { InvokeResponse } from './card-action-route.ts';

const QueryLinkValue = z.object({ url: z.string().max(2048) });

const DisputeId = z.uuid();

/** The dispute id a link names, when it is a link to a dispute in this app's tab. */
export function disputeIdInLink(link: string, appBaseUrl: string): string | null {
  let url: URL;
  let base: URL;
  try {
    url = new URL(link);
    base = new URL(appBaseUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== base.protocol) return null;
  if (url.host.toLowerCase() !== base.host.toLowerCase()) return null;
  const prefix = `${base.pathname.replace(/\/+$/, '')}/tab/disputes/`;
  if (!url.pathname.startsWith(prefix)) return null;
  const rest = url.pathname.slice(prefix.length).replace(/\/+$/, '');
  let id: string;
  try {
    id = decodeURIComponent(rest);
  } catch {
    return null;
  }
  return DisputeId.safeParse(id).success ? id.toLowerCase() : null;
}

export async function onLinkUnfurl(
  deps: BotDeps,
  context: TurnContext,
  person: Person | null,
): Promise<InvokeResponse> {
  const parsed = QueryLinkValue.safeParse(context.activity.value);
  const disputeId = parsed.success ? disputeIdInLink(parsed.data.url, deps.config.appBaseUrl) : null;
  if (disputeId && person) {
    const dispute = await deps.services.store.getProjection(deps.services.db, disputeId);
    if (dispute) {
      // One path for every find: the same access rule and audit as "Find dispute".
      const [readable] = await searchDisputes(
        deps.services,
        person,
        { kind: 'reference', reference: dispute.reference },
        'unfurl:link',
      );
      if (readable) return composeExtensionResult([await referenceAttachment(deps, readable)]);
    }
  }
  return composeExtensionResult([
    {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: renderLinkOnlyCard(deps.config.wording),
      preview: {
        contentType: 'application/vnd.microsoft.card.thumbnail',
        content: { title: deps.config.wording.text('reference.link-only') },
      },
    },
  ]);
}
