// A dispute as the REST API and the tab show it to one person.
import type { z } from 'zod';
import type { DisputeViewSchema } from '../contract/dispute-view.ts';
import { initialsOf, maySeeChildDetails } from '../core/access/access-policy.ts';
import { rolesOf } from '../core/dispute/dispute-participants.ts';
import { isAfter } from '../core/calendar/instants.ts';
import { activeMeeting } from '../core/dispute/dispute-state.ts';
import { isStageAnswered, stillToAnswer } from '../core/dispute/decide.ts';
import { stageById, stageWorkingDays } from '../core/protocol/stage-queries.ts';
import type { Protocol, Stage } from '../core/protocol/protocol-schema.ts';
import type { DisputeState } from '../core/dispute/dispute-state.ts';
import type { LoadedDispute } from './dispute-writer.ts';
import type { Person } from './ports/directory.ts';
import type { OutboxRow } from './ports/outbox.ts';
import { allowedActions } from '../core/dispute/allowed-actions.ts';

/** DisputeView: declared once, as the API contract's schema (dispute-view.ts). */
export type DisputeView = z.infer<typeof DisputeViewSchema>;

export function disputeView(
  loaded: LoadedDispute,
  viewer: Person,
  outbox: readonly OutboxRow[],
  reads: readonly { personId: string; at: string; what: string; allowed: boolean }[],
  now: string,
): DisputeView {
  const { state, entry, projection } = loaded;
  const child = state.child!;
  const full = maySeeChildDetails(state, viewer);
  const stage = state.stage ? stageById(entry.protocol, state.stage.id) : undefined;
  const booking = activeMeeting(state);
  const seen = new Map<string, string>();
  for (const r of reads) if (r.allowed && !seen.has(r.personId)) seen.set(r.personId, r.at);
  return {
    id: state.id,
    reference: projection.reference,
    version: state.version,
    protocolId: state.protocolId,
    status: state.status as DisputeView['status'],
    // A disposed record has no child any more: say so rather than show initials of "[redacted]".
    child: state.redactedAt
      ? { name: '[redacted]', initials: '', dateOfBirth: null, caseNumber: '[redacted]' }
      : {
          name: full ? child.name : initialsOf(child.name),
          initials: initialsOf(child.name),
          dateOfBirth: full ? child.dateOfBirth : null,
          caseNumber: child.caseNumber,
        },
    conferenceDate: state.conferenceDate,
    theme: state.theme,
    concern: state.concern,
    actionsRequired: state.actionsRequired,
    immediateRisk: state.immediateRisk,
    raiserId: state.raiserId,
    socialWorkerId: state.socialWorkerId,
    stage:
      state.stage && stage
        ? {
            id: stage.id,
            name: stage.name,
            formal: stage.formal,
            asks: stage.asks,
            openedOn: state.stage.openedOn,
            dueOn: state.stage.dueOn,
            dueAt: state.stage.dueAt,
            // Past its due date and still unanswered: a stage answered late is not "overdue".
            overdue:
              state.status === 'open' && isAfter(now, state.stage.dueAt) && !isStageAnswered(state, stage),
            answered: isStageAnswered(state, stage),
            awaitingChairDecision: state.stage.awaitingChairDecision,
            meeting: state.stage.meeting,
            routingNotes: state.stage.routingNotes,
            jointResponse: Boolean(stage.jointResponse),
            stillToAnswer: stillToAnswer(state, stage),
            coSignedBy: state.stage.coSignedBy,
            stepRefused: state.stage.stepRefused,
            productDefaults: productDefaultsOf(entry.protocol, stage),
            seedConflicts: seedConflictsOf(stage),
            proposedSlots: state.stage.proposedSlots,
            confirmedSlot: state.stage.confirmedSlot,
            meetingRequested: state.stage.meetingRequested,
          }
        : null,
    localRecord: localRecordOf(state, entry.protocol),
    capOn: state.capOn,
    capReached: state.capReachedAt !== null,
    meeting: booking
      ? {
          start: booking.start,
          end: booking.end,
          provider: booking.provider,
          joinUrl: booking.joinUrl,
          chairId: booking.chairId,
          attendeeIds: booking.attendeeIds,
          responses: booking.responses,
          warnings: booking.warnings,
          sequence: booking.sequence,
        }
      : null,
    meetingNotBooked: state.stage?.meetingNotBooked ?? null,
    respondents: state.stage?.respondentIds ?? [],
    copied: state.stage?.copiedIds ?? [],
    yourRoles: rolesOf(state, entry.protocol, viewer.id),
    events: loaded.events.map(({ seq, event }) =>
      event.type === 'Raised' && !full
        ? {
            ...event,
            seq,
            child: { name: initialsOf(child.name), dateOfBirth: '', caseNumber: child.caseNumber },
          }
        : { ...event, seq },
    ),
    notifications: outbox.map((o) => ({
      recipientId: o.recipientId,
      reason: o.reason,
      stageId: o.stageId,
      channel: o.channel,
      status: o.status,
      attempts: o.attempts,
      lastError: o.lastError,
    })),
    seenBy: [...seen].map(([personId, at]) => ({ personId, at })),
    allowedActions: allowedActions(
      state,
      { kind: 'person', id: viewer.id, posts: viewer.posts },
      entry.protocol,
      entry.calendar,
      now,
    ),
  };
}

