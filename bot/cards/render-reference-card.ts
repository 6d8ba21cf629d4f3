// The card "Find dispute" and a pasted dispute link put into a chat, which may be a group chat or
// a channel: it shows the dispute's reference and a link, nothing about the child or the concern.
// The people on the dispute get their own view instead through Universal Actions' user-specific
// views: the card's refresh names them (userIds), their Teams clients ask the bot
// (verb refreshReference) and the bot answers each with what that person may see.
// https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views
import { adaptiveCardSchema, type AdaptiveCardJson } from './expand-template.ts';
import { maxRefreshUserIds } from './dispute-card-model.ts';
import type { Wording } from '../wording/wording.ts';

export const refreshReferenceVerb = 'refreshReference';

/** Universal Actions (refresh, Action.Execute) need 1.4; link unfurling renders up to the same. */
const referenceCardVersion = '1.4';

/** The address of a dispute in the tab: the web link every card and unfurled link uses. */
export function disputeWebUrl(appBaseUrl: string, disputeId: string): string {
  return `${appBaseUrl.replace(/\/+$/, '')}/tab/disputes/${encodeURIComponent(disputeId)}`;
}

export interface ReferenceCardInput {
  disputeId: string;
  reference: string;
  appBaseUrl: string;
  /** Teams user ids (MRIs, 29:…) of the people on the dispute: they get their own view. */
  refreshUserIds: readonly string[];
}

/** `wording`: the bot's (a council's WORDING_FILE): its reference.* texts take no child's details. */
export function renderReferenceCard(input: ReferenceCardInput, wording: Wording): AdaptiveCardJson {
  return {
    type: 'AdaptiveCard',
    $schema: adaptiveCardSchema,
    version: referenceCardVersion,
    refresh: {
      action: {
        type: 'Action.Execute',
        verb: refreshReferenceVerb,
        title: wording.text('reference.button.refresh'),
        data: { disputeId: input.disputeId },
      },
      // Teams refreshes automatically for at most 60 named people.
      userIds: [...new Set(input.refreshUserIds)].slice(0, maxRefreshUserIds),
    },
    body: [
      { type: 'TextBlock', text: wording.text('reference.title'), size: 'Small', isSubtle: true, wrap: true },
      { type: 'TextBlock', text: input.reference, size: 'Large', weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: wording.text('reference.only-reference'), isSubtle: true, wrap: true },
    ],
    actions: [
      {
        type: 'Action.OpenUrl',
        title: wording.text('reference.button.open'),
        url: disputeWebUrl(input.appBaseUrl, input.disputeId),
      },
    ],
  };
}

/** For a link to a dispute the person may not read, or to none at all: the same card either way. */
export function renderLinkOnlyCard(wording: Wording): AdaptiveCardJson {
  return {
    type: 'AdaptiveCard',
    $schema: adaptiveCardSchema,
    version: referenceCardVersion,
    body: [{ type: 'TextBlock', text: wording.text('reference.link-only'), wrap: true }],
  };
}
