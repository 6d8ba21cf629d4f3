// What people (and the deadline engine) ask of a dispute. A command is a wish; `decide` turns it
// into events or a refusal. Commands carry no claim about who the actor is allowed to be.
import type {
  ChildDetails,
  EscalationGrounds,
  MeetingOutcome,
  ReminderKind,
  ResponseOutcome,
} from './dispute-events.ts';

/**
 * Who holds each of the protocol's roles for this dispute, resolved from the directory by the
 * application layer just before deciding (people change posts, so it is resolved each time).
 */
export type Roster = Readonly<Record<string, readonly string[]>>;

/** Someone standing in for a person who is away, and the sentence saying why (for the card). */
export interface RosterNote {
  personId: string;
  reason: string;
  /**
   * A shared mailbox that holds this role's post: it is copied wherever the role is asked to act,
   * never asked itself (SEEDS.md "Who answers").
   */
  copyForRole?: string;
}

/** An earlier dispute about the same child, for the recurrence rule. */
export interface EarlierDispute {
  disputeId: string;
  theme: string;
  status: 'open' | 'resolved' | 'withdrawn';
}

export interface RaiseCommand {
  type: 'raise';
  disputeId: string;
  child: ChildDetails;
  conferenceDate: string;
  socialWorkerId: string;
  theme: string;
  concern: string;
  actionsRequired: string;
  immediateRisk: boolean;
  startStageId?: string | null;
  reason?: string | null;
  chairSetWorkingDays?: number | null;
  /** The conference chair whose decision is challenged (conference-dissent flows). */
  challengedChairId?: string | null;
  /** Starting at a referral stage (Calderdale 6.11): the chair confirms having consulted. */
  consulted?: boolean;
  earlierDisputes: readonly EarlierDispute[];
  roster: Roster;
  rosterNotes?: readonly RosterNote[];
}

export interface AcknowledgeCommand {
  type: 'acknowledge';
}

export interface RespondCommand {
  type: 'respond';
  /** The stage the person is answering (from their card or view); a stage since closed is refused. */
  stageId?: string | null;
  outcome: ResponseOutcome;
  text: string;
  actionsProposed?: string | null;
  moreTimeUntil?: string | null;
}

/** A respondent at a jointly answered stage signs a response another respondent wrote. */
export interface CoSignCommand {
  type: 'co-sign';
  /** Whose response is co-signed; absent (the card's button): the latest by another respondent. */
  responseBy?: string | null;
}

export interface ExtendCommand {
  type: 'extend';
  dueOn: string;
  reason: string;
}

export interface EscalateCommand {
  type: 'escalate';
  /** Absent: the next stage. */
  toStageId?: string | null;
  reason: string;
  /** Why the chair moves on before a missed deadline, where the stage asks (Calderdale). */
  grounds?: EscalationGrounds | null;
  /** Recommendations for remedial action at this escalation (Appendix 1). */
  recommendations?: string | null;
  /** A referral (Calderdale 6.11): the chair confirms having consulted the protocol's consultees. */
  consulted?: boolean;
  roster: Roster;
  rosterNotes?: readonly RosterNote[];
}

export interface ResolveCommand {
  type: 'resolve';
  summary: string;
  keepMonitoring: boolean;
}

export interface WithdrawCommand {
  type: 'withdraw';
  reason: string;
}

export interface AddNoteCommand {
  type: 'add-note';
  text: string;
}

export interface RecordMeetingOutcomeCommand {
  type: 'record-meeting-outcome';
  outcome: MeetingOutcome;
  text: string;
}

/** System: a stage's response deadline passed. */
export interface DeadlineMissedCommand {
  type: 'deadline-missed';
  stageId: string;
  roster: Roster;
  rosterNotes?: readonly RosterNote[];
  /** The council's administrators (oversight posts): told when an automatic step is refused. */
  adminIds?: readonly string[];
}

/** System: the chair was asked to decide at a missed deadline and did not, in time. */
export interface ChairDecisionOverdueCommand {
  type: 'chair-decision-overdue';
  stageId: string;
  roster: Roster;
  rosterNotes?: readonly RosterNote[];
  adminIds?: readonly string[];
}

/** System: a working day has passed since an automatic step was refused; it is tried again. */
export interface RetryRefusedStepCommand {
  type: 'retry-refused-step';
  stageId: string;
  roster: Roster;
  rosterNotes?: readonly RosterNote[];
  adminIds?: readonly string[];
}

/** System: a reminder falls due. */
export interface RemindCommand {
  type: 'remind';
  stageId: string;
  kind: ReminderKind;
}

/** System: the protocol's overall cap was reached. */
export interface CapReachedCommand {
  type: 'cap-reached';
  roster: Roster;
}

/** System: the calendar booked the stage's meeting. */
export interface RecordMeetingBookedCommand {
  type: 'record-meeting-booked';
  stageId: string;
  slot: { start: string; end: string };
  provider: 'graph' | 'ics';
  eventId: string;
  joinUrl: string | null;
  warnings: string[];
}

/** System: no slot before the deadline, or the calendar refused. */
export interface RecordMeetingNotBookedCommand {
  type: 'record-meeting-not-booked';
  stageId: string;
  reason: string;
  nextBestSlots: { start: string; end: string }[];
}

/** System: an attendee answered the invitation (Graph change notification or polling). */
export interface RecordMeetingResponseCommand {
  type: 'record-meeting-response';
  stageId: string;
  personId: string;
  response: 'accepted' | 'tentative' | 'declined' | 'none';
}

/** The chair asks for the stage's optional meeting, or for a new one after one was not held. */
export interface RequestMeetingCommand {
  type: 'request-meeting';
  reason: string;
}

/** System: times found for a meeting whose date someone confirms (Bradford stage 3). */
export interface ProposeMeetingSlotsCommand {
  type: 'propose-meeting-slots';
  stageId: string;
  slots: { start: string; end: string }[];
}

/** The confirmer picks one of the proposed times. */
export interface ConfirmMeetingSlotCommand {
  type: 'confirm-meeting-slot';
  start: string;
}

/** The chair moves the meeting to another time. */
export interface MoveMeetingCommand {
  type: 'move-meeting';
  start: string;
  end: string;
  reason: string;
}

export type DisputeCommand =
  | RequestMeetingCommand
  | ProposeMeetingSlotsCommand
  | ConfirmMeetingSlotCommand
  | RecordMeetingBookedCommand
  | RecordMeetingNotBookedCommand
  | RecordMeetingResponseCommand
  | MoveMeetingCommand
  | RaiseCommand
  | AcknowledgeCommand
  | RespondCommand
  | CoSignCommand
  | ExtendCommand
  | EscalateCommand
  | ResolveCommand
  | WithdrawCommand
  | AddNoteCommand
  | RecordMeetingOutcomeCommand
  | DeadlineMissedCommand
  | ChairDecisionOverdueCommand
  | RetryRefusedStepCommand
  | RemindCommand
  | CapReachedCommand;

export type Actor = { kind: 'person'; id: string; posts: readonly string[] } | { kind: 'system' };

export const SYSTEM_ACTOR_ID = 'system';

export function actorId(actor: Actor): string {
  return actor.kind === 'system' ? SYSTEM_ACTOR_ID : actor.id;
}

/** Text limits, shared by the HTTP and card boundaries so a long text is refused the same way everywhere. */
export const textLimits = {
  concern: 4000,
  actionsRequired: 4000,
  responseText: 4000,
  reason: 2000,
  summary: 4000,
  note: 4000,
  childName: 200,
  caseNumber: 50,
} as const;
