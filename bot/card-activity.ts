// A card as a message activity, with the words Teams shows where the card itself is not drawn: the
// activity's `summary` (the toast, the chat list, the lock screen; without it Teams says "Card")
// and the card's `fallbackText` (clients that cannot draw it). Both come from the wording's
// summary texts, which say what is asked and by when with the dispute reference only: never the
// child's name, initials, case number or the concern.
// Activity.summary: "API reference for the Bot Framework Connector service", Activity object
// https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object
// AdaptiveCard.fallbackText: https://adaptivecards.io/explorer/AdaptiveCard.html
import type { Wording } from './wording/wording.ts';

export function cardAttachment(card: object) {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
}

/** The message activity carrying `card`, with `summary` as its toast and fallback. */
export function cardActivity(card: object, summary: string, wording: Wording) {
  const fallbackText = wording.text('card.fallback', { summary });
  return {
    type: 'message' as const,
    summary,
    attachments: [cardAttachment({ ...card, fallbackText })],
  };
}
