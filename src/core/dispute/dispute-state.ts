// A dispute's current state: a fold of its events. Nothing here decides anything.
import type {
  ChildDetails,
  DisputeEvent,
  MeetingBooked,
  MeetingOutcome,
  MeetingResponse,
  ReminderKind,
  ResponseOutcome,
  StageOpened,
} from './dispute-events.ts';

/** A meeting as booked in calendars (what the MeetingBooked event says), and what became of it. */
export interface MeetingBooking extends Omit<MeetingBooked, 'type' | 'at' | 'actorId'> {
  sequence: number;
  cancelled: boolean;
  responses: Record<string, MeetingResponse>;
}

export interface StageResponse {
  by: string;
  at: string;
  outcome: ResponseOutcome;
  text: string;
  actionsProposed: string | null;
  moreTimeUntil: string | null;
}

/** The open stage: what the StageOpened event said, and what has happened since. */
export interface CurrentStage extends Pick<
  StageOpened,
  'openedOn' | 'dueOn' | 'dueAt' | 'respondentIds' | 'copiedIds' | 'notifiedIds' | 'meeting'
> {
  id: string;
  acknowledgedBy: string[];
  responses: StageResponse[];
  /** Respondents who co-signed another's response at a jointly answered stage. */
  coSignedBy: string[];
  meetingOutcome: MeetingOutcome | null;
  /** The deadline passed and the chair was asked to decide (cleared by a decision or more time). */
  awaitingChairDecision: { since: string; autoEscalateOn: string | null } | null;
  /** Set when the deadline at `dueOn` was recorded as missed, so it is recorded once. */
  missedDueOn: string | null;
  /** `${kind}:${forDate}` of reminders already sent for this stage. */
  remindersSent: string[];
  /** Who stands in for someone away at this stage, and why. */
  routingNotes: { personId: string; reason: string }[];
  /** An automatic step refused and not yet taken: it is retried, and the chair told, each working day. */
  stepRefused: { toStageId: string; why: string; since: string; lastOn: string } | null;
  /** Why the stage's meeting could not be booked, with the next best times. */
  meetingNotBooked: { reason: string; nextBestSlots: { start: string; end: string }[] } | null;
  /** The chair asked for the stage's optional meeting (or a new one after one not held). */
  meetingRequested: { at: string; reason: string } | null;
  /** Times proposed to whoever confirms the meeting's date, until one is confirmed. */
  proposedSlots: { slots: { start: string; end: string }[]; confirmerIds: string[] } | null;
  /** The time the confirmer chose: the calendar books exactly this. */
  confirmedSlot: { start: string; end: string } | null;
}

/** A stage the dispute has left, kept so a late answer to it is refused with the reason. */
export interface PastStage {
  id: string;
  respondentIds: string[];
  /** When the dispute moved on from it. */
  closedAt: string;
}

export interface DisputeState {
  id: string;
  /** Number of events in the stream: the optimistic-concurrency version. */
  version: number;
  protocolId: string;
  status: 'none' | 'open' | 'resolved' | 'withdrawn';
  raiserId: string;
  socialWorkerId: string;
  child: ChildDetails | null;
  conferenceDate: string;
  theme: string;
  concern: string;
  actionsRequired: string;
  immediateRisk: boolean;
  chairSetWorkingDays: number | null;
  recurrenceOf: string[];
  raisedAt: string;
  stage: CurrentStage | null;
  /** Stage ids in the order they were opened. */
  stagesVisited: string[];
  /** The stages left behind, oldest first. */
  pastStages: PastStage[];
  /** The conference chair whose decision is challenged (conference-dissent flows). */
  challengedChairId: string | null;
  capOn: string | null;
  capReachedAt: string | null;
  closedAt: string | null;
  /** Everyone the dispute has involved: they may read it and add notes. */
  participantIds: string[];
  /** Every meeting booked for the dispute, cancelled ones included (invitations, feeds). */
  meetings: MeetingBooking[];
  /** When the record was disposed of (its personal data erased); nothing more can happen to it. */
  redactedAt?: string | null;
}

export function initialState(): DisputeState {
  return {
    id: '',
    version: 0,
    protocolId: '',
    status: 'none',
    raiserId: '',
    socialWorkerId: '',
    child: null,
    conferenceDate: '',
    theme: '',
    concern: '',
    actionsRequired: '',
    immediateRisk: false,
    chairSetWorkingDays: null,
    recurrenceOf: [],
    raisedAt: '',
    stage: null,
    stagesVisited: [],
    pastStages: [],
    challengedChairId: null,
    capOn: null,
    capReachedAt: null,
    closedAt: null,
    participantIds: [],
    meetings: [],
  };
}

