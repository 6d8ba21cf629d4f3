// Commands built from what `allowedActions` offers a reader (inside each offer's constraints), and the
// commands of every kind a reader might try when nothing is offered, for the allowed-actions tests.
import type { WorkingDayCalendar } from '../../../src/core/calendar/working-day-calendar.ts';
import type { AllowedActions } from '../../../src/core/dispute/allowed-actions-schema.ts';
import type { DisputeCommand, Roster } from '../../../src/core/dispute/dispute-commands.ts';
import { escalationGrounds } from '../../../src/core/dispute/dispute-events.ts';
import type { DisputeState } from '../../../src/core/dispute/dispute-state.ts';
import type { Protocol } from '../../../src/core/protocol/protocol-schema.ts';

export type PersonCommand = Extract<
  DisputeCommand,
  {
    type:
      | 'acknowledge'
      | 'respond'
      | 'co-sign'
      | 'extend'
      | 'escalate'
      | 'resolve'
      | 'withdraw'
      | 'add-note'
      | 'request-meeting'
      | 'record-meeting-outcome'
      | 'confirm-meeting-slot'
      | 'move-meeting';
  }
>;

const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;

/** The `k`-th working day after `date` (k = 0: `date`). */
export function workingDaysOn(calendar: WorkingDayCalendar, date: string, k: number): string {
  let d = date;
  for (let i = 0; i < k; i++) d = calendar.nextWorkingDay(d);
  return d;
}

/** A meeting time an hour long at 10:00 London on the first working day after `today`. */
export function futureMeetingTime(
  calendar: WorkingDayCalendar,
  today: string,
): { start: string; end: string } {
  const day = calendar.nextWorkingDay(today);
  return { start: calendar.at(day, '10:00'), end: calendar.at(day, '11:00') };
}

/** One command for the offer under `key`, its free choices made by `i`; always inside the offer. */
export function commandFromOffer(
  allowed: AllowedActions,
  key: keyof AllowedActions,
  i: number,
  ctx: { calendar: WorkingDayCalendar; today: string; roster: Roster },
): PersonCommand {
  const { calendar, today, roster } = ctx;
  switch (key) {
    case 'acknowledge':
      return { type: 'acknowledge' };
    case 'respond': {
      const o = allowed.respond!;
      return {
        type: 'respond',
        stageId: o.stageId,
        outcome: pick(o.outcomes, i),
        text: 'We have met and agreed the actions.',
        actionsProposed: i % 3 === 0 ? 'A core group within 10 working days.' : null,
        moreTimeUntil: workingDaysOn(calendar, o.moreTimeEarliestOn, i % 4),
      };
    }
    case 'coSign': {
      const o = allowed.coSign!;
      return { type: 'co-sign', responseBy: i % 2 === 0 ? null : pick(o.responseBy, i) };
    }
    case 'extend': {
      const o = allowed.extend!;
      return {
        type: 'extend',
        dueOn: workingDaysOn(calendar, o.earliestDueOn, i % 5),
        reason: 'Key worker on leave.',
      };
    }
    case 'escalate': {
      const o = allowed.escalate!;
      const target = pick(o.targets, i);
      const grounds = o.grounds.required || i % 2 === 0 ? pick(o.grounds.allowed, i) : null;
      return {
        type: 'escalate',
        toStageId: target.isNext && i % 3 === 0 ? null : target.stageId,
        reason: 'No progress on the plan.',
        grounds: grounds ?? null,
        recommendations: i % 2 === 0 ? 'Convene the core group.' : null,
        consulted: target.needsConsultation || i % 2 === 0,
        roster,
      };
    }
    case 'resolve':
      return { type: 'resolve', summary: 'Plan updated.', keepMonitoring: i % 2 === 0 };
    case 'withdraw':
      return { type: 'withdraw', reason: 'Raised in error.' };
    case 'addNote':
      return { type: 'add-note', text: 'Spoke to the team manager.' };
    case 'requestMeeting':
      return { type: 'request-meeting', reason: 'A meeting would settle the plan.' };
    case 'recordMeetingOutcome': {
      const o = allowed.recordMeetingOutcome!;
      return { type: 'record-meeting-outcome', outcome: pick(o.outcomes, i), text: 'Meeting held.' };
    }
    case 'confirmMeetingSlot':
      return { type: 'confirm-meeting-slot', start: pick(allowed.confirmMeetingSlot!.slots, i).start };
    case 'moveMeeting':
      return {
        type: 'move-meeting',
        ...futureMeetingTime(calendar, today),
        reason: 'The chair is in court.',
      };
  }
}

/**
 * Every plausible command of the kind under `key`, as a reader not offered it might try: well
 * formed, with each choice (stage, grounds, person, time) the dispute could make sense of.
 */
export function attemptsOf(
  key: keyof AllowedActions,
  state: DisputeState,
  protocol: Protocol,
  ctx: { calendar: WorkingDayCalendar; today: string; roster: Roster },
): PersonCommand[] {
  const { calendar, today, roster } = ctx;
  const stage = state.stage;
  switch (key) {
    case 'acknowledge':
      return [{ type: 'acknowledge' }];
    case 'respond':
      return [
        { type: 'respond', outcome: 'actions-agreed', text: 'Agreed.', stageId: stage?.id ?? null },
        {
          type: 'respond',
          outcome: 'needs-more-time',
          text: 'More time.',
          moreTimeUntil: workingDaysOn(calendar, today, 3),
        },
      ];
    case 'coSign':
      return [null, ...(stage?.responses.map((r) => r.by) ?? [])].map((responseBy) => ({
        type: 'co-sign',
        responseBy,
      }));
    case 'extend': {
      const from = stage && stage.dueOn > today ? stage.dueOn : today;
      return [1, 5].map((k) => ({
        type: 'extend',
        dueOn: workingDaysOn(calendar, from, k),
        reason: 'Leave.',
      }));
    }
    case 'escalate':
      return [null, ...protocol.stages.map((s) => s.id)].flatMap((toStageId) =>
        [null, ...escalationGrounds].map((grounds) => ({
          type: 'escalate' as const,
          toStageId,
          reason: 'No progress.',
          grounds,
          consulted: true,
          roster,
        })),
      );
    case 'resolve':
      return [{ type: 'resolve', summary: 'Done.', keepMonitoring: false }];
    case 'withdraw':
      return [{ type: 'withdraw', reason: 'Raised in error.' }];
    case 'addNote':
      return [{ type: 'add-note', text: 'A note.' }];
    case 'requestMeeting':
      return [{ type: 'request-meeting', reason: 'A meeting would help.' }];
    case 'recordMeetingOutcome':
      return (['resolved', 'not-held'] as const).map((outcome) => ({
        type: 'record-meeting-outcome',
        outcome,
        text: 'Held.',
      }));
    case 'confirmMeetingSlot':
      return (stage?.proposedSlots?.slots ?? [futureMeetingTime(calendar, today)]).map((x) => ({
        type: 'confirm-meeting-slot',
        start: x.start,
      }));
    case 'moveMeeting':
      return [{ type: 'move-meeting', ...futureMeetingTime(calendar, today), reason: 'Clash.' }];
  }
}
