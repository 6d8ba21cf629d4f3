// The timed things a dispute is waiting for, as data. The application layer stores them as rows
// (`dispute_id, kind, due_at`) and the sweeper turns each due row into a system command; this
// function is the only place that knows when reminders and deadlines fall.
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.ts';
import type { Protocol } from '../protocol/protocol-schema.ts';
import { closeOfBusinessOn, nextStage, stageById } from '../protocol/stage-queries.ts';
import type { DisputeCommand, RosterNote } from './dispute-commands.ts';
import type { DisputeState } from './dispute-state.ts';

export type DeadlineKind =
  | 'reminder-before-due'
  | 'reminder-due-today'
  | 'stage-due'
  | 'chair-decision-reminder'
  | 'chair-decision-due'
  | 'refused-step-retry'
  | 'cap';

export interface ScheduledDeadline {
  kind: DeadlineKind;
  stageId: string;
  /** ISO instant with the London offset. */
  dueAt: string;
  /** Unique per dispute: the same deadline computed twice has the same key. */
  key: string;
}

/** Reminders go out at the start of the working day, London time. */
export const REMINDER_TIME = '09:00';

export function scheduledDeadlines(
  state: DisputeState,
  protocol: Protocol,
  calendar: WorkingDayCalendar,
): ScheduledDeadline[] {
  if (state.status !== 'open' || !state.stage) return [];
  const current = state.stage;
  const stage = stageById(protocol, current.id);
  if (!stage) return [];
  const out: ScheduledDeadline[] = [];
  const add = (kind: DeadlineKind, dueAt: string, on: string) =>
    out.push({ kind, stageId: current.id, dueAt, key: `${current.id}:${kind}:${on}` });
  // The cap belongs to the dispute, not the stage: its key must not change at an escalation.
  const addCap = (dueAt: string, on: string) =>
    out.push({ kind: 'cap', stageId: current.id, dueAt, key: `cap:${on}` });

  if (current.awaitingChairDecision) {
    // One reminder each working day after the deadline was missed, until the chair decides.
    const since = calendar.londonDateOf(current.awaitingChairDecision.since);
    const lastReminder = current.remindersSent
      .filter((k) => k.startsWith('chair-decision:'))
      .map((k) => k.slice('chair-decision:'.length))
      .reduce((a, b) => (b > a ? b : a), since);
    const remindOn = calendar.nextWorkingDay(lastReminder);
    const auto = current.awaitingChairDecision.autoEscalateOn;
    if (!auto || remindOn <= auto)
      add('chair-decision-reminder', calendar.at(remindOn, REMINDER_TIME), remindOn);
    if (auto && nextStage(protocol, stage.id))
      add('chair-decision-due', closeOfBusinessOn(protocol, calendar, auto), auto);
  } else if (current.missedDueOn !== current.dueOn) {
    const before = protocol.reminders.beforeDueWorkingDays;
    if (before > 0) {
      let on = current.dueOn;
      for (let i = 0; i < before; i++) on = calendar.previousWorkingDay(on);
      if (on > current.openedOn) add('reminder-before-due', calendar.at(on, REMINDER_TIME), on);
    }
    if (protocol.reminders.onDueDay && current.dueOn > current.openedOn)
      add('reminder-due-today', calendar.at(current.dueOn, REMINDER_TIME), current.dueOn);
    add('stage-due', current.dueAt, current.dueOn);
  }
  if (current.stepRefused) {
    // A refused automatic step is tried again, and reported again if still refused, each working day.
    const on = calendar.nextWorkingDay(current.stepRefused.lastOn);
    add('refused-step-retry', calendar.at(on, REMINDER_TIME), on);
  }
  if (state.capOn && !state.capReachedAt)
    addCap(closeOfBusinessOn(protocol, calendar, state.capOn), state.capOn);
  return out;
}

/** The system command a due deadline becomes (the roster is filled in by the application layer). */
export function commandForDeadline(
  deadline: Pick<ScheduledDeadline, 'kind' | 'stageId'>,
  roster: Readonly<Record<string, readonly string[]>>,
  rosterNotes: readonly RosterNote[] = [],
  adminIds: readonly string[] = [],
): DisputeCommand {
  switch (deadline.kind) {
    case 'reminder-before-due':
      return { type: 'remind', stageId: deadline.stageId, kind: 'before-due' };
    case 'reminder-due-today':
      return { type: 'remind', stageId: deadline.stageId, kind: 'due-today' };
    case 'chair-decision-reminder':
      return { type: 'remind', stageId: deadline.stageId, kind: 'chair-decision' };
    case 'stage-due':
      return { type: 'deadline-missed', stageId: deadline.stageId, roster, rosterNotes, adminIds };
    case 'chair-decision-due':
      return { type: 'chair-decision-overdue', stageId: deadline.stageId, roster, rosterNotes, adminIds };
    case 'refused-step-retry':
      return { type: 'retry-refused-step', stageId: deadline.stageId, roster, rosterNotes, adminIds };
    case 'cap':
      return { type: 'cap-reached', roster };
  }
}
