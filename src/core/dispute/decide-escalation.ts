// The chair moves a dispute on: more time, or a later stage (the next one, or one the protocol lets
// the chair go straight to), with grounds and a referral's consultation where the protocol asks.
// `escalateTo` is also how the deadline engine moves a dispute on.
import { isAfter } from '../calendar/instants.ts';
import type { Stage } from '../protocol/protocol-schema.ts';
import { closeOfBusinessOn, nextStage, stageById, stageIndex } from '../protocol/stage-queries.ts';
import {
  textLimits,
  type EscalateCommand,
  type ExtendCommand,
  type Roster,
  type RosterNote,
} from './dispute-commands.ts';
import type { DisputeEvent, EscalationCause, EscalationGrounds } from './dispute-events.ts';
import {
  accept,
  checkFutureWorkingDay,
  checkReason,
  no,
  reject,
  withRaiser,
  type Ctx,
  type Decision,
} from './decide-guards.ts';
import { isReferral, mayGoDirectlyTo, referralAlerts } from './decide-referral.ts';
import { cancelActiveMeeting } from './decide-meeting.ts';
import { isRaiser } from './dispute-participants.ts';
import { isRefusal, openStage } from './open-stage.ts';
import { refuse, type Refusal } from './refusal.ts';

export function whyNotExtend(ctx: Ctx): Refusal | undefined {
  if (!isRaiser(ctx.state, ctx.by))
    return refuse('not-allowed', 'Only the chair who raised the dispute can give more time.');
  return undefined;
}

/** A new due date: a future working day, after the current one unless the chair is deciding at a missed deadline. */
export function checkExtendDate(ctx: Ctx, dueOn: string): Refusal | undefined {
  const bad = checkFutureWorkingDay(ctx, dueOn, 'dueOn');
  if (bad) return bad;
  const current = ctx.state.stage!;
  if (dueOn <= current.dueOn && !current.awaitingChairDecision)
    return refuse('invalid', `The new date must be after the current due date, ${current.dueOn}.`, 'dueOn');
  return undefined;
}

export function decideExtend(ctx: Ctx, stage: Stage, command: ExtendCommand): Decision {
  const { state, protocol, calendar, now } = ctx;
  const why = whyNotExtend(ctx);
  if (why) return reject(why);
  const reason = command.reason.trim();
  const badReason = checkReason(reason);
  if (badReason) return reject(badReason);
  const bad = checkExtendDate(ctx, command.dueOn);
  if (bad) return reject(bad);
  return accept([
    {
      type: 'Extended',
      at: now,
      actorId: ctx.by,
      stageId: stage.id,
      previousDueOn: state.stage!.dueOn,
      dueOn: command.dueOn,
      dueAt: closeOfBusinessOn(protocol, calendar, command.dueOn),
      reason,
      // An extension past the overall cap is allowed (stage deadlines are not clipped), but
      // recorded as crossing it and flagged (SEEDS.md "Two clocks"; issue 12 item 4).
      ...(state.capOn && command.dueOn > state.capOn ? { beyondCapOn: state.capOn } : {}),
    },
  ]);
}

export function whyNotEscalate(ctx: Ctx): Refusal | undefined {
  if (!isRaiser(ctx.state, ctx.by))
    return refuse('not-allowed', 'Only the chair who raised the dispute can escalate it.');
  return undefined;
}

/** Whether the dispute may move from `stage` to `target` (absent: the next stage). */
export function whyNotEscalateTo(ctx: Ctx, stage: Stage, toStageId: string | null): Refusal | Stage {
  const { state, protocol } = ctx;
  const next = nextStage(protocol, stage.id);
  const target = toStageId ? stageById(protocol, toStageId) : next;
  if (toStageId && !target)
    return refuse('invalid', `"${toStageId}" is not a stage of ${protocol.name}.`, 'toStageId');
  if (!target)
    return refuse(
      'invalid',
      `"${stage.name}" is the last stage of ${protocol.name}: there is no further stage.`,
      'toStageId',
    );
  if (stageIndex(protocol, target.id) <= stageIndex(protocol, stage.id))
    return refuse(
      'invalid',
      `A dispute only moves forward: "${target.name}" is not after "${stage.name}".`,
      'toStageId',
    );
  if (target.id !== next?.id) {
    const allowed = mayGoDirectlyTo(protocol, target, state.immediateRisk);
    if (!allowed.ok) return refuse('invalid', allowed.why, 'toStageId');
  }
  return target;
}

