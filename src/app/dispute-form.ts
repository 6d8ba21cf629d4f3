// The Dispute Resolution Form (Calderdale's Appendix 1, SEEDS.md "The form"), built from a
// dispute's events: the child, the conference, then for each stage reached the date it was sent,
// the concern (first stage) or the reason for escalation (later ones), the recommendations, each
// recipient's response with their name and status and the date returned, and the response
// timescale; then the resolution and its date. A pure function: the document adapter renders it.
import type { DisputeEvent, ResponseOutcome } from '../core/dispute/dispute-events.ts';
import type { Protocol } from '../core/protocol/protocol-schema.ts';
import { stageById } from '../core/protocol/stage-queries.ts';
import { themeLabel } from '../core/protocol/themes.ts';

export interface FormParty {
  name: string;
  /** Job title: the form's "status". */
  status: string;
}

export interface FormResponse {
  text: string;
  outcome: string;
  actionsProposed: string | null;
  moreTimeUntil: string | null;
  by: FormParty;
  dateReturned: string;
}

export interface FormStage {
  stageId: string;
  name: string;
  formal: boolean;
  dateSent: string;
  sentTo: FormParty[];
  copiedTo: FormParty[];
  /** "Summary of concern(s)" on the first stage, "Reason for escalation" on later ones. */
  concernLabel: 'Summary of concern(s)' | 'Reason for escalation';
  concern: string;
  /** Later stages carry the original concern with them, as the seed asks. */
  originalConcern: string | null;
  /** Why the dispute started at this stage rather than the first (bypass or recurrence). */
  startedHereBecause: string | null;
  recommendations: string;
  responses: FormResponse[];
  workingDays: number;
  dueOn: string;
  /** The latest date more time was given until, if any. */
  extendedTo: string | null;
  deadlineMissed: boolean;
  /** The meeting's date is the day it was held (booked for), not the day its outcome was written down. */
  meeting: { outcome: string; text: string; date: string } | null;
  /** The meeting as booked, before (or without) an outcome. */
  meetingOn: string | null;
  /** Appendix 1's "Response Expected within (insert) working days". */
  responseExpectedWithin: string;
}

export interface DisputeForm {
  reference: string;
  title: string;
  protocol: { name: string; council: string; processName: string };
  from: FormParty;
  child: { name: string; dateOfBirth: string; caseNumber: string };
  conferenceDate: string;
  theme: string;
  immediateRisk: boolean;
  stages: FormStage[];
  resolution: { kind: 'resolved' | 'withdrawn'; text: string; date: string; by: FormParty } | null;
  /** London date the form was produced. */
  producedOn: string;
}

const outcomeWords: Record<ResponseOutcome, string> = {
  'actions-agreed': 'Actions agreed',
  'actions-completed': 'Actions completed',
  disagree: 'Does not agree',
  'needs-more-time': 'Needs more time',
};

const groundsWords: Record<string, string> = {
  'not-answered-in-time': 'Not answered in time',
  'dissatisfied-with-response': 'Dissatisfied with the response',
};

const meetingWords: Record<string, string> = {
  resolved: 'Resolved at the meeting',
  'actions-agreed': 'Actions agreed at the meeting',
  'not-resolved': 'Not resolved at the meeting',
  'not-held': 'The meeting was not held',
};

