// What one reader may do to a dispute now: the mirror of `decide`. It asks the very guards `decide`
// asks (decide-guards.ts and each family's "why not"), so the buttons a reader is shown and the
// commands `decide` accepts cannot drift apart. What it cannot know is the directory at the moment
// of deciding: a stage whose role nobody holds is still refused then ('role-unfilled').
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.ts';
import type { Protocol, Stage } from '../protocol/protocol-schema.ts';
import { stageById } from '../protocol/stage-queries.ts';
import { actorId, textLimits, type Actor } from './dispute-commands.ts';
import { escalationGrounds, responseOutcomes } from './dispute-events.ts';
import { activeMeeting, type DisputeState } from './dispute-state.ts';
import { checkFutureWorkingDay, whyNotAtAll, type Ctx } from './decide-guards.ts';
import { whyNotResolve, whyNotWithdraw } from './decide-closing.ts';
import {
  checkExtendDate,
  escalationGroundsFor,
  whyNotEscalate,
  whyNotEscalateTo,
  whyNotExtend,
} from './decide-escalation.ts';
import {
  confirmableSlots,
  whyNotConfirmMeetingSlot,
  whyNotMoveMeeting,
  whyNotRecordMeetingOutcome,
  whyNotRequestMeeting,
} from './decide-meeting.ts';
import { isReferral } from './decide-referral.ts';
import {
  coSignableResponses,
  hasAnswered,
  whyNotAcknowledge,
  whyNotCoSign,
  whyNotNote,
  whyNotRespond,
} from './decide-response.ts';
import { isRaiser } from './dispute-participants.ts';
import { isRefusal, roleLabel } from './open-stage.ts';
import { noActions, type AllowedActions } from './allowed-actions-schema.ts';

export type { AllowedActions } from './allowed-actions-schema.ts';

const meetingOutcomes = ['resolved', 'actions-agreed', 'not-resolved', 'not-held'] as const;

export function allowedActions(
  state: DisputeState,
  actor: Actor,
  protocol: Protocol,
  calendar: WorkingDayCalendar,
  now: string,
): AllowedActions {
  // Every action here is a person's: the deadline engine is offered nothing.
  if (whyNotAtAll(state, protocol, actor, false)) return noActions;
  const ctx: Ctx = { state, actor, now, protocol, calendar, by: actorId(actor) };
  const addNote = whyNotNote(ctx) ? null : { textMaxLength: textLimits.note };
  const stage = state.stage && stageById(protocol, state.stage.id);
  if (state.status !== 'open' || !stage) return { ...noActions, addNote };
  return {
    ...answering(ctx, stage),
    extend: extendOffer(ctx),
    escalate: escalateOffer(ctx, stage),
    resolve: whyNotResolve(ctx, stage)
      ? null
      : {
          as: isRaiser(state, ctx.by) ? 'chair' : 'deciding-respondent',
          summaryMaxLength: textLimits.summary,
        },
    withdraw: whyNotWithdraw(ctx) ? null : { reasonMaxLength: textLimits.reason },
    addNote,
    ...meetingOffers(ctx, stage),
  };
}

/** Acknowledge, respond and co-sign: what the people asked at the stage may do. */
function answering(ctx: Ctx, stage: Stage): Pick<AllowedActions, 'acknowledge' | 'respond' | 'coSign'> {
  const { state, by } = ctx;
  const responseBy = coSignableResponses(state, by);
  return {
    acknowledge: whyNotAcknowledge(ctx, stage) ? null : { stageId: stage.id },
    respond: whyNotRespond(ctx, stage, stage.id)
      ? null
      : {
          stageId: stage.id,
          outcomes: [...responseOutcomes],
          textMaxLength: textLimits.responseText,
          actionsProposedMaxLength: textLimits.responseText,
          moreTimeEarliestOn: earliestDay(ctx, (d) => checkFutureWorkingDay(ctx, d, 'moreTimeUntil')),
        },
    coSign:
      whyNotCoSign(ctx, stage) || hasAnswered(state, by) || responseBy.length === 0
        ? null
        : { responseBy, defaultResponseBy: responseBy.at(-1)! },
  };
}

function extendOffer(ctx: Ctx): AllowedActions['extend'] {
  if (whyNotExtend(ctx)) return null;
  const current = ctx.state.stage!;
  return {
    currentDueOn: current.dueOn,
    earliestDueOn: earliestDay(ctx, (d) => checkExtendDate(ctx, d)),
    capOn: ctx.state.capOn,
    reasonMaxLength: textLimits.reason,
  };
}

function escalateOffer(ctx: Ctx, stage: Stage): AllowedActions['escalate'] {
  const { protocol } = ctx;
  const next = whyNotEscalateTo(ctx, stage, null);
  if (whyNotEscalate(ctx) || isRefusal(next)) return null;
  const targets = protocol.stages.flatMap((s) =>
    isRefusal(whyNotEscalateTo(ctx, stage, s.id))
      ? []
      : [
          {
            stageId: s.id,
            name: s.name,
            isNext: s.id === next.id,
            needsConsultation: isReferral(protocol, stage, s),
          },
        ],
  );
  const required = isRefusal(escalationGroundsFor(ctx, stage, null));
  const allowed = escalationGrounds.filter((g) => !isRefusal(escalationGroundsFor(ctx, stage, g)));
  // Before a missed deadline, a stage that asks why it moves on cannot move on without good grounds.
  if (required && allowed.length === 0) return null;
  return {
    defaultStageId: next.id,
    targets,
    consultRoles: protocol.bypass.consultRoles.map((r) => roleLabel(protocol, r)),
    grounds: { asked: Boolean(stage.escalationGrounds), required, allowed: [...allowed] },
    reasonMaxLength: textLimits.reason,
    recommendationsMaxLength: textLimits.actionsRequired,
  };
}

function meetingOffers(
  ctx: Ctx,
  stage: Stage,
): Pick<AllowedActions, 'requestMeeting' | 'recordMeetingOutcome' | 'confirmMeetingSlot' | 'moveMeeting'> {
  const { state, by, now } = ctx;
  const current = state.stage!;
  const slots = confirmableSlots(state, now);
  const booked = activeMeeting(state);
  return {
    requestMeeting: whyNotRequestMeeting(state, stage, by)
      ? null
      : {
          again: current.meetingOutcome === 'not-held' || current.meetingNotBooked !== null,
          reasonMaxLength: textLimits.reason,
        },
    recordMeetingOutcome: whyNotRecordMeetingOutcome(state, stage, by)
      ? null
      : { outcomes: [...meetingOutcomes], textMaxLength: textLimits.note },
    confirmMeetingSlot: whyNotConfirmMeetingSlot(state, stage, by) || slots.length === 0 ? null : { slots },
    moveMeeting:
      whyNotMoveMeeting(state, by) || !booked
        ? null
        : { start: booked.start, end: booked.end, reasonMaxLength: textLimits.reason },
  };
}

/**
 * The first day the guard accepts, from tomorrow on: the guard is `decide`'s own date rule, so the
 * offer cannot promise a day `decide` refuses. Dates run in working days, so a year is ample.
 */
function earliestDay(ctx: Ctx, refusalFor: (date: string) => unknown): string {
  const { calendar, now, state } = ctx;
  let day = calendar.nextWorkingDay(calendar.londonDateOf(now));
  // The current due date bounds an extension from below: start the search there if it is later.
  const due = state.stage?.dueOn;
  if (due && due > day && refusalFor(day)) day = calendar.nextWorkingDay(due);
  for (let i = 0; i < 400 && refusalFor(day); i++) day = calendar.nextWorkingDay(day);
  return day;
}
