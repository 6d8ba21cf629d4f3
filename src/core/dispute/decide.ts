// The one place where the rules of a dispute live. `decide` turns a command into events, or into a
// refusal that says why; it never reads a clock, a database or a directory: all of that is passed in.
// It only dispatches: each family of commands is decided in its own file, with the checks they share
// in `decide-guards.ts` (which `allowedActions` asks too, so the two cannot drift).
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.ts';
import type { Protocol } from '../protocol/protocol-schema.ts';
import { stageById } from '../protocol/stage-queries.ts';
import { actorId as idOf, type Actor, type DisputeCommand } from './dispute-commands.ts';
import type { DisputeState } from './dispute-state.ts';
import {
  accept,
  no,
  reject,
  systemCommandTypes,
  whyNotAtAll,
  type Ctx,
  type Decision,
} from './decide-guards.ts';
import { closedMessage, decideResolve, decideWithdraw } from './decide-closing.ts';
import { decideEscalate, decideExtend } from './decide-escalation.ts';
import { decideMeeting, decideMeetingOutcome } from './decide-meeting.ts';
import { decideRaise } from './decide-raise.ts';
import { decideAcknowledge, decideCoSign, decideNote, decideRespond } from './decide-response.ts';
import { decideSystem } from './decide-system.ts';

export type { Decision } from './decide-guards.ts';
export { isStageAnswered, stillToAnswer } from './decide-guards.ts';
export { namesSocialWorker } from './decide-raise.ts';
export { mayGoDirectlyTo } from './decide-referral.ts';

const isSystemCommandType = (type: DisputeCommand['type']): boolean =>
  (systemCommandTypes as readonly string[]).includes(type);

export function decide(
  state: DisputeState,
  command: DisputeCommand,
  actor: Actor,
  now: string,
  protocol: Protocol,
  calendar: WorkingDayCalendar,
): Decision {
  if (command.type === 'raise') return decideRaise(state, command, actor, now, protocol, calendar);
  const isSystemCommand = isSystemCommandType(command.type);
  const gate = whyNotAtAll(state, protocol, actor, isSystemCommand);
  if (gate) return reject(gate);

  const ctx: Ctx = { state, actor, now, protocol, calendar, by: idOf(actor) };
  if (command.type === 'add-note') return decideNote(ctx, command.text);
  if (state.status !== 'open') {
    // A deadline or reminder for a closed dispute is simply stale; a person is told what happened.
    if (isSystemCommand) return no('no-longer-applies', 'The dispute is closed.');
    return no('closed', closedMessage(state));
  }
  const stage = state.stage && stageById(protocol, state.stage.id);
  if (!stage || !state.stage) return no('invalid', 'This dispute has no open stage.');

  switch (command.type) {
    case 'acknowledge':
      return decideAcknowledge(ctx, stage);
    case 'respond':
      return decideRespond(ctx, stage, command);
    case 'co-sign':
      return decideCoSign(ctx, stage, command.responseBy ?? null);
    case 'extend':
      return decideExtend(ctx, stage, command);
    case 'escalate':
      return decideEscalate(ctx, stage, command);
    case 'resolve':
      return decideResolve(ctx, stage, command);
    case 'withdraw':
      return decideWithdraw(ctx, stage, command);
    case 'record-meeting-outcome': {
      const result = decideMeetingOutcome(state, stage, command, ctx.by, now);
      return Array.isArray(result) ? accept(result) : reject(result);
    }
    case 'deadline-missed':
    case 'chair-decision-overdue':
    case 'retry-refused-step':
    case 'remind':
    case 'cap-reached':
      return decideSystem(ctx, stage, command);
    case 'record-meeting-booked':
    case 'record-meeting-not-booked':
    case 'record-meeting-response':
    case 'request-meeting':
    case 'propose-meeting-slots':
    case 'confirm-meeting-slot':
    case 'move-meeting': {
      const result = decideMeeting(state, stage, command, ctx.by, now, calendar);
      return Array.isArray(result) ? accept(result) : reject(result);
    }
  }
}