export function buildDisputeForm(input: {
  reference: string;
  protocol: Protocol;
  events: readonly DisputeEvent[];
  partyOf: (personId: string) => FormParty;
  /** Europe/London date of an instant. */
  londonDateOf: (instant: string) => string;
  now: string;
}): DisputeForm {
  const { protocol, events, partyOf, londonDateOf } = input;
  const raised = events.find((e) => e.type === 'Raised');
  if (!raised || raised.type !== 'Raised') throw new Error('A dispute form needs a raised dispute.');

  const stages: FormStage[] = [];
  let resolution: DisputeForm['resolution'] = null;
  let pendingEscalation: string | null = null;
  // Appendix 1 has "Recommendation(s) for remedial action" at every stage: the chair's at each
  // escalation, or the original ones where the chair gave none.
  let pendingRecommendations: string | null = null;
  for (const e of events) {
    const current = stages[stages.length - 1];
    switch (e.type) {
      case 'Escalated':
        pendingEscalation = e.grounds ? `${groundsWords[e.grounds]}. ${e.reason}` : e.reason;
        pendingRecommendations = e.recommendations ?? null;
        break;
      case 'MeetingBooked':
      case 'MeetingMoved':
        if (current?.stageId === e.stageId) current.meetingOn = londonDateOf(e.start);
        break;
      case 'StageOpened': {
        const stage = stageById(protocol, e.stageId);
        const first = stages.length === 0;
        const startedHereBecause = first
          ? (raised.bypassReason ??
            (raised.recurrenceOf.length
              ? 'A similar concern raised before for this child remained unresolved, so the dispute started at this stage.'
              : null))
          : null;
        stages.push({
          stageId: e.stageId,
          name: stage?.name ?? e.stageId,
          formal: stage?.formal ?? true,
          dateSent: e.openedOn,
          sentTo: e.respondentIds.map(partyOf),
          copiedTo: e.copiedIds.map(partyOf),
          concernLabel: first ? 'Summary of concern(s)' : 'Reason for escalation',
          concern: first ? raised.concern : (pendingEscalation ?? ''),
          originalConcern: first ? null : raised.concern,
          startedHereBecause,
          recommendations: pendingRecommendations ?? raised.actionsRequired,
          responses: [],
          workingDays: e.workingDays,
          dueOn: e.dueOn,
          extendedTo: null,
          deadlineMissed: false,
          meeting: null,
          meetingOn: null,
          responseExpectedWithin: `${e.workingDays} working day${e.workingDays === 1 ? '' : 's'}`,
        });
        pendingEscalation = null;
        pendingRecommendations = null;
        break;
      }
      case 'Responded':
        if (current?.stageId === e.stageId)
          current.responses.push({
            text: e.text,
            outcome: outcomeWords[e.outcome] ?? e.outcome,
            actionsProposed: e.actionsProposed,
            moreTimeUntil: e.moreTimeUntil,
            by: partyOf(e.actorId),
            dateReturned: londonDateOf(e.at),
          });
        break;
      case 'Extended':
        if (current?.stageId === e.stageId) current.extendedTo = e.dueOn;
        break;
      case 'DeadlineMissed':
        if (current?.stageId === e.stageId) current.deadlineMissed = true;
        break;
      case 'MeetingOutcomeRecorded':
        if (current?.stageId === e.stageId)
          current.meeting = {
            outcome: meetingWords[e.outcome] ?? e.outcome,
            text: e.text,
            date: current.meetingOn ?? londonDateOf(e.at),
          };
        break;
      case 'Resolved':
        resolution = { kind: 'resolved', text: e.summary, date: londonDateOf(e.at), by: partyOf(e.actorId) };
        break;
      case 'Withdrawn':
        resolution = { kind: 'withdrawn', text: e.reason, date: londonDateOf(e.at), by: partyOf(e.actorId) };
        break;
      default:
        break;
    }
  }

  const formal = stages.some((s) => s.formal);
  return {
    reference: input.reference,
    title: formal ? 'Dispute Resolution Notification Document' : 'Dispute Resolution Notification Form',
    protocol: { name: protocol.name, council: protocol.council, processName: protocol.processName },
    from: partyOf(raised.raiserId),
    child: { ...raised.child },
    conferenceDate: raised.conferenceDate,
    theme: themeLabel(protocol, raised.theme),
    immediateRisk: raised.immediateRisk,
    stages,
    resolution,
    producedOn: londonDateOf(input.now),
  };
}
