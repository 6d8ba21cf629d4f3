// The contract between the bot's handlers and its cards: the verbs every Action.Execute carries,
// the ids of the inputs each verb reads, and the data a card may carry (only the dispute id and
// the stream version: who is acting is always taken from the activity, never from the card).

export const verbs = {
  refresh: 'refresh',
  acknowledge: 'acknowledge',
  respond: 'respond',
  escalate: 'escalate',
  extend: 'extend',
  resolve: 'resolve',
  withdraw: 'withdraw',
  coSign: 'co-sign',
  confirmMeeting: 'confirm-meeting',
  requestMeeting: 'request-meeting',
  open: 'open',
  raise: 'raise',
  previewRaise: 'preview-raise',
  /** The help card's buttons: the raise form, and the person's disputes (the `raise` and `mine` commands). */
  showRaiseForm: 'show-raise-form',
  mine: 'mine',
} as const;
export type Verb = (typeof verbs)[keyof typeof verbs];

/** The only data a dispute card's action carries besides the inputs. */
export interface DisputeActionData {
  disputeId: string;
  version: number;
}

export const inputIds = {
  respond: {
    outcome: 'outcome',
    text: 'responseText',
    actionsProposed: 'actionsProposed',
    moreTimeUntil: 'moreTimeUntil',
  },
  extend: { dueOn: 'newDueOn', reason: 'extendReason' },
  escalate: {
    toStageId: 'toStageId',
    reason: 'escalateReason',
    /** Calderdale 6.16: why the dispute moves on before a missed deadline. */
    grounds: 'escalateGrounds',
    /** Calderdale Appendix 1: the recommendations at this escalation. */
    recommendations: 'escalateRecommendations',
    /** Calderdale 6.11: the chair has consulted before referring to the Board. */
    consulted: 'escalateConsulted',
  },
  resolve: { summary: 'summary', keepMonitoring: 'keepMonitoring' },
  withdraw: { reason: 'withdrawReason' },
  /** Bradford stage 3: the Head of Service confirms one of the proposed meeting times. */
  confirmMeeting: { start: 'meetingStart' },
  /** The chair asks for the stage's optional meeting, or a new one after one was not held. */
  requestMeeting: { reason: 'meetingReason' },
  raise: {
    protocolId: 'protocolId',
    childName: 'childName',
    childDateOfBirth: 'childDateOfBirth',
    caseNumber: 'caseNumber',
    conferenceDate: 'conferenceDate',
    socialWorkerId: 'socialWorkerId',
    theme: 'theme',
    concern: 'concern',
    actionsRequired: 'actionsRequired',
    immediateRisk: 'immediateRisk',
    startStageId: 'startStageId',
    reason: 'startReason',
    /** The working days the chair gives a stage whose limit the chair sets (Calderdale informal). */
    chairSetWorkingDays: 'chairSetWorkingDays',
    /** Calderdale 6.11: starting straight at the Board, the chair has consulted as the protocol asks. */
    consulted: 'consulted',
    /** Calderdale 6.6 (a conference dissent): the Child Protection Conference Chair whose decision is challenged. */
    challengedChairId: 'challengedChairId',
  },
} as const;

/** The Data.Query dataset the raise form's social worker picker searches. */
export const peopleDataset = 'people';

/** Teams refuses Adaptive Cards larger than this (bytes of JSON). */
export const teamsCardSizeLimit = 28 * 1024;

export type CardHost = 'teams' | 'outlook';
/** Schema version per host: Teams renders 1.5; Outlook actionable messages 1.4. */
export const schemaVersionFor = (host: CardHost) => (host === 'teams' ? '1.5' : '1.4');
