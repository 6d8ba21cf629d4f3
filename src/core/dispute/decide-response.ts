// What the people asked at a stage do: acknowledge it, respond, or co-sign a jointly agreed response;
// and what anyone involved may do, add a note. The "why not" guards are shared with `allowedActions`.
import type { Stage } from '../protocol/protocol-schema.ts';
import { stageById } from '../protocol/stage-queries.ts';
import { textLimits, type RespondCommand } from './dispute-commands.ts';
import type { DisputeState } from './dispute-state.ts';
import { accept, checkFutureWorkingDay, no, reject, type Ctx, type Decision } from './decide-guards.ts';
import { isParticipant, isRespondent } from './dispute-participants.ts';
import { refuse, type Refusal } from './refusal.ts';

export function whyNotAcknowledge(ctx: Ctx, stage: Stage): Refusal | undefined {
  if (!isRespondent(ctx.state, ctx.by))
    return refuse('not-allowed', `Only the people asked to respond at "${stage.name}" can acknowledge it.`);
  if (ctx.state.stage!.acknowledgedBy.includes(ctx.by))
    return refuse('no-longer-applies', `You have already acknowledged "${stage.name}".`);
  return undefined;
}

export function decideAcknowledge(ctx: Ctx, stage: Stage): Decision {
  const why = whyNotAcknowledge(ctx, stage);
  if (why) return reject(why);
  return accept([{ type: 'Acknowledged', at: ctx.now, actorId: ctx.by, stageId: stage.id }]);
}

/** Whether this person may answer `stage` (or the stage they name, which may have closed). */
export function whyNotRespond(ctx: Ctx, stage: Stage, answeringStageId: string | null): Refusal | undefined {
  const late = lateAnswer(ctx, stage, answeringStageId);
  if (late) return late;
  if (!isRespondent(ctx.state, ctx.by))
    return refuse('not-allowed', `Only the people asked to respond at "${stage.name}" can respond to it.`);
  return undefined;
}

export function decideRespond(ctx: Ctx, stage: Stage, command: RespondCommand): Decision {
  const why = whyNotRespond(ctx, stage, command.stageId ?? null);
  if (why) return reject(why);
  const text = command.text.trim();
  if (!text) return no('invalid', 'Please write your response.', 'text');
  if (text.length > textLimits.responseText)
    return no('invalid', `Your response is too long: at most ${textLimits.responseText} characters.`, 'text');
  const actionsProposed = command.actionsProposed?.trim() || null;
  if (actionsProposed && actionsProposed.length > textLimits.responseText)
    return no(
      'invalid',
      `The actions are too long: at most ${textLimits.responseText} characters.`,
      'actionsProposed',
    );
  let moreTimeUntil: string | null = null;
  if (command.outcome === 'needs-more-time') {
    const until = command.moreTimeUntil ?? '';
    const bad = checkFutureWorkingDay(ctx, until, 'moreTimeUntil');
    if (bad) return reject(bad);
    moreTimeUntil = until;
  }
  return accept([
    {
      type: 'Responded',
      at: ctx.now,
      actorId: ctx.by,
      stageId: stage.id,
      outcome: command.outcome,
      text,
      actionsProposed,
      moreTimeUntil,
    },
  ]);
}

/** A response to a stage the dispute has left is refused, saying so; nothing is stored. */
function lateAnswer(ctx: Ctx, current: Stage, answeringStageId: string | null): Refusal | undefined {
  const { state, protocol, by, calendar } = ctx;
  const pastStage =
    answeringStageId && answeringStageId !== current.id
      ? state.pastStages.findLast((p) => p.id === answeringStageId)
      : !isRespondent(state, by)
        ? state.pastStages.findLast((p) => p.respondentIds.includes(by))
        : undefined;
  if (answeringStageId && answeringStageId !== current.id && !pastStage)
    return refuse('invalid', `"${answeringStageId}" is not a stage this dispute has reached.`, 'stageId');
  if (!pastStage) return undefined;
  const name = stageById(protocol, pastStage.id)?.name ?? pastStage.id;
  return refuse(
    'no-longer-applies',
    `"${name}" closed on ${calendar.londonDateOf(pastStage.closedAt)} when the dispute moved on to "${current.name}", ` +
      'so your response was not recorded. You can add what you wanted to say as a note on the dispute.',
    'stageId',
  );
}

/** Whether the stage asks this person to co-sign at all (a jointly answered stage they respond at). */
export function whyNotCoSign(ctx: Ctx, stage: Stage): Refusal | undefined {
  if (!stage.jointResponse)
    return refuse(
      'invalid',
      `"${stage.name}" does not ask for a jointly agreed response: please answer it yourself.`,
      'responseBy',
    );
  if (!isRespondent(ctx.state, ctx.by))
    return refuse(
      'not-allowed',
      `Only the people asked for the jointly agreed response at "${stage.name}" can co-sign it; you did not share in it.`,
    );
  return undefined;
}

/** Whose responses this person may co-sign, the latest last: every answer by another respondent. */
export function coSignableResponses(state: DisputeState, by: string): string[] {
  const ids = (state.stage?.responses ?? [])
    .filter((r) => r.by !== by && r.outcome !== 'needs-more-time')
    .map((r) => r.by);
  // The latest answer by each person, in the order they came.
  return ids.filter((id, i) => ids.lastIndexOf(id) === i);
}

/** Whether this person already answered the stage, by their own response or a co-signature. */
export function hasAnswered(state: DisputeState, by: string): boolean {
  const current = state.stage;
  if (!current) return false;
  return (
    current.coSignedBy.includes(by) ||
    current.responses.some((r) => r.by === by && r.outcome !== 'needs-more-time')
  );
}

/** A respondent signs another respondent's response: the stage's answer is then theirs too. */
export function decideCoSign(ctx: Ctx, stage: Stage, named: string | null): Decision {
  const { state, now, by } = ctx;
  const current = state.stage!;
  const why = whyNotCoSign(ctx, stage);
  if (why) return reject(why);
  const responseBy = named ?? coSignableResponses(state, by).at(-1) ?? '';
  if (responseBy === by) return no('invalid', 'You cannot co-sign your own response.', 'responseBy');
  const response = current.responses.find((r) => r.by === responseBy && r.outcome !== 'needs-more-time');
  if (!response)
    return no('invalid', `There is no response at "${stage.name}" by that person to co-sign.`, 'responseBy');
  if (hasAnswered(state, by)) return no('no-longer-applies', `You have already answered "${stage.name}".`);
  return accept([{ type: 'CoSigned', at: now, actorId: by, stageId: stage.id, responseBy }]);
}

export function whyNotNote(ctx: Ctx): Refusal | undefined {
  if (ctx.actor.kind !== 'person' || !isParticipant(ctx.state, ctx.by))
    return refuse('not-allowed', 'Only the people involved in this dispute can add a note to it.');
  return undefined;
}

export function decideNote(ctx: Ctx, raw: string): Decision {
  const { state, now, by } = ctx;
  const why = whyNotNote(ctx);
  if (why) return reject(why);
  const text = raw.trim();
  if (!text) return no('invalid', 'The note is empty.', 'text');
  if (text.length > textLimits.note)
    return no('invalid', `The note is too long: at most ${textLimits.note} characters.`, 'text');
  return accept([{ type: 'NoteAdded', at: now, actorId: by, stageId: state.stage?.id ?? '', text }]);
}