/** The current stage's meeting, if one is booked and not cancelled. */
export function activeMeeting(state: DisputeState): MeetingBooking | undefined {
  return state.meetings.find((m) => m.stageId === state.stage?.id && !m.cancelled);
}

const addUnique = (xs: readonly string[], ys: readonly string[]): string[] => [...new Set([...xs, ...ys])];

export function evolve(state: DisputeState, event: DisputeEvent): DisputeState {
  const s: DisputeState = { ...state, version: state.version + 1 };
  const stage = s.stage;
  switch (event.type) {
    case 'Raised':
      return {
        ...s,
        id: event.disputeId,
        protocolId: event.protocolId,
        status: 'open',
        raiserId: event.raiserId,
        socialWorkerId: event.socialWorkerId,
        child: event.child,
        conferenceDate: event.conferenceDate,
        theme: event.theme,
        concern: event.concern,
        actionsRequired: event.actionsRequired,
        immediateRisk: event.immediateRisk,
        chairSetWorkingDays: event.chairSetWorkingDays,
        recurrenceOf: event.recurrenceOf,
        raisedAt: event.at,
        challengedChairId: event.challengedChairId ?? null,
        participantIds: addUnique(s.participantIds, [
          event.raiserId,
          ...(event.challengedChairId ? [event.challengedChairId] : []),
        ]),
      };
    case 'StageOpened':
      return {
        ...s,
        stage: {
          id: event.stageId,
          openedOn: event.openedOn,
          dueOn: event.dueOn,
          dueAt: event.dueAt,
          respondentIds: event.respondentIds,
          copiedIds: event.copiedIds,
          notifiedIds: event.notifiedIds,
          meeting: event.meeting,
          acknowledgedBy: [],
          responses: [],
          coSignedBy: [],
          meetingOutcome: null,
          awaitingChairDecision: null,
          missedDueOn: null,
          remindersSent: [],
          stepRefused: null,
          meetingNotBooked: null,
          meetingRequested: null,
          proposedSlots: null,
          confirmedSlot: null,
          routingNotes: event.routingNotes ?? [],
        },
        stagesVisited: [...s.stagesVisited, event.stageId],
        pastStages: stage
          ? [...s.pastStages, { id: stage.id, respondentIds: stage.respondentIds, closedAt: event.at }]
          : s.pastStages,
        capOn: s.capOn ?? event.capOn,
        participantIds: addUnique(s.participantIds, [
          ...event.respondentIds,
          ...event.copiedIds,
          ...event.notifiedIds,
          ...(event.meeting
            ? [...event.meeting.attendeeIds, ...(event.meeting.chairId ? [event.meeting.chairId] : [])]
            : []),
        ]),
      };
    case 'Acknowledged':
      return stage
        ? { ...s, stage: { ...stage, acknowledgedBy: addUnique(stage.acknowledgedBy, [event.actorId]) } }
        : s;
    case 'Responded':
      return stage
        ? {
            ...s,
            stage: {
              ...stage,
              responses: [
                ...stage.responses,
                {
                  by: event.actorId,
                  at: event.at,
                  outcome: event.outcome,
                  text: event.text,
                  actionsProposed: event.actionsProposed,
                  moreTimeUntil: event.moreTimeUntil,
                },
              ],
            },
          }
        : s;
    case 'CoSigned':
      return stage
        ? { ...s, stage: { ...stage, coSignedBy: addUnique(stage.coSignedBy, [event.actorId]) } }
        : s;
    case 'Extended':
      return stage
        ? {
            ...s,
            stage: {
              ...stage,
              dueOn: event.dueOn,
              dueAt: event.dueAt,
              awaitingChairDecision: null,
              remindersSent: [],
              // More time from the chair replaces the automatic step that was refused.
              stepRefused: null,
            },
          }
        : s;
    case 'ReminderDue':
      return stage
        ? {
            ...s,
            stage: { ...stage, remindersSent: [...stage.remindersSent, `${event.kind}:${event.forDate}`] },
          }
        : s;
    case 'DeadlineMissed':
      return stage
        ? {
            ...s,
            // Those the chair consults are told of the dispute, so they may read it.
            participantIds: addUnique(s.participantIds, event.consultIds),
            stage: {
              ...stage,
              missedDueOn: event.dueOn,
              awaitingChairDecision:
                event.action === 'ask-chair'
                  ? { since: event.at, autoEscalateOn: event.autoEscalateOn }
                  : null,
            },
          }
        : s;
    case 'Escalated':
      // The next StageOpened replaces the stage; nothing to fold here but the version.
      return s;
    case 'AutomaticStepRefused':
      return stage
        ? {
            ...s,
            stage: {
              ...stage,
              stepRefused: {
                toStageId: event.toStageId,
                why: event.why,
                since: stage.stepRefused?.since ?? event.at,
                lastOn: event.forDate,
              },
            },
          }
        : s;
    case 'CapReached':
      return { ...s, capReachedAt: event.at, participantIds: addUnique(s.participantIds, event.alertedIds) };
    case 'Resolved':
      return { ...s, status: 'resolved', closedAt: event.at };
    case 'Withdrawn':
      return { ...s, status: 'withdrawn', closedAt: event.at };
    case 'NoteAdded':
      return s;
    case 'Redacted':
      return { ...s, redactedAt: event.at, participantIds: [] };
    case 'MeetingOutcomeRecorded':
      return stage ? { ...s, stage: { ...stage, meetingOutcome: event.outcome } } : s;
    case 'ImmediateReviewAlerted':
      return { ...s, participantIds: addUnique(s.participantIds, event.alertedIds) };
    case 'ReferralPreAlerted':
      return {
        ...s,
        participantIds: addUnique(s.participantIds, [...event.consultedIds, ...event.alertedIds]),
      };
    case 'MeetingRequested':
      // A new meeting: an earlier "not held" no longer stands in its way.
      return stage && stage.id === event.stageId
        ? {
            ...s,
            stage: {
              ...stage,
              meetingRequested: { at: event.at, reason: event.reason },
              meetingOutcome: null,
              meetingNotBooked: null,
            },
            // The earlier meeting (not held) is over: the stage's next booking is a new one.
            meetings: s.meetings.map((m) => (m.stageId === event.stageId ? { ...m, cancelled: true } : m)),
          }
        : s;
    case 'MeetingSlotsProposed':
      return stage && stage.id === event.stageId
        ? {
            ...s,
            stage: {
              ...stage,
              proposedSlots: { slots: event.slots, confirmerIds: event.confirmerIds },
              meetingNotBooked: null,
            },
          }
        : s;
    case 'MeetingSlotConfirmed':
      return stage && stage.id === event.stageId
        ? { ...s, stage: { ...stage, confirmedSlot: { start: event.start, end: event.end } } }
        : s;
    case 'MeetingBooked':
      return {
        ...s,
        meetings: [
          ...s.meetings,
          {
            meetingKey: event.meetingKey,
            stageId: event.stageId,
            start: event.start,
            end: event.end,
            provider: event.provider,
            eventId: event.eventId,
            joinUrl: event.joinUrl,
            chairId: event.chairId,
            attendeeIds: event.attendeeIds,
            sequence: 0,
            cancelled: false,
            responses: {},
            warnings: event.warnings,
          },
        ],
        stage: stage && stage.id === event.stageId ? { ...stage, meetingNotBooked: null } : stage,
      };
    case 'MeetingNotBooked':
      return stage && stage.id === event.stageId
        ? {
            ...s,
            stage: {
              ...stage,
              meetingNotBooked: { reason: event.reason, nextBestSlots: event.nextBestSlots },
            },
          }
        : s;
    case 'MeetingMoved':
      return {
        ...s,
        meetings: s.meetings.map((m) =>
          m.meetingKey === event.meetingKey
            ? { ...m, start: event.start, end: event.end, sequence: event.sequence }
            : m,
        ),
      };
    case 'MeetingCancelled':
      return {
        ...s,
        meetings: s.meetings.map((m) =>
          m.meetingKey === event.meetingKey ? { ...m, cancelled: true, sequence: event.sequence } : m,
        ),
      };
    case 'MeetingResponseRecorded':
      return {
        ...s,
        meetings: s.meetings.map((m) =>
          m.meetingKey === event.meetingKey
            ? { ...m, responses: { ...m.responses, [event.personId]: event.response } }
            : m,
        ),
      };
  }
}

export function foldEvents(
  events: readonly DisputeEvent[],
  from: DisputeState = initialState(),
): DisputeState {
  return events.reduce(evolve, from);
}

export function reminderKey(kind: ReminderKind, forDate: string): string {
  return `${kind}:${forDate}`;
}
