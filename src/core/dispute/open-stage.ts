// Opening a stage: who must respond, who is told and copied, the meeting, the due date and the cap.
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.ts';
import type { Protocol, Stage } from '../protocol/protocol-schema.ts';
import { closeOfBusinessOn, copiedRoles, stageIndex, stageWorkingDays } from '../protocol/stage-queries.ts';
import type { Roster, RosterNote } from './dispute-commands.ts';
import type { StageOpened } from './dispute-events.ts';
import { refuse, type Refusal } from './refusal.ts';

export interface OpenStageInput {
  protocol: Protocol;
  calendar: WorkingDayCalendar;
  stage: Stage;
  roster: Roster;
  raiserId: string;
  /** The cap date already running, if any. */
  capOn: string | null;
  chairSetWorkingDays: number | null;
  at: string;
  actorId: string;
  /** Stand-ins for people away, from the directory. */
  rosterNotes?: readonly RosterNote[];
}

const holders = (roster: Roster, role: string): string[] => [...(roster[role] ?? [])];

export function roleLabel(protocol: Protocol, role: string): string {
  return protocol.roles[role]?.label ?? role;
}

export function openStage(input: OpenStageInput): StageOpened | Refusal {
  const { protocol, calendar, stage, roster, raiserId } = input;
  for (const role of stage.respondentRoles) {
    if (holders(roster, role).length === 0)
      return refuse(
        'role-unfilled',
        `Nobody holds the role "${roleLabel(protocol, role)}" for this dispute in the directory, so ` +
          `"${stage.name}" cannot be sent. Ask your directory administrator to fill it, then try again.`,
      );
  }
  // Nobody answers a dispute they raised (SEEDS.md "Who answers"): the roster puts the next person
  // up the line in the raiser's place; where nobody stands above them, the stage is not sent.
  const raiserRole = stage.respondentRoles.find((r) => holders(roster, r).includes(raiserId));
  if (raiserRole) return raiserOnlyRespondent(protocol, stage, raiserRole);
  const respondentIds = unique([
    ...stage.respondentRoles.flatMap((r) => holders(roster, r)),
    ...stage.mayAlsoAnswerRoles.flatMap((r) => holders(roster, r)),
  ]).filter((id) => id !== raiserId);
  const notifiedIds = unique(stage.notifyRoles.flatMap((r) => holders(roster, r))).filter(
    (id) => !respondentIds.includes(id) && id !== raiserId,
  );
  // A shared mailbox holding a post asked to act here is copied instead (SEEDS.md "Who answers").
  const actingRoles = [
    ...stage.respondentRoles,
    ...stage.mayAlsoAnswerRoles,
    ...(stage.meeting.chairRole ? [stage.meeting.chairRole] : []),
  ];
  const mailboxCopies = (input.rosterNotes ?? [])
    .filter((n) => n.copyForRole && actingRoles.includes(n.copyForRole))
    .map((n) => n.personId);
  const copiedIds = unique([
    ...copiedRoles(protocol, stage).flatMap((r) => holders(roster, r)),
    ...mailboxCopies,
  ]).filter((id) => !respondentIds.includes(id) && !notifiedIds.includes(id) && id !== raiserId);
  let meeting: StageOpened['meeting'] = null;
  if (stage.meeting.need !== 'none') {
    const chairId = stage.meeting.chairRole ? (holders(roster, stage.meeting.chairRole)[0] ?? null) : null;
    // The raiser chairs only where the protocol makes the raiser the meeting's chair (Gloucestershire stage 2).
    const chairRole = stage.meeting.chairRole && protocol.roles[stage.meeting.chairRole];
    if (chairId === raiserId && chairRole && chairRole.resolve.kind !== 'raiser')
      return raiserOnlyRespondent(protocol, stage, stage.meeting.chairRole!);
    if (stage.meeting.need === 'required' && !chairId)
      return refuse(
        'role-unfilled',
        `Nobody holds the role "${roleLabel(protocol, stage.meeting.chairRole ?? '')}" to chair the meeting ` +
          `"${stage.name}" needs. Ask your directory administrator to fill it, then try again.`,
      );
    const confirmerIds = stage.meeting.confirmedByRole ? holders(roster, stage.meeting.confirmedByRole) : [];
    if (stage.meeting.confirmedByRole && confirmerIds.length === 0)
      return refuse(
        'role-unfilled',
        `Nobody holds the role "${roleLabel(protocol, stage.meeting.confirmedByRole)}" to confirm the date of ` +
          `the meeting "${stage.name}" needs. Ask your directory administrator to fill it, then try again.`,
      );
    meeting = {
      need: stage.meeting.need,
      chairId,
      attendeeIds: unique(stage.meeting.attendeeRoles.flatMap((r) => holders(roster, r))).filter(
        (id) => id !== chairId,
      ),
      ...(confirmerIds.length ? { confirmerIds } : {}),
    };
  }
  // Day 0 is the London date the stage is actually sent, never an earlier one (SEEDS.md "Nothing is
  // back-dated"): a stage opened because the one before fell due is sent at that close of business.
  const openedOn = calendar.londonDateOf(input.at);
  const workingDays = stageWorkingDays(stage, input.chairSetWorkingDays ?? undefined);
  const dueOn = calendar.addWorkingDays(openedOn, workingDays, protocol.workingDays.receiptOnNonWorkingDay);
  return {
    type: 'StageOpened',
    at: input.at,
    actorId: input.actorId,
    stageId: stage.id,
    openedOn,
    workingDays,
    dueOn,
    dueAt: closeOfBusinessOn(protocol, calendar, dueOn),
    respondentIds,
    copiedIds,
    notifiedIds,
    meeting,
    capOn: input.capOn ? null : capStartingAt(protocol, calendar, stage, openedOn),
    ...routingNotesFor(input.rosterNotes, [...respondentIds, ...copiedIds, ...notifiedIds]),
  };
}

function raiserOnlyRespondent(protocol: Protocol, stage: Stage, role: string): Refusal {
  return refuse(
    'role-unfilled',
    `You raised this dispute and you are the only ${roleLabel(protocol, role)} for it: nobody stands above ` +
      `you in the directory and the protocol names no stand-in post, so "${stage.name}" cannot be sent to ` +
      `anyone but you. Nobody answers a dispute they raised: ask your directory administrator to record ` +
      `your line manager, then try again.`,
  );
}

/** The cap date when `stage` is the first stage at or after the cap's starting stage to open. */
export function capStartingAt(
  protocol: Protocol,
  calendar: WorkingDayCalendar,
  stage: Stage,
  openedOn: string,
): string | null {
  const cap = protocol.cap;
  if (!cap || stageIndex(protocol, stage.id) < stageIndex(protocol, cap.countsFromStageId)) return null;
  return calendar.addWorkingDays(openedOn, cap.workingDays, protocol.workingDays.receiptOnNonWorkingDay);
}

function routingNotesFor(notes: OpenStageInput['rosterNotes'], involved: readonly string[]) {
  const relevant = (notes ?? []).filter((n) => involved.includes(n.personId));
  return relevant.length
    ? { routingNotes: relevant.map((n) => ({ personId: n.personId, reason: n.reason })) }
    : {};
}

export function isRefusal(x: unknown): x is Refusal {
  return typeof x === 'object' && x !== null && 'code' in x && 'message' in x && !('type' in x);
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
