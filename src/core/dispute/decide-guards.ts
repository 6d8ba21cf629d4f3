// The checks every command family of `decide` shares, and that `allowedActions` asks too, so the two
// cannot drift: who may act on the dispute at all, the date rules, reasons, and whether a stage has
// been answered. Each guard returns a refusal, or undefined when the way is clear.
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.ts';
import type { Protocol, Stage } from '../protocol/protocol-schema.ts';
import { textLimits, type Actor, type Roster } from './dispute-commands.ts';
import type { DisputeEvent } from './dispute-events.ts';
import type { DisputeState } from './dispute-state.ts';
import { refuse, type Refusal } from './refusal.ts';

export type Decision = { ok: true; events: DisputeEvent[] } | { ok: false; refusal: Refusal };

export const accept = (events: DisputeEvent[]): Decision => ({ ok: true, events });
export const reject = (refusal: Refusal): Decision => ({ ok: false, refusal });
export const no = (code: Refusal['code'], message: string, field?: string): Decision =>
  reject(refuse(code, message, field));

/** What every command family decides with: the dispute, who asks, when, and under which rules. */
export interface Ctx {
  state: DisputeState;
  actor: Actor;
  now: string;
  protocol: Protocol;
  calendar: WorkingDayCalendar;
  by: string;
}

/** The commands only the deadline engine (and the calendar jobs) may give; people give the rest. */
export const systemCommandTypes = [
  'deadline-missed',
  'chair-decision-overdue',
  'retry-refused-step',
  'remind',
  'cap-reached',
  'record-meeting-booked',
  'record-meeting-not-booked',
  'record-meeting-response',
  'propose-meeting-slots',
] as const;

/**
 * Whether anything at all can be asked of this dispute by this kind of actor: it exists, runs under
 * this protocol, the actor is a person for a person's command (the engine for its own), and the
 * record has not been disposed of.
 */
export function whyNotAtAll(
  state: DisputeState,
  protocol: Protocol,
  actor: Actor,
  isSystemCommand: boolean,
): Refusal | undefined {
  if (state.status === 'none') return refuse('not-found', 'There is no such dispute.');
  if (protocol.id !== state.protocolId)
    return refuse('invalid', `This dispute runs under protocol "${state.protocolId}", not "${protocol.id}".`);
  if (isSystemCommand !== (actor.kind === 'system'))
    return refuse(
      'not-allowed',
      isSystemCommand
        ? 'Only the deadline engine records missed deadlines and reminders.'
        : 'The deadline engine cannot act for a person.',
    );
  // A disposed record is a de-identified skeleton: nothing can be added to it, not even a note.
  if (state.redactedAt)
    return isSystemCommand
      ? refuse('no-longer-applies', 'The dispute is closed.')
      : refuse('closed', 'This dispute’s record has been disposed of under the retention schedule.');
  return undefined;
}

export function checkReason(reason: string): Refusal | undefined {
  if (!reason) return refuse('invalid', 'Please give a reason: it is recorded on the dispute.', 'reason');
  if (reason.length > textLimits.reason)
    return refuse('invalid', `The reason is too long: at most ${textLimits.reason} characters.`, 'reason');
  return undefined;
}

export function checkFutureWorkingDay(ctx: Ctx, date: string, field: string): Refusal | undefined {
  const { calendar, now } = ctx;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isRealDate(date))
    return refuse('invalid', 'The date must be written YYYY-MM-DD.', field);
  if (date <= calendar.londonDateOf(now)) return refuse('invalid', 'The date must be after today.', field);
  const why = calendar.whyNotWorking(date);
  if (why)
    return refuse(
      'invalid',
      `${date} is not a working day (${why.name ?? (why.reason === 'weekend' ? 'a weekend' : 'a closure day')}): please choose a working day.`,
      field,
    );
  return undefined;
}

export function isRealDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  if (m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = [
    31,
    (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= daysInMonth[m - 1]!;
}

/** The raiser and the social worker are known from the dispute itself; the roster adds the rest. */
export function withRaiser(
  protocol: Protocol,
  roster: Roster,
  raiserId: string,
  socialWorkerId: string,
): Roster {
  const out: Record<string, readonly string[]> = { ...roster };
  for (const [name, role] of Object.entries(protocol.roles)) {
    if (role.resolve.kind === 'raiser') out[name] = [raiserId];
    if (role.resolve.kind === 'named-on-dispute') out[name] = [socialWorkerId];
  }
  return out;
}

/**
 * Whether the current stage got what it asks for: a response (asking for more time is not one),
 * or, where a meeting not held in time counts as missed (Gloucestershire stage 2), the meeting.
 */
export function isStageAnswered(state: DisputeState, stage: Stage): boolean {
  const current = state.stage;
  if (!current) return false;
  if (stage.meeting.notHeldInTimeIsMissedDeadline)
    return current.meetingOutcome !== null && current.meetingOutcome !== 'not-held';
  if (stage.jointResponse) return stillToAnswer(state, stage).length === 0;
  return current.responses.some((r) => r.outcome !== 'needs-more-time');
}

/**
 * Respondents still expected to answer: those without an answer of their own (asking for more time is
 * not one) and, at a jointly answered stage, without a co-signature either (SEEDS.md "Who answers").
 */
export function stillToAnswer(state: DisputeState, stage: Stage): string[] {
  const current = state.stage;
  if (!current) return [];
  if (!stage.jointResponse && isStageAnswered(state, stage)) return [];
  const answered = new Set(current.responses.filter((r) => r.outcome !== 'needs-more-time').map((r) => r.by));
  return current.respondentIds.filter((id) => !answered.has(id) && !current.coSignedBy.includes(id));
}

export function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
