// The one place where the rules of a dispute live. `decide` turns a command into events, or into a
// refusal that says why; it never reads a clock, a database or a directory: all of that is passed in.
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.ts';
import { hasReached, isAfter } from '../calendar/instants.ts';
import { londonDateOf } from '../calendar/working-day-calendar.ts';
import type { Protocol, Stage } from '../protocol/protocol-schema.ts';
import { closeOfBusinessOn, nextStage, stageById, stageIndex } from '../protocol/stage-queries.ts';
import {
  actorId as idOf,
  textLimits,
  type Actor,
  type DisputeCommand,
  type EscalateCommand,
  type RaiseCommand,
  type Roster,
  type RosterNote,
} from './dispute-commands.ts';
import type {
  DisputeEvent,
  EscalationCause,
  EscalationGrounds,
  Raised,
  StageOpened,
} from './dispute-events.ts';
import { isMeetingChair, isParticipant, isRaiser, isRespondent, mayResolve } from './dispute-participants.ts';
import type { DisputeState } from './dispute-state.ts';
import { isRefusal, openStage, roleLabel } from './open-stage.ts';
import { refuse, type Refusal } from './refusal.ts';
import { themeIds } from '../protocol/themes.ts';
import { cancelActiveMeeting, decideMeeting, stageHasMeeting } from './decide-meeting.ts';

export type Decision = { ok: true; events: DisputeEvent[] } | { ok: false; refusal: Refusal };

const accept = (events: DisputeEvent[]): Decision => ({ ok: true, events });
const reject = (refusal: Refusal): Decision => ({ ok: false, refusal });
const no = (code: Refusal['code'], message: string, field?: string): Decision =>
  reject(refuse(code, message, field));

