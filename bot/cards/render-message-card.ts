// A short card for refusals and notes ("You are not asked to respond at this stage", "This card was
// out of date"), optionally saying that nothing changed on a dispute and offering its current card.
import messageTemplate from './templates/message.json' with { type: 'json' };
import type { DisputeActionData } from './card-contract.ts';
import type { TextColor } from './card-text.ts';
import { expandCard, type AdaptiveCardJson, type CardHostOptions } from './expand-template.ts';
import { defaultWording, type Wording } from '../wording/wording.ts';

export type MessageTone = 'info' | 'warning' | 'error';

export interface MessageCardInput extends CardHostOptions {
  title: string;
  text: string;
  tone: MessageTone;
  /** The dispute the refusal was about: the card says nothing changed and offers its current view. */
  dispute?: { id: string; reference: string; version: number };
  wording?: Wording;
}

const looks: Readonly<Record<MessageTone, { style: string; color: TextColor }>> = {
  info: { style: 'emphasis', color: 'Default' },
  warning: { style: 'warning', color: 'Warning' },
  error: { style: 'attention', color: 'Attention' },
};

export function renderMessageCard(input: MessageCardInput): AdaptiveCardJson {
  const { style, color } = looks[input.tone];
  const words = input.wording ?? defaultWording;
  const action: DisputeActionData | null = input.dispute
    ? { disputeId: input.dispute.id, version: input.dispute.version }
    : null;
  return expandCard(
    messageTemplate,
    {
      title: input.title,
      text: input.text,
      style,
      color,
      hasDispute: action !== null,
      nothingChanged: input.dispute
        ? words.text('message.nothing-changed', { reference: input.dispute.reference })
        : '',
      refreshTitle: words.text('message.button.refresh'),
      dispute: input.dispute
        ? { id: input.dispute.id, reference: input.dispute.reference, version: input.dispute.version }
        : {},
    },
    input,
  );
}
