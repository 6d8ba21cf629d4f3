// Raising a dispute: who may raise it, the form's fields, where it starts (the first stage, a stage
// the protocol lets the chair go straight to, or the recurrence rule's), and who is alerted at once.
import { mayRaiseUnder } from '../access/person-capabilities.ts';
import { isIsoDate } from '../calendar/iso-date.ts';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.ts';
import type { Protocol } from '../protocol/protocol-schema.ts';
import { stageById } from '../protocol/stage-queries.ts';
import { themeIds } from '../protocol/themes.ts';
import { textLimits, type Actor, type RaiseCommand, type Roster } from './dispute-commands.ts';
import type { DisputeEvent, Raised, StageOpened } from './dispute-events.ts';
import type { DisputeState } from './dispute-state.ts';
import { accept, no, reject, unique, withRaiser, type Decision } from './decide-guards.ts';
import { mayGoDirectlyTo, referralAlerts } from './decide-referral.ts';
import { isRefusal, openStage, roleLabel } from './open-stage.ts';
import { refuse, type Refusal } from './refusal.ts';

export function decideRaise(
  state: DisputeState,
  command: RaiseCommand,
  actor: Actor,
  now: string,
  protocol: Protocol,
  calendar: WorkingDayCalendar,
): Decision {
  if (state.status !== 'none') return no('no-longer-applies', 'This dispute has already been raised.');
  if (actor.kind !== 'person') return no('not-allowed', 'A dispute is raised by a person.');
  if (!mayRaiseUnder(protocol, actor.posts))
    return no(
      'not-allowed',
      `Only a ${roleLabel(protocol, protocol.raisedBy.role)} can raise a dispute under "${protocol.name}".`,
    );
  const c = command;
  const fieldProblem = checkRaiseFields(c, protocol, calendar.londonDateOf(now));
  if (fieldProblem) return reject(fieldProblem);
  const window = protocol.raisedBy.withinWorkingDaysOfConference;
  if (window) {
    const lastDay = calendar.addWorkingDays(c.conferenceDate, window.workingDays);
    if (calendar.londonDateOf(now) > lastDay)
      return no(
        'invalid',
        `${protocol.processName} is raised within ${window.workingDays} working days of the conference: for a ` +
          `conference on ${c.conferenceDate} that was up to ${lastDay}. Please talk to your line manager, who can ` +
          `take it up with the relevant manager, or use the safeguarding partnership's professional differences protocol.`,
        'conferenceDate',
      );
  }
  if (c.socialWorkerId && c.socialWorkerId === actor.id)
    return no(
      'invalid',
      'You cannot name yourself as the social worker for a dispute you raise.',
      'socialWorkerId',
    );
  const challengedChairId = c.challengedChairId?.trim() || null;
  if (protocol.immediateRisk?.tellChallengedChair && !challengedChairId)
    return no(
      'invalid',
      'Please name the Child Protection Conference Chair whose decision you are challenging.',
      'challengedChairId',
    );
  if (challengedChairId && !protocol.immediateRisk?.tellChallengedChair)
    return no('invalid', `${protocol.name} does not name a challenged chair.`, 'challengedChairId');
  if (challengedChairId === actor.id)
    return no('invalid', 'You cannot challenge your own decision.', 'challengedChairId');

  const first = protocol.stages[0]!;
  const requested = c.startStageId ? stageById(protocol, c.startStageId) : first;
  if (!requested)
    return no('invalid', `"${c.startStageId}" is not a stage of ${protocol.name}.`, 'startStageId');
  const reason = c.reason?.trim() || null;
  if (reason && reason.length > textLimits.reason)
    return no('invalid', `The reason is too long: at most ${textLimits.reason} characters.`, 'reason');

  // The recurrence rule (seed 004): a concern similar to an earlier unresolved one is not informal.
  const recurrenceOf =
    protocol.recurrence && !requested.formal
      ? c.earlierDisputes
          // Only a dispute still open is "unresolved": a withdrawn one does not count (issue 12 item 8).
          .filter((d) => d.status === 'open' && d.theme === c.theme)
          .map((d) => d.disputeId)
      : [];
  let start = requested;
  if (recurrenceOf.length > 0) start = stageById(protocol, protocol.recurrence!.startStageId)!;

  if (requested.id !== first.id) {
    const allowed = mayGoDirectlyTo(protocol, requested, c.immediateRisk);
    if (!allowed.ok) return no('invalid', allowed.why, 'startStageId');
    if (!reason)
      return no('invalid', `Please give the reason for starting at "${requested.name}".`, 'reason');
  }

  const raised: Raised = {
    type: 'Raised',
    at: now,
    actorId: actor.id,
    disputeId: c.disputeId,
    protocolId: protocol.id,
    raiserId: actor.id,
    socialWorkerId: c.socialWorkerId,
    child: {
      name: c.child.name.trim(),
      dateOfBirth: c.child.dateOfBirth,
      caseNumber: c.child.caseNumber.trim(),
    },
    conferenceDate: c.conferenceDate,
    theme: c.theme,
    concern: c.concern.trim(),
    actionsRequired: c.actionsRequired.trim(),
    immediateRisk: c.immediateRisk,
    startStageId: start.id,
    bypassReason: requested.id !== first.id ? reason : null,
    recurrenceOf,
    chairSetWorkingDays: c.chairSetWorkingDays ?? null,
    ...(challengedChairId ? { challengedChairId } : {}),
  };
  const opened = openStage({
    protocol,
    calendar,
    stage: start,
    roster: withRaiser(protocol, c.roster, actor.id, c.socialWorkerId),
    ...(c.rosterNotes ? { rosterNotes: c.rosterNotes } : {}),
    raiserId: actor.id,
    capOn: null,
    chairSetWorkingDays: start.responseTime.kind === 'set-by-chair' ? (c.chairSetWorkingDays ?? null) : null,
    at: now,
    actorId: actor.id,
  });
  if (isRefusal(opened)) return reject(opened);
  const alert = immediateReviewAlert(protocol, raised, opened, c.roster, now, actor.id);
  if (alert && 'code' in alert) return reject(alert);
  // Starting straight at the Board is the same referral as escalating there (Calderdale 6.11).
  const referral =
    start.id === requested.id && requested.id !== first.id
      ? referralAlerts(
          protocol,
          requested,
          Boolean(c.consulted),
          raiserRoster(protocol, c, actor.id),
          now,
          actor.id,
        )
      : null;
  if (referral && 'code' in referral) return reject(referral);
  return accept([raised, ...(referral ? [referral] : []), opened, ...(alert ? [alert] : [])]);
}