export function decideEscalate(ctx: Ctx, stage: Stage, command: EscalateCommand): Decision {
  const why = whyNotEscalate(ctx);
  if (why) return reject(why);
  const reason = command.reason.trim();
  const bad = checkReason(reason);
  if (bad) return reject(bad);
  const target = whyNotEscalateTo(ctx, stage, command.toStageId ?? null);
  if (isRefusal(target)) return reject(target);
  const grounds = escalationGroundsFor(ctx, stage, command.grounds ?? null);
  if (grounds && typeof grounds === 'object') return reject(grounds);
  const recommendations = command.recommendations?.trim() || null;
  if (recommendations && recommendations.length > textLimits.actionsRequired)
    return no(
      'invalid',
      `The recommendations are too long: at most ${textLimits.actionsRequired} characters.`,
      'recommendations',
    );
  const referral = referralPreAlert(ctx, stage, target, command);
  if (referral && 'code' in referral) return reject(referral);
  return escalateTo(
    ctx,
    stage,
    target,
    command.roster,
    'chair',
    reason,
    referral ? [referral] : [],
    command.rosterNotes,
    { grounds, recommendations },
  );
}

const groundsWords: Record<EscalationGrounds, string> = {
  'not-answered-in-time': 'not answered in time',
  'dissatisfied-with-response': 'dissatisfied with the response',
};

/**
 * Why the chair moves on, where the stage asks (Calderdale 6.16: "has not received a response in
 * timescale or is dissatisfied with the response"). After a missed deadline the answer is known;
 * before one, the chair says which, and the facts must bear it out.
 */
export function escalationGroundsFor(
  ctx: Ctx,
  stage: Stage,
  given: EscalationGrounds | null,
): EscalationGrounds | null | Refusal {
  const current = ctx.state.stage!;
  if (!stage.escalationGrounds) return given;
  if (current.missedDueOn !== null) return given ?? 'not-answered-in-time';
  if (!given)
    return refuse(
      'invalid',
      `"${stage.name}" has not missed its deadline: please say why it moves on, "${groundsWords['not-answered-in-time']}" or "${groundsWords['dissatisfied-with-response']}".`,
      'grounds',
    );
  if (
    given === 'dissatisfied-with-response' &&
    !current.responses.some((r) => r.outcome !== 'needs-more-time')
  )
    return refuse(
      'invalid',
      `Nobody has responded at "${stage.name}" yet, so there is no response to be dissatisfied with.`,
      'grounds',
    );
  if (given === 'not-answered-in-time' && !isAfter(ctx.now, current.dueAt))
    return refuse(
      'invalid',
      `"${stage.name}" is not due until the end of ${current.dueOn}, so it has not gone unanswered in time.`,
      'grounds',
    );
  return given;
}

/**
 * Going straight to a stage the chair may reach at any point (Calderdale 6.11: refer to the Board
 * "following consultation with the Independent Reviewing Service Team Manager", alerting the
 * listed people "by email prior to the notification"): the chair confirms the consultation, and
 * the alerts go before the stage is sent.
 */
function referralPreAlert(
  ctx: Ctx,
  from: Stage,
  target: Stage,
  command: EscalateCommand,
): DisputeEvent | Refusal | null {
  const { protocol, state, now, by } = ctx;
  if (!isReferral(protocol, from, target)) return null;
  const roster = withRaiser(protocol, command.roster, state.raiserId, state.socialWorkerId);
  return referralAlerts(protocol, target, Boolean(command.consulted), roster, now, by);
}

export function escalateTo(
  ctx: Ctx,
  from: Stage,
  to: Stage,
  roster: Roster,
  cause: EscalationCause,
  reason: string,
  before: DisputeEvent[] = [],
  rosterNotes?: readonly RosterNote[],
  why: { grounds: EscalationGrounds | null; recommendations: string | null } = {
    grounds: null,
    recommendations: null,
  },
): Decision {
  const { state, protocol, calendar, now, by } = ctx;
  const opened = openStage({
    protocol,
    calendar,
    stage: to,
    roster: withRaiser(protocol, roster, state.raiserId, state.socialWorkerId),
    ...(rosterNotes ? { rosterNotes } : {}),
    raiserId: state.raiserId,
    capOn: state.capOn,
    chairSetWorkingDays: to.responseTime.kind === 'set-by-chair' ? state.chairSetWorkingDays : null,
    at: now,
    actorId: by,
  });
  if (isRefusal(opened)) return reject(opened);
  return accept([
    ...before,
    ...cancelActiveMeeting(
      state,
      `The dispute moved on to "${to.name}", so this meeting is no longer needed.`,
      by,
      now,
    ),
    {
      type: 'Escalated',
      at: now,
      actorId: by,
      fromStageId: from.id,
      toStageId: to.id,
      reason,
      cause,
      ...(why.grounds ? { grounds: why.grounds } : {}),
      ...(why.recommendations ? { recommendations: why.recommendations } : {}),
    },
    opened,
  ]);
}