export function decide(
  state: DisputeState,
  command: DisputeCommand,
  actor: Actor,
  now: string,
  protocol: Protocol,
  calendar: WorkingDayCalendar,
): Decision {
  if (command.type === 'raise') return decideRaise(state, command, actor, now, protocol, calendar);
  if (state.status === 'none') return no('not-found', 'There is no such dispute.');
  if (protocol.id !== state.protocolId)
    return no('invalid', `This dispute runs under protocol "${state.protocolId}", not "${protocol.id}".`);

  const ctx: Ctx = { state, actor, now, protocol, calendar, by: idOf(actor) };
  const isSystemCommand =
    command.type === 'deadline-missed' ||
    command.type === 'chair-decision-overdue' ||
    command.type === 'retry-refused-step' ||
    command.type === 'remind' ||
    command.type === 'cap-reached' ||
    command.type === 'record-meeting-booked' ||
    command.type === 'record-meeting-not-booked' ||
    command.type === 'record-meeting-response' ||
    command.type === 'propose-meeting-slots';
  if (isSystemCommand !== (actor.kind === 'system'))
    return no(
      'not-allowed',
      isSystemCommand
        ? 'Only the deadline engine records missed deadlines and reminders.'
        : 'The deadline engine cannot act for a person.',
    );

  // A disposed record is a de-identified skeleton: nothing can be added to it, not even a note.
  if (state.redactedAt)
    return isSystemCommand
      ? no('no-longer-applies', 'The dispute is closed.')
      : no('closed', 'This dispute’s record has been disposed of under the retention schedule.');
  if (command.type === 'add-note') return decideNote(ctx, command.text);
  if (state.status !== 'open') {
    // A deadline or reminder for a closed dispute is simply stale; a person is told what happened.
    if (isSystemCommand) return no('no-longer-applies', 'The dispute is closed.');
    return no('closed', closedMessage(state));
  }
  const stage = state.stage && stageById(protocol, state.stage.id);
  if (!stage || !state.stage) return no('invalid', 'This dispute has no open stage.');

  switch (command.type) {
    case 'acknowledge': {
      if (!isRespondent(state, ctx.by))
        return no('not-allowed', `Only the people asked to respond at "${stage.name}" can acknowledge it.`);
      if (state.stage.acknowledgedBy.includes(ctx.by))
        return no('no-longer-applies', `You have already acknowledged "${stage.name}".`);
      return accept([{ type: 'Acknowledged', at: now, actorId: ctx.by, stageId: stage.id }]);
    }
    case 'respond': {
      const late = lateAnswer(ctx, stage, command.stageId ?? null);
      if (late) return reject(late);
      if (!isRespondent(state, ctx.by))
        return no('not-allowed', `Only the people asked to respond at "${stage.name}" can respond to it.`);
      const text = command.text.trim();
      if (!text) return no('invalid', 'Please write your response.', 'text');
      if (text.length > textLimits.responseText)
        return no(
          'invalid',
          `Your response is too long: at most ${textLimits.responseText} characters.`,
          'text',
        );
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
          at: now,
          actorId: ctx.by,
          stageId: stage.id,
          outcome: command.outcome,
          text,
          actionsProposed,
          moreTimeUntil,
        },
      ]);
    }
    case 'co-sign':
      return decideCoSign(ctx, stage, command.responseBy ?? null);
    case 'extend': {
      if (!isRaiser(state, ctx.by))
        return no('not-allowed', 'Only the chair who raised the dispute can give more time.');
      const reason = command.reason.trim();
      const badReason = checkReason(reason);
      if (badReason) return reject(badReason);
      const bad = checkFutureWorkingDay(ctx, command.dueOn, 'dueOn');
      if (bad) return reject(bad);
      if (command.dueOn <= state.stage.dueOn && !state.stage.awaitingChairDecision)
        return no(
          'invalid',
          `The new date must be after the current due date, ${state.stage.dueOn}.`,
          'dueOn',
        );
      return accept([
        {
          type: 'Extended',
          at: now,
          actorId: ctx.by,
          stageId: stage.id,
          previousDueOn: state.stage.dueOn,
          dueOn: command.dueOn,
          dueAt: closeOfBusinessOn(protocol, calendar, command.dueOn),
          reason,
          // An extension past the overall cap is allowed (stage deadlines are not clipped), but
          // recorded as crossing it and flagged (SEEDS.md "Two clocks"; issue 12 item 4).
          ...(state.capOn && command.dueOn > state.capOn ? { beyondCapOn: state.capOn } : {}),
        },
      ]);
    }
    case 'escalate':
      return decideEscalate(ctx, stage, command);
    case 'resolve': {
      if (!mayResolve(state, protocol, ctx.by))
        return no(
          'not-allowed',
          stage.respondentDecides
            ? `Only the chair or the ${respondentLabels(protocol, stage)} can resolve this dispute.`
            : 'Only the chair who raised the dispute can resolve it.',
        );
      const summary = command.summary.trim();
      if (!summary)
        return no('invalid', 'Please write a short summary of how the concern was resolved.', 'summary');
      if (summary.length > textLimits.summary)
        return no('invalid', `The summary is too long: at most ${textLimits.summary} characters.`, 'summary');
      return accept([
        {
          type: 'Resolved',
          at: now,
          actorId: ctx.by,
          stageId: stage.id,
          summary,
          keepMonitoring: command.keepMonitoring,
          ...localRecordToFile(state, protocol),
        },
        ...cancelActiveMeeting(
          state,
          'The dispute was resolved, so the meeting is no longer needed.',
          ctx.by,
          now,
        ),
      ]);
    }
    case 'withdraw': {
      if (!isRaiser(state, ctx.by))
        return no('not-allowed', 'Only the chair who raised the dispute can withdraw it.');
      const reason = command.reason.trim();
      const bad = checkReason(reason);
      if (bad) return reject(bad);
      return accept([
        { type: 'Withdrawn', at: now, actorId: ctx.by, stageId: stage.id, reason },
        ...cancelActiveMeeting(
          state,
          'The dispute was withdrawn, so the meeting is no longer needed.',
          ctx.by,
          now,
        ),
      ]);
    }
    case 'record-meeting-outcome': {
      // Who may record comes first: someone else learns nothing about the meeting from the refusal.
      if (!isRaiser(state, ctx.by) && !isMeetingChair(state, ctx.by))
        return no('not-allowed', 'Only the chair of the dispute or of the meeting can record the meeting.');
      if (!state.stage.meeting || !stageHasMeeting(state))
        return no(
          'invalid',
          state.stage.meeting
            ? `No meeting was asked for or booked at "${stage.name}", so there is no meeting outcome to record. Ask for the meeting first, or add a note.`
            : `"${stage.name}" has no meeting, so there is no meeting outcome to record. Add a note instead.`,
          'outcome',
        );
      if (state.stage.meetingOutcome && state.stage.meetingOutcome !== 'not-held')
        return no('no-longer-applies', `The meeting at "${stage.name}" is already recorded.`);
      const text = command.text.trim();
      if (!text) return no('invalid', 'Please write what the meeting decided.', 'text');
      if (text.length > textLimits.note)
        return no('invalid', `The record is too long: at most ${textLimits.note} characters.`, 'text');
      return accept([
        {
          type: 'MeetingOutcomeRecorded',
          at: now,
          actorId: ctx.by,
          stageId: stage.id,
          outcome: command.outcome,
          text,
        },
      ]);
    }
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
      const waiting = state.stage.awaitingChairDecision;
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
      const refused = state.stage.stepRefused;
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
        state.stage.awaitingChairDecision ? 'no-chair-decision' : 'deadline',
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

interface Ctx {
  state: DisputeState;
  actor: Actor;
  now: string;
  protocol: Protocol;
  calendar: WorkingDayCalendar;
  by: string;
}

