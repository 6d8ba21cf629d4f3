// The dispute card: one template, five views (see dispute-card-model.ts). Also the stage
// notification and, with a notice line, the reminder.
import answerFormTemplate from './templates/answer-form.json' with { type: 'json' };
import disputeCardTemplate from './templates/dispute-card.json' with { type: 'json' };
import { disputeCardModel, type DisputeCardInput } from './dispute-card-model.ts';
import { expandCard, expandFragment, type AdaptiveCardJson } from './expand-template.ts';

export interface RenderDisputeCardInput extends DisputeCardInput {
  /** Outlook actionable messages: the registered provider id. */
  originator?: string;
}

export function renderDisputeCard(input: RenderDisputeCardInput): AdaptiveCardJson {
  const model = disputeCardModel(input);
  if (model.respondent.inline || model.respondent.inShowCard)
    model.respondent.form = expandFragment<{ items: unknown[] }>(answerFormTemplate, model).items;
  return expandCard(disputeCardTemplate, model, {
    host: input.host,
    ...(input.originator ? { originator: input.originator } : {}),
  });
}
