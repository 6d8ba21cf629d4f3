// What the deadline engine records: a missed deadline (and what the protocol does then), a chair's
// decision not made in time, an automatic step retried, a reminder, and the overall limit reached.
// A command that no longer applies is refused as such, so a stale deadline row does nothing.
import { hasReached } from '../calendar/instants.ts';
import type { Stage } from '../protocol/protocol-schema.ts';
import { closeOfBusinessOn, nextStage, stageById } from '../protocol/stage-queries.ts';
import type { DisputeCommand, Roster, RosterNote } from './dispute-commands.ts';
import type { DisputeEvent } from './dispute-events.ts';
import {
  accept,
  isStageAnswered,
  no,
  stillToAnswer,
  unique,
  type Ctx,
  type Decision,
} from './decide-guards.ts';
import { escalateTo } from './decide-escalation.ts';
import type { Refusal } from './refusal.ts';

type SystemCommand = Extract<
  DisputeCommand,
  { type: 'deadline-missed' | 'chair-decision-overdue' | 'retry-refused-step' | 'remind' | 'cap-reached' }
>;

export function decideSystem(ctx: Ctx, stage: Stage, command: SystemCommand): Decision {
  const { state, protocol, calendar, now } = ctx;
  const current = state.stage!;
  switch (command.type) {
    case 'deadline-missed':
      return decideDeadlineMissed(
        ctx,
        stage,
        command.stageId,
        command.roster,
        command.rosterNotes,
        command.adminIds,
      );
    case 'chair-decision-overdue': {
      const waiting = current.awaitingChairDecision;
      if (command.stageId !== stage.id || !waiting?.autoEscalateOn)
        return no('no-longer-applies', 'No chair decision is awaited at this stage.');
      if (!hasReached(now, closeOfBusinessOn(protocol, calendar, waiting.autoEscalateOn)))
        return no(
          'no-longer-applies',
          `The chair has until close of business (${protocol.workingDays.closeOfBusiness}) on ${waiting.autoEscalateOn} to decide.`,
        );
      const next = nextStage(protocol, stage.id);
      if (!next) return no('no-longer-applies', 'This is the last stage: there is nowhere further to go.');
      const days =
        stage.onDeadline.action === 'ask-chair' ? stage.onDeadline.autoEscalateAfterWorkingDays : undefined;
      const moved = escalateTo(
        ctx,
        stage,
        next,
        command.roster,
        'no-chair-decision',
        // SEEDS.md "Product defaults are labelled as such": the seeds leave this decision to the chair.
        `Moved on after ${days} working day${days === 1 ? '' : 's'} without a decision: this product's default; the protocol leaves it to the chair.`,
        [],
        command.rosterNotes,
      );
      return moved.ok ? moved : accept([stepRefused(ctx, stage, next, moved.refusal, command.adminIds)]);
    }
    case 'retry-refused-step': {
      const refused = current.stepRefused;
      if (command.stageId !== stage.id || !refused)
        return no('no-longer-applies', 'No automatic step is waiting at this stage.');
      if (refused.lastOn >= calendar.londonDateOf(now))
        return no('no-longer-applies', 'The refused step was already reported today.');
      const target = stageById(protocol, refused.toStageId);
      if (!target)
        return no('no-longer-applies', `"${refused.toStageId}" is not a stage of ${protocol.name}.`);
      const moved = escalateTo(
        ctx,
        stage,
        target,
        command.roster,
        current.awaitingChairDecision ? 'no-chair-decision' : 'deadline',
        `The automatic move to "${target.name}", refused on ${calendar.londonDateOf(refused.since)}, could be taken once the directory was fixed.`,
        [],
        command.rosterNotes,
      );
      return moved.ok ? moved : accept([stepRefused(ctx, stage, target, moved.refusal, command.adminIds)]);
    }
    case 'remind':
      return decideReminder(ctx, stage, command.stageId, command.kind);
    case 'cap-reached': {
      if (!state.capOn || !protocol.cap)
        return no('no-longer-applies', 'This dispute has no overall time limit.');
      if (state.capReachedAt)
        return no('no-longer-applies', 'The overall time limit was already recorded as reached.');
      if (!hasReached(now, closeOfBusinessOn(protocol, calendar, state.capOn)))
        return no(
          'no-longer-applies',
          `The overall time limit runs to close of business (${protocol.workingDays.closeOfBusiness}) on ${state.capOn}.`,
        );
      const alerted = unique([
        state.raiserId,
        ...protocol.cap.alertRoles.flatMap((r) => command.roster[r] ?? []),
      ]);
      return accept([
        { type: 'CapReached', at: now, actorId: ctx.by, capOn: state.capOn, alertedIds: alerted },
      ]);
    }
  }
}