/**
 * On risk of significant harm, the people the protocol names are alerted at once, and the
 * challenged chair is named and told (Calderdale 6.6: "as a minimum the CPCC decision should be
 * immediately reviewed by the Service Manager for Safeguarding and Quality Assurance"; 6.10).
 */
function immediateReviewAlert(
  protocol: Protocol,
  raised: Raised,
  opened: StageOpened,
  roster: Roster,
  now: string,
  by: string,
): DisputeEvent | Refusal | null {
  const rule = protocol.immediateRisk;
  if (!rule || !raised.immediateRisk) return null;
  const alertedIds = unique(rule.alertRoles.flatMap((r) => roster[r] ?? [])).filter((id) => id !== by);
  if (alertedIds.length === 0)
    return refuse(
      'role-unfilled',
      `Nobody holds the role "${rule.alertRoles.map((r) => roleLabel(protocol, r)).join('" or "')}" to review ` +
        'this at once. Ask your directory administrator to fill it, then try again.',
    );
  return {
    type: 'ImmediateReviewAlerted',
    at: now,
    actorId: by,
    stageId: opened.stageId,
    alertedIds,
    challengedChairId: rule.tellChallengedChair ? (raised.challengedChairId ?? null) : null,
  };
}

function raiserRoster(protocol: Protocol, c: RaiseCommand, raiserId: string): Roster {
  return withRaiser(protocol, c.roster, raiserId, c.socialWorkerId);
}

