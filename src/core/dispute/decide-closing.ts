// Closing a dispute: resolved (by the chair, or where the stage says so its respondent) or withdrawn
// (by the chair). Either cancels a meeting still to come; after either, only notes are added.
import { londonDateOf } from '../calendar/working-day-calendar.ts';
import type { Protocol, Stage } from '../protocol/protocol-schema.ts';
import { stageById } from '../protocol/stage-queries.ts';
import { textLimits, type ResolveCommand, type WithdrawCommand } from './dispute-commands.ts';
import type { DisputeState } from './dispute-state.ts';
import { accept, checkReason, no, reject, type Ctx, type Decision } from './decide-guards.ts';
import { cancelActiveMeeting } from './decide-meeting.ts';
import { isRaiser, mayResolve } from './dispute-participants.ts';
import { roleLabel } from './open-stage.ts';
import { refuse, type Refusal } from './refusal.ts';

export function whyNotResolve(ctx: Ctx, stage: Stage): Refusal | undefined {
  const { state, protocol, by } = ctx;
  if (!mayResolve(state, protocol, by))
    return refuse(
      'not-allowed',
      stage.respondentDecides
        ? `Only the chair or the ${respondentLabels(protocol, stage)} can resolve this dispute.`
        : 'Only the chair who raised the dispute can resolve it.',
    );
  return undefined;
}

export function decideResolve(ctx: Ctx, stage: Stage, command: ResolveCommand): Decision {
  const { state, protocol, now, by } = ctx;
  const why = whyNotResolve(ctx, stage);
  if (why) return reject(why);
  const summary = command.summary.trim();
  if (!summary)
    return no('invalid', 'Please write a short summary of how the concern was resolved.', 'summary');
  if (summary.length > textLimits.summary)
    return no('invalid', `The summary is too long: at most ${textLimits.summary} characters.`, 'summary');
  return accept([
    {
      type: 'Resolved',
      at: now,
      actorId: by,
      stageId: stage.id,
      summary,
      keepMonitoring: command.keepMonitoring,
      ...localRecordToFile(state, protocol),
    },
    ...cancelActiveMeeting(state, 'The dispute was resolved, so the meeting is no longer needed.', by, now),
  ]);
}

export function whyNotWithdraw(ctx: Ctx): Refusal | undefined {
  if (!isRaiser(ctx.state, ctx.by))
    return refuse('not-allowed', 'Only the chair who raised the dispute can withdraw it.');
  return undefined;
}

export function decideWithdraw(ctx: Ctx, stage: Stage, command: WithdrawCommand): Decision {
  const { state, now, by } = ctx;
  const why = whyNotWithdraw(ctx);
  if (why) return reject(why);
  const reason = command.reason.trim();
  const bad = checkReason(reason);
  if (bad) return reject(bad);
  return accept([
    { type: 'Withdrawn', at: now, actorId: by, stageId: stage.id, reason },
    ...cancelActiveMeeting(state, 'The dispute was withdrawn, so the meeting is no longer needed.', by, now),
  ]);
}

/** What a person is told when they act on a closed dispute. */
export function closedMessage(state: DisputeState): string {
  const on = state.closedAt ? ` on ${londonDateOf(state.closedAt)}` : '';
  return state.status === 'resolved'
    ? `This dispute was resolved${on}; nothing more can change. If the concern returns, please raise a new dispute.`
    : `This dispute was withdrawn${on}; nothing more can change.`;
}

/**
 * What was kept off the child's file until resolution (seed 004: "saved locally ... until the
 * dispute is resolved"): at resolution the chair is prompted to put it on the child's file.
 */
function localRecordToFile(state: DisputeState, protocol: Protocol): { localRecordToFile?: string } {
  const held = state.stagesVisited
    .map((id) => stageById(protocol, id)?.recording.heldLocallyUntilResolved)
    .filter((x): x is string => Boolean(x));
  const last = held[held.length - 1];
  return last ? { localRecordToFile: last } : {};
}

function respondentLabels(protocol: Protocol, stage: Stage): string {
  return stage.respondentRoles.map((r) => roleLabel(protocol, r)).join(' or ');
}
