// The sentences of a dispute card: who the reader is on the dispute, the overall limit, how it
// closed, and the answers' outcomes in words. Nothing here decides what the reader may do.
import type { DisputeView } from '../../src/app/dispute-view.ts';
import type { ResponseOutcome } from '../../src/core/dispute/dispute-events.ts';
import type { Protocol, Stage } from '../../src/core/protocol/protocol-schema.ts';
import { stageById } from '../../src/core/protocol/stage-queries.ts';
import { closeOfBusinessInWords, formatDay, listInWords, truncateText } from './card-text.ts';

/** How much of the long texts a card shows; the rest is in CP Disputes. */
export const cardTextLimits = { concern: 600, actionsRequired: 400, answer: 300, closedDetail: 400 } as const;

export type DisputeCardView = 'closed' | 'chair' | 'chair-decision' | 'respondent' | 'read-only';

export const outcomeLabels: Readonly<Record<ResponseOutcome, string>> = {
  'actions-agreed': 'The actions are agreed',
  'actions-completed': 'The actions are completed',
  disagree: 'I disagree with the concern or the actions',
  'needs-more-time': 'I need more time',
};

export const outcomeWords: Readonly<Record<ResponseOutcome, string>> = {
  'actions-agreed': 'actions agreed',
  'actions-completed': 'actions completed',
  disagree: 'disagrees',
  'needs-more-time': 'needs more time',
};

export function youLine(
  view: DisputeCardView,
  dispute: DisputeView,
  protocol: Protocol,
  stage: Stage | undefined,
): string {
  const roleLabel = (role: string) => protocol.roles[role]?.label ?? role;
  switch (view) {
    case 'closed':
      return ''; // the closed panel says it all
    case 'chair':
      return 'You raised this dispute: you decide when it is resolved, and whether it moves on.';
    case 'chair-decision':
      return 'You raised this dispute, and a decision from you is needed.';
    case 'respondent':
      return `You are asked to respond at this stage${stage ? ` (as ${listInWords([...stage.respondentRoles, ...stage.mayAlsoAnswerRoles].map(roleLabel))})` : ''}.`;
    case 'read-only': {
      if (dispute.yourRoles.includes('copied'))
        return 'You are copied in for information: nothing is asked of you.';
      if (dispute.yourRoles.includes('notified'))
        return 'You are told of this stage for information: nothing is asked of you.';
      if (dispute.yourRoles.length > 0)
        return 'You are involved in this dispute: nothing is asked of you at this stage.';
      return 'You can see this dispute because your service oversees the process: nothing is asked of you.';
    }
  }
}

export function capLine(dispute: DisputeView, protocol: Protocol): string {
  const cap = protocol.cap;
  if (!cap) return 'Overall limit: none in this protocol.';
  if (dispute.capOn)
    return dispute.capReached
      ? `Overall limit (${cap.workingDays} working days): reached at ${closeOfBusinessInWords(protocol.workingDays.closeOfBusiness, dispute.capOn)}.`
      : `Overall limit (${cap.workingDays} working days): ${closeOfBusinessInWords(protocol.workingDays.closeOfBusiness, dispute.capOn)}`;
  const from = stageById(protocol, cap.countsFromStageId)?.name ?? cap.countsFromStageId;
  return `Overall limit: ${cap.workingDays} working days, counted from "${from}".`;
}

export function closedText(
  dispute: DisputeView,
  nameOf: (id: string) => string,
): { heading: string; detail: string } {
  const end = [...dispute.events].reverse().find((e) => e.type === 'Resolved' || e.type === 'Withdrawn');
  if (end?.type === 'Resolved')
    return {
      heading: `Resolved on ${formatDay(end.at)} by ${nameOf(end.actorId)}${dispute.stage ? `, at "${dispute.stage.name}"` : ''}.`,
      detail:
        truncateText(end.summary, cardTextLimits.closedDetail).text +
        (end.keepMonitoring ? ' The chair will continue to monitor.' : ''),
    };
  if (end?.type === 'Withdrawn')
    return {
      heading: `Withdrawn on ${formatDay(end.at)} by ${nameOf(end.actorId)}.`,
      detail: truncateText(end.reason, cardTextLimits.closedDetail).text,
    };
  return { heading: dispute.status === 'resolved' ? 'Resolved.' : 'Closed.', detail: '' };
}