function checkRaiseFields(c: RaiseCommand, protocol: Protocol, today: string): Refusal | undefined {
  if (!c.child.name.trim())
    return refuse('invalid', "Please give the child's name or initials.", 'child.name');
  if (c.child.name.length > textLimits.childName)
    return refuse(
      'invalid',
      `The child's name is too long: at most ${textLimits.childName} characters.`,
      'child.name',
    );
  if (!isIsoDate(c.child.dateOfBirth))
    return refuse(
      'invalid',
      "The child's date of birth must be a date written YYYY-MM-DD.",
      'child.dateOfBirth',
    );
  if (!c.child.caseNumber.trim())
    return refuse('invalid', 'Please give the case number.', 'child.caseNumber');
  if (c.child.caseNumber.length > textLimits.caseNumber)
    return refuse(
      'invalid',
      `The case number is too long: at most ${textLimits.caseNumber} characters.`,
      'child.caseNumber',
    );
  if (!isIsoDate(c.conferenceDate))
    return refuse('invalid', 'The conference date must be a date written YYYY-MM-DD.', 'conferenceDate');
  const notFuture = checkRaiseDatesNotFuture(c, today);
  if (notFuture) return notFuture;
  if (c.child.dateOfBirth > c.conferenceDate)
    return refuse('invalid', "The child's date of birth is after the conference date.", 'child.dateOfBirth');
  if (!themeIds(protocol).includes(c.theme))
    return refuse('invalid', `"${c.theme}" is not one of this protocol's themes.`, 'theme');
  if (!c.concern.trim()) return refuse('invalid', 'Please describe the concern.', 'concern');
  if (c.concern.length > textLimits.concern)
    return refuse('invalid', `The concern is too long: at most ${textLimits.concern} characters.`, 'concern');
  if (!c.actionsRequired.trim())
    return refuse('invalid', 'Please say what actions are required.', 'actionsRequired');
  if (c.actionsRequired.length > textLimits.actionsRequired)
    return refuse(
      'invalid',
      `The actions are too long: at most ${textLimits.actionsRequired} characters.`,
      'actionsRequired',
    );
  if (!c.socialWorkerId && namesSocialWorker(protocol))
    return refuse('invalid', 'Please choose the social worker.', 'socialWorkerId');
  if (c.chairSetWorkingDays != null) {
    const start = (c.startStageId && stageById(protocol, c.startStageId)) || protocol.stages[0]!;
    const rt = start.responseTime;
    if (rt.kind !== 'set-by-chair')
      return refuse(
        'invalid',
        `"${start.name}" has a fixed time limit; the chair does not set it.`,
        'chairSetWorkingDays',
      );
    if (
      !Number.isInteger(c.chairSetWorkingDays) ||
      c.chairSetWorkingDays < 1 ||
      c.chairSetWorkingDays > rt.maxWorkingDays
    )
      return refuse(
        'invalid',
        `The time you set must be between 1 and ${rt.maxWorkingDays} working days.`,
        'chairSetWorkingDays',
      );
  }
  return undefined;
}

/** Whether the protocol has a social worker named on the dispute (a concern about a chair names none). */
export function namesSocialWorker(protocol: Protocol): boolean {
  return Object.values(protocol.roles).some((r) => r.resolve.kind === 'named-on-dispute');
}

/**
 * Impossible dates are refused (issue 12 item 8): a conference cannot be in the future, nor a birth
 * date; "today" is the London date.
 */
function checkRaiseDatesNotFuture(c: RaiseCommand, today: string): Refusal | undefined {
  if (c.child.dateOfBirth > today)
    return refuse(
      'invalid',
      `The child's date of birth, ${c.child.dateOfBirth}, is in the future.`,
      'child.dateOfBirth',
    );
  if (c.conferenceDate > today)
    return refuse(
      'invalid',
      `The conference date, ${c.conferenceDate}, is in the future: a dispute follows a conference that has been held.`,
      'conferenceDate',
    );
  return undefined;
}