function decideRaise(
  state: DisputeState,
  command: RaiseCommand,
  actor: Actor,
  now: string,
  protocol: Protocol,
  calendar: WorkingDayCalendar,
): Decision {
  if (state.status !== 'none') return no('no-longer-applies', 'This dispute has already been raised.');
  if (actor.kind !== 'person') return no('not-allowed', 'A dispute is raised by a person.');
  const required = protocol.raisedBy.requiredPosts;
  if (required.length > 0 && !required.some((p) => actor.posts.includes(p)))
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

/** The raiser and the social worker are known from the dispute itself; the roster adds the rest. */
function withRaiser(protocol: Protocol, roster: Roster, raiserId: string, socialWorkerId: string): Roster {
  const out: Record<string, readonly string[]> = { ...roster };
  for (const [name, role] of Object.entries(protocol.roles)) {
    if (role.resolve.kind === 'raiser') out[name] = [raiserId];
    if (role.resolve.kind === 'named-on-dispute') out[name] = [socialWorkerId];
  }
  return out;
}

function checkRaiseFields(c: RaiseCommand, protocol: Protocol, today: string): Refusal | undefined {
  const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isRealDate(s);
  if (!c.child.name.trim())
    return refuse('invalid', "Please give the child's name or initials.", 'child.name');
  if (c.child.name.length > textLimits.childName)
    return refuse(
      'invalid',
      `The child's name is too long: at most ${textLimits.childName} characters.`,
      'child.name',
    );
  if (!isDate(c.child.dateOfBirth))
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
  if (!isDate(c.conferenceDate))
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

function isRealDate(s: string): boolean {
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

/** Whether the chair may open `target` directly, skipping the stages between. */
export function mayGoDirectlyTo(
  protocol: Protocol,
  target: Stage,
  immediateRisk: boolean,
): { ok: true } | { ok: false; why: string } {
  const b = protocol.bypass;
  if (b.anyStage || b.alwaysAllowedStageIds.includes(target.id) || (immediateRisk && b.onImmediateRisk))
    return { ok: true };
  return {
    ok: false,
    why: b.onImmediateRisk
      ? `${protocol.name} follows its stages in order unless the child is at immediate risk of significant harm; "${target.name}" cannot be reached directly otherwise.`
      : `${protocol.name} does not allow going straight to "${target.name}".`,
  };
}

function decideEscalate(ctx: Ctx, stage: Stage, command: EscalateCommand): Decision {
  const { state, protocol } = ctx;
  if (!isRaiser(state, ctx.by))
    return no('not-allowed', 'Only the chair who raised the dispute can escalate it.');
  const reason = command.reason.trim();
  const bad = checkReason(reason);
  if (bad) return reject(bad);
  const next = nextStage(protocol, stage.id);
  const target = command.toStageId ? stageById(protocol, command.toStageId) : next;
  if (command.toStageId && !target)
    return no('invalid', `"${command.toStageId}" is not a stage of ${protocol.name}.`, 'toStageId');
  if (!target)
    return no(
      'invalid',
      `"${stage.name}" is the last stage of ${protocol.name}: there is no further stage.`,
      'toStageId',
    );
  if (stageIndex(protocol, target.id) <= stageIndex(protocol, stage.id))
    return no(
      'invalid',
      `A dispute only moves forward: "${target.name}" is not after "${stage.name}".`,
      'toStageId',
    );
  if (target.id !== next?.id) {
    const allowed = mayGoDirectlyTo(protocol, target, state.immediateRisk);
    if (!allowed.ok) return no('invalid', allowed.why, 'toStageId');
  }
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
function escalationGroundsFor(
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
  if (nextStage(protocol, from.id)?.id === target.id) return null;
  const roster = withRaiser(protocol, command.roster, state.raiserId, state.socialWorkerId);
  return referralAlerts(protocol, target, Boolean(command.consulted), roster, now, by);
}

function raiserRoster(protocol: Protocol, c: RaiseCommand, raiserId: string): Roster {
  return withRaiser(protocol, c.roster, raiserId, c.socialWorkerId);
}

/** The referral's consultation check and pre-alerts, for a raise or an escalation to `target`. */
function referralAlerts(
  protocol: Protocol,
  target: Stage,
  consulted: boolean,
  roster: Roster,
  now: string,
  by: string,
): DisputeEvent | Refusal | null {
  const rule = protocol.bypass.referral;
  if (!rule || !protocol.bypass.alwaysAllowedStageIds.includes(target.id)) return null;
  const namesOf = (roles: readonly string[]) => roles.map((r) => roleLabel(protocol, r)).join(', ');
  const consultedIds = unique(protocol.bypass.consultRoles.flatMap((r) => roster[r] ?? []));
  if (!consulted)
    return refuse(
      'invalid',
      `Before referring the dispute to "${target.name}", consult the ${namesOf(protocol.bypass.consultRoles)} and confirm you have. ` +
        `The ${namesOf(rule.preAlertRoles)} will be alerted by email before the referral is sent.`,
      'consulted',
    );
  const alertedIds = unique(rule.preAlertRoles.flatMap((r) => roster[r] ?? [])).filter((id) => id !== by);
  const missing = rule.preAlertRoles.filter((r) => (roster[r] ?? []).length === 0);
  if (missing.length)
    return refuse(
      'role-unfilled',
      `Nobody holds the role "${namesOf(missing)}", who must be alerted before "${target.name}" is sent. ` +
        'Ask your directory administrator to fill it, then try again.',
    );
  return { type: 'ReferralPreAlerted', at: now, actorId: by, toStageId: target.id, consultedIds, alertedIds };
}

function escalateTo(
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

/** Whether the stage got what it asked for before its deadline. */
function stageAnswered(ctx: Ctx, stage: Stage): boolean {
  return isStageAnswered(ctx.state, stage);
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

/** A respondent signs another respondent's response: the stage's answer is then theirs too. */
function decideCoSign(ctx: Ctx, stage: Stage, named: string | null): Decision {
  const { state, now, by } = ctx;
  const current = state.stage!;
  if (!stage.jointResponse)
    return no(
      'invalid',
      `"${stage.name}" does not ask for a jointly agreed response: please answer it yourself.`,
      'responseBy',
    );
  if (!isRespondent(state, by))
    return no(
      'not-allowed',
      `Only the people asked for the jointly agreed response at "${stage.name}" can co-sign it; you did not share in it.`,
    );
  const responseBy =
    named ?? current.responses.filter((r) => r.by !== by && r.outcome !== 'needs-more-time').at(-1)?.by ?? '';
  if (responseBy === by) return no('invalid', 'You cannot co-sign your own response.', 'responseBy');
  const response = current.responses.find((r) => r.by === responseBy && r.outcome !== 'needs-more-time');
  if (!response)
    return no('invalid', `There is no response at "${stage.name}" by that person to co-sign.`, 'responseBy');
  if (
    current.coSignedBy.includes(by) ||
    current.responses.some((r) => r.by === by && r.outcome !== 'needs-more-time')
  )
    return no('no-longer-applies', `You have already answered "${stage.name}".`);
  return accept([{ type: 'CoSigned', at: now, actorId: by, stageId: stage.id, responseBy }]);
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
  if (stageAnswered(ctx, stage)) return no('no-longer-applies', `"${stage.name}" was answered in time.`);
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
    if (stageAnswered(ctx, stage)) return no('no-longer-applies', `"${stage.name}" has been answered.`);
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

function decideNote(ctx: Ctx, raw: string): Decision {
  const { state, now, by } = ctx;
  if (ctx.actor.kind !== 'person' || !isParticipant(state, by))
    return no('not-allowed', 'Only the people involved in this dispute can add a note to it.');
  const text = raw.trim();
  if (!text) return no('invalid', 'The note is empty.', 'text');
  if (text.length > textLimits.note)
    return no('invalid', `The note is too long: at most ${textLimits.note} characters.`, 'text');
  return accept([{ type: 'NoteAdded', at: now, actorId: by, stageId: state.stage?.id ?? '', text }]);
}

/**
 * What was kept off the child's file until resolution (seed 004: "saved locally ... until the
 * dispute is resolved"): at resolution the chair is prompted to put it on the child's file.
 */
function localRecordToFile(state: DisputeState, protocol: Protocol): { localRecordToFile?: string } {
  const held = state.stagesVisited
    .map((id) => stageById(protocol, id)?.recording.heldLocallyUntilResolved)
    .filter((x): x is string => Boolean(x));
  const last = held[held.length - 1];
  return last ? { localRecordToFile: last } : {};
}

function checkReason(reason: string): Refusal | undefined {
  if (!reason) return refuse('invalid', 'Please give a reason: it is recorded on the dispute.', 'reason');
  if (reason.length > textLimits.reason)
    return refuse('invalid', `The reason is too long: at most ${textLimits.reason} characters.`, 'reason');
  return undefined;
}

function checkFutureWorkingDay(ctx: Ctx, date: string, field: string): Refusal | undefined {
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

function respondentLabels(protocol: Protocol, stage: Stage): string {
  return stage.respondentRoles.map((r) => roleLabel(protocol, r)).join(' or ');
}

function closedMessage(state: DisputeState): string {
  const on = state.closedAt ? ` on ${londonDateOf(state.closedAt)}` : '';
  return state.status === 'resolved'
    ? `This dispute was resolved${on}; nothing more can change. If the concern returns, please raise a new dispute.`
    : `This dispute was withdrawn${on}; nothing more can change.`;
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