/** Every value of a stage the council's document does not give, in words (SEEDS.md: labelled as such). */
export function productDefaultsOf(protocol: Protocol, stage: Stage): string[] {
  const out: string[] = [];
  const not = (what: string, note: string) => out.push(`${what}: not in the source document. ${note}`);
  if (!stage.responseTime.source.fromSource)
    not(`${stageWorkingDays(stage)} working days to respond`, stage.responseTime.source.note);
  if (!stage.onDeadline.source.fromSource)
    not('What happens at a missed deadline', stage.onDeadline.source.note);
  if (stage.onDeadline.action === 'ask-chair' && stage.onDeadline.autoEscalateAfterWorkingDays)
    out.push(
      `Moving on by itself ${stage.onDeadline.autoEscalateAfterWorkingDays} working days after a missed deadline without the chair's decision: this product's default; the protocol leaves it to the chair.`,
    );
  if (stage.meeting.need !== 'none') {
    if (stage.meeting.source && !stage.meeting.source.fromSource)
      not('The meeting', stage.meeting.source.note);
    if (!protocol.meetingNotice.source.fromSource)
      not(
        `Meetings booked from ${protocol.meetingNotice.workingDays} working day${protocol.meetingNotice.workingDays === 1 ? '' : 's'} ahead`,
        protocol.meetingNotice.source.note,
      );
  }
  if (!stage.recording.source.fromSource) not("What goes on the child's file", stage.recording.source.note);
  return out;
}

function seedConflictsOf(stage: Stage): string[] {
  return [
    stage.responseTime.source,
    stage.onDeadline.source,
    stage.meeting.source,
    stage.recording.source,
    stage.escalationGrounds?.source,
  ].flatMap((src) => (src?.conflict ? [src.conflict] : []));
}

function localRecordOf(state: DisputeState, protocol: Protocol): DisputeView['localRecord'] {
  const held = state.stagesVisited
    .map((id) => stageById(protocol, id)?.recording.heldLocallyUntilResolved)
    .filter((x): x is string => Boolean(x));
  const what = held[held.length - 1];
  if (!what) return null;
  if (state.status === 'open')
    return {
      what,
      now: 'keep-locally',
      instruction: `Keep the ${what} locally, not on the child's file, while the dispute is open.`,
    };
  if (state.status === 'resolved')
    return {
      what,
      now: 'put-on-child-file',
      instruction: `The dispute is resolved: put the ${what.replace(/ \(.*\)$/, '')} on the child's file now.`,
    };
  return null;
}
