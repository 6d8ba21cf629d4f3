// The sentences of a dispute card: who the reader is on the dispute, the overall limit, how it
// closed, and the answers' outcomes in words. Nothing here decides what the reader may do.
import type { DisputeView } from '../../src/app/dispute-view.ts';
import type { ResponseOutcome } from '../../src/core/dispute/dispute-events.ts';
import type { Protocol, Stage } from '../../src/core/protocol/protocol-schema.ts';
import { stageById } from '../../src/core/protocol/stage-queries.ts';
import { closeOfBusinessInWords, formatDay, listInWords, truncateText } from './card-text.ts';
import { defaultWording, type Wording } from '../wording/wording.ts';

/** How much of the long texts a card shows; the rest is in CP Disputes. */
export const cardTextLimits = { concern: 600, actionsRequired: 400, answer: 300, closedDetail: 400 } as const;

export type DisputeCardView = 'closed' | 'chair' | 'chair-decision' | 'respondent' | 'read-only';

/** The answer form's choices, as shipped (the wording's `outcome-label.*`; the card reads the council's). */
export const outcomeLabels: Readonly<Record<ResponseOutcome, string>> = {
  'actions-agreed': defaultWording.text('outcome-label.actions-agreed'),
  'actions-completed': defaultWording.text('outcome-label.actions-completed'),
  disagree: defaultWording.text('outcome-label.disagree'),
  'needs-more-time': defaultWording.text('outcome-label.needs-more-time'),
};

/** An answer's outcome in a sentence about it ("Ben Okafor (actions agreed), Mon 23 Nov"). */
export const outcomeInWords = (outcome: ResponseOutcome, words: Wording = defaultWording): string =>
  words.text(`outcome.${outcome}`);

export const outcomeWords: Readonly<Record<ResponseOutcome, string>> = {
  'actions-agreed': outcomeInWords('actions-agreed'),
  'actions-completed': outcomeInWords('actions-completed'),
  disagree: outcomeInWords('disagree'),
  'needs-more-time': outcomeInWords('needs-more-time'),
};

export function youLine(
  view: DisputeCardView,
  dispute: DisputeView,
  protocol: Protocol,
  stage: Stage | undefined,
  words: Wording = defaultWording,
): string {
  const roleLabel = (role: string) => protocol.roles[role]?.label ?? role;
  switch (view) {
    case 'closed':
      return ''; // the closed panel says it all
    case 'chair':
      return words.text('card.you.chair');
    case 'chair-decision':
      return words.text('card.you.chair-decision');
    case 'respondent':
      return stage
        ? words.text('card.you.respondent-as', {
            roles: listInWords([...stage.respondentRoles, ...stage.mayAlsoAnswerRoles].map(roleLabel)),
          })
        : words.text('card.you.respondent');
    case 'read-only': {
      if (dispute.yourRoles.includes('copied')) return words.text('card.you.copied');
      if (dispute.yourRoles.includes('notified')) return words.text('card.you.told');
      if (dispute.yourRoles.length > 0) return words.text('card.you.involved');
      return words.text('card.you.oversight');
    }
  }
}

export function capLine(dispute: DisputeView, protocol: Protocol, words: Wording = defaultWording): string {
  const cap = protocol.cap;
  if (!cap) return words.text('card.cap.none');
  if (dispute.capOn) {
    const when = closeOfBusinessInWords(protocol.workingDays.closeOfBusiness, dispute.capOn);
    return words.text(dispute.capReached ? 'card.cap.reached' : 'card.cap.due', {
      days: cap.workingDays,
      when,
    });
  }
  const from = stageById(protocol, cap.countsFromStageId)?.name ?? cap.countsFromStageId;
  return words.text('card.cap.not-started', { days: cap.workingDays, from });
}

export function closedText(
  dispute: DisputeView,
  nameOf: (id: string) => string,
  words: Wording = defaultWording,
): { heading: string; detail: string } {
  const end = [...dispute.events].reverse().find((e) => e.type === 'Resolved' || e.type === 'Withdrawn');
  if (end?.type === 'Resolved')
    return {
      heading: dispute.stage
        ? words.text('card.closed.resolved-at', {
            day: formatDay(end.at),
            name: nameOf(end.actorId),
            stage: dispute.stage.name,
          })
        : words.text('card.closed.resolved', { day: formatDay(end.at), name: nameOf(end.actorId) }),
      detail:
        truncateText(end.summary, cardTextLimits.closedDetail).text +
        (end.keepMonitoring ? ` ${words.text('card.closed.monitoring')}` : ''),
    };
  if (end?.type === 'Withdrawn')
    return {
      heading: words.text('card.closed.withdrawn', { day: formatDay(end.at), name: nameOf(end.actorId) }),
      detail: truncateText(end.reason, cardTextLimits.closedDetail).text,
    };
  return {
    heading: words.text(dispute.status === 'resolved' ? 'card.closed.resolved-plain' : 'card.closed.plain'),
    detail: '',
  };
}