function decideDeadlineMissed(
  ctx: Ctx,
  stage: Stage,
  stageId: string,
  roster: Roster,
  rosterNotes?: readonly RosterNote[],
  adminIds?: readonly string[],
): Decision {
  const { state, protocol, calendar, now, by } = ctx;
  const current = state.stage!;
  if (stageId !== stage.id) return no('no-longer-applies', 'The dispute has moved on from that stage.');
  if (!hasReached(now, current.dueAt))
    return no(
      'no-longer-applies',
      `"${stage.name}" is not due until close of business (${protocol.workingDays.closeOfBusiness}) on ${current.dueOn}.`,
    );
  if (current.missedDueOn === current.dueOn)
    return no('no-longer-applies', 'This missed deadline is already recorded.');
  if (isStageAnswered(ctx.state, stage))
    return no('no-longer-applies', `"${stage.name}" was answered in time.`);
  const rule = stage.onDeadline;
  const next = nextStage(protocol, stage.id);
  const consultIds =
    rule.action === 'ask-chair' ? unique(rule.consultRoles.flatMap((r) => roster[r] ?? [])) : [];
  const today = calendar.londonDateOf(now);
  if (rule.action === 'escalate' && next) {
    const missed: DisputeEvent = {
      type: 'DeadlineMissed',
      at: now,
      actorId: by,
      stageId: stage.id,
      dueOn: current.dueOn,
      action: 'escalate',
      consultIds,
      autoEscalateOn: null,
    };
    const escalated = escalateTo(
      ctx,
      stage,
      next,
      roster,
      'deadline',
      `No answer by close of business (${protocol.workingDays.closeOfBusiness}) on ${current.dueOn}: the protocol moves the dispute to the next stage.`,
      [missed],
      rosterNotes,
      // Calderdale: "has not received a response in timescale" is the seed's first ground.
      { grounds: stage.escalationGrounds ? 'not-answered-in-time' : null, recommendations: null },
    );
    // If the next stage cannot be opened (nobody in the role), still record the missed deadline,
    // ask the chair and tell the council's administrators, so the dispute never sits silently.
    if (escalated.ok) return escalated;
    return accept([
      { ...missed, action: 'ask-chair' },
      stepRefused(ctx, stage, next, escalated.refusal, adminIds),
    ]);
  }
  const autoDays = rule.action === 'ask-chair' ? rule.autoEscalateAfterWorkingDays : undefined;
  return accept([
    {
      type: 'DeadlineMissed',
      at: now,
      actorId: by,
      stageId: stage.id,
      dueOn: current.dueOn,
      action: 'ask-chair',
      consultIds,
      autoEscalateOn: next && autoDays ? calendar.addWorkingDays(today, autoDays) : null,
    },
  ]);
}

/** The record of an automatic step refused: the chair and the council's administrators are told. */
function stepRefused(
  ctx: Ctx,
  from: Stage,
  to: Stage,
  refusal: Refusal,
  adminIds: readonly string[] = [],
): DisputeEvent {
  return {
    type: 'AutomaticStepRefused',
    at: ctx.now,
    actorId: ctx.by,
    stageId: from.id,
    toStageId: to.id,
    why: refusal.message,
    forDate: ctx.calendar.londonDateOf(ctx.now),
    alertedIds: unique([ctx.state.raiserId, ...adminIds]),
  };
}

function decideReminder(
  ctx: Ctx,
  stage: Stage,
  stageId: string,
  kind: 'before-due' | 'due-today' | 'chair-decision',
): Decision {
  const { state, calendar, now, by } = ctx;
  const current = state.stage!;
  if (stageId !== stage.id) return no('no-longer-applies', 'The dispute has moved on from that stage.');
  const today = calendar.londonDateOf(now);
  if (current.remindersSent.includes(`${kind}:${today}`))
    return no('no-longer-applies', 'This reminder was already sent today.');
  let recipientIds: string[];
  if (kind === 'chair-decision') {
    if (!current.awaitingChairDecision) return no('no-longer-applies', 'No chair decision is awaited.');
    recipientIds = [state.raiserId];
  } else {
    if (isStageAnswered(ctx.state, stage))
      return no('no-longer-applies', `"${stage.name}" has been answered.`);
    if (current.missedDueOn === current.dueOn)
      return no('no-longer-applies', 'The deadline has already passed.');
    if (kind === 'due-today' && today !== current.dueOn)
      return no('no-longer-applies', `"${stage.name}" is due on ${current.dueOn}.`);
    if (kind === 'before-due' && today >= current.dueOn)
      return no('no-longer-applies', `"${stage.name}" is due on ${current.dueOn}.`);
    // Everyone still expected to answer, including whoever asked for more time.
    recipientIds = stillToAnswer(state, stage);
  }
  return accept([
    { type: 'ReminderDue', at: now, actorId: by, stageId: stage.id, kind, forDate: today, recipientIds },
  ]);
}
