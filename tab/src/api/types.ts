// The REST API's shapes as the tab reads them (src/http, /api/openapi.json). The tab is a client
// of the API: it keeps its own copy of the contract rather than importing the server's code.

export interface UserView {
  id: string;
  name: string;
  email: string;
  aadObjectId: string;
  jobTitle: string;
  roles: string[];
  team?: string | null;
}

export interface ProtocolSummary {
  id: string;
  name: string;
  council: string;
  flow: string;
  processName: string;
  nation: string;
  stages: { id: string; name: string; formal: boolean }[];
}

export interface SourceNote {
  fromSource: boolean;
  note: string;
}

export interface RoleDefinition {
  label: string;
  resolve: { kind: string; post?: string; tier?: string; of?: string; field?: string };
}

export interface StageDefinition {
  id: string;
  name: string;
  formal: boolean;
  asks: string;
  respondentRoles: string[];
  notifyRoles?: string[];
  copyRoles?: string[];
  responseTime:
    | { kind: 'fixed'; workingDays: number; source: SourceNote }
    | { kind: 'set-by-chair'; maxWorkingDays: number; defaultWorkingDays?: number; source: SourceNote };
  meeting: { need: 'none' | 'optional' | 'required'; chairRole?: string | null; attendeeRoles?: string[] };
  /** Calderdale 6.16: the chair says why the dispute moves on before a missed deadline. */
  escalationGrounds?: { source?: SourceNote } | null;
  onDeadline: {
    action: 'escalate' | 'ask-chair';
    consultRoles?: string[];
    autoEscalateAfterWorkingDays?: number;
    source?: SourceNote;
  };
  recording?: { childFile?: string; caseNoteTitle?: string; source?: SourceNote };
  respondentDecides?: boolean;
}

export interface Theme {
  id: string;
  label: string;
  items: string[];
}

export interface ProtocolDetail {
  id: string;
  name: string;
  council: string;
  flow: string;
  processName: string;
  nation: string;
  raisedBy: { role: string; requiredPosts: string[] };
  roles: Record<string, RoleDefinition>;
  stages: StageDefinition[];
  themes: Theme[];
  sources?: { file: string; title: string }[];
  copyRules?: { role: string; fromStageId: string; source?: SourceNote }[];
  cap?: { workingDays: number; countsFromStageId: string; alertRoles?: string[]; source?: SourceNote } | null;
  bypass?: {
    anyStage: boolean;
    onImmediateRisk: boolean;
    alwaysAllowedStageIds: string[];
    consultRoles?: string[];
    /** Calderdale 6.11: a referral asks for the consultation and alerts these first. */
    referral?: { preAlertRoles: string[] } | null;
    source?: SourceNote;
  } | null;
  recurrence?: { startStageId: string; similarity: string; source?: SourceNote } | null;
  /** On risk of significant harm: who is alerted at once; a dissent names the challenged chair. */
  immediateRisk?: { alertRoles: string[]; tellChallengedChair: boolean; source?: SourceNote } | null;
  workingDays?: { receiptOnNonWorkingDay: string; closureDays: string[]; closeOfBusiness?: string };
}

export interface PreviewStage {
  id: string;
  name: string;
  formal: boolean;
  opens: string;
  /** When the sweeper sends it (null for the stage the dispute starts at). */
  opensAt: string | null;
  due: string;
  dueAt: string;
  workingDays: number;
  timeFromSource: boolean;
  timeNote: string;
  meeting: 'none' | 'optional' | 'required';
  onDeadline: 'escalate' | 'ask-chair';
  /** The chair's window before the dispute moves on by itself (a product default). */
  chairDecision: { workingDays: number; until: string; untilAt: string } | null;
}

export interface EscalationPreview {
  protocolId: string;
  start: string;
  closeOfBusiness: { time: string; productDefault: boolean };
  stages: PreviewStage[];
  cap: { on: string; workingDays: number; countsFromStageId: string } | null;
  warnings: string[];
}

/** A row of GET /api/disputes (the store's projection). */
export interface DisputeRow {
  id: string;
  reference: string;
  protocolId: string;
  version: number;
  status: 'open' | 'resolved' | 'withdrawn';
  raiserId: string;
  socialWorkerId: string;
  caseNumber: string;
  theme: string;
  stageId: string | null;
  stageOpenedOn: string | null;
  dueOn: string | null;
  dueAt: string | null;
  capOn: string | null;
  respondentIds: string[];
  copiedIds: string[];
  participantIds: string[];
  awaitingChairDecision: boolean;
  raisedAt: string;
  closedAt: string | null;
  /** The open stage got its answer: never shown as overdue. */
  stageAnswered?: boolean;
}

export interface DisputeEvent {
  type: string;
  at: string;
  actorId: string;
  seq: number;
  [key: string]: unknown;
}

export interface MeetingPlan {
  need: 'optional' | 'required';
  chairId: string | null;
  attendeeIds: string[];
  joinUrl?: string | null;
}

export interface DisputeView {
  id: string;
  reference: string;
  version: number;
  protocolId: string;
  status: 'open' | 'resolved' | 'withdrawn';
  child: { name: string; initials: string; dateOfBirth: string | null; caseNumber: string };
  conferenceDate: string;
  theme: string;
  concern: string;
  actionsRequired: string;
  immediateRisk: boolean;
  raiserId: string;
  socialWorkerId: string;
  stage: {
    id: string;
    name: string;
    formal: boolean;
    asks: string;
    openedOn: string;
    dueOn: string;
    dueAt: string;
    overdue: boolean;
    /** The stage got its answer: its due date no longer counts against anyone. */
    answered: boolean;
    awaitingChairDecision: { since: string; autoEscalateOn: string | null } | null;
    meeting: MeetingPlan | null;
    /** Why someone other than the usual holder was asked (the raiser's own role, a mailbox, an absence). */
    routingNotes?: { personId: string; reason: string }[];
    jointResponse?: boolean;
    stillToAnswer?: string[];
    coSignedBy?: string[];
    /** An automatic step refused (a role nobody holds): retried and reported each working day. */
    stepRefused?: { toStageId: string; why: string; since: string; lastOn: string } | null;
  } | null;
  capOn: string | null;
  capReached: boolean;
  /** The current stage's meeting as booked, with who has answered (absent on older servers). */
  meeting?: {
    start: string;
    end: string;
    provider: 'graph' | 'ics';
    joinUrl: string | null;
    chairId: string;
    attendeeIds: string[];
    responses: Record<string, string>;
    warnings: string[];
    sequence: number;
  } | null;
  meetingNotBooked?: { reason: string; nextBestSlots: { start: string; end: string }[] } | null;
  respondents: string[];
  copied: string[];
  yourRoles: string[];
  events: DisputeEvent[];
  notifications: {
    recipientId: string;
    reason: string;
    stageId: string | null;
    channel: string;
    status: string;
    attempts: number;
    lastError: string | null;
  }[];
  seenBy: { personId: string; at: string }[];
  allowedActions: AllowedActions;
}

type Slot = { start: string; end: string };

/** What this reader may do now (src/core/dispute/allowed-actions-schema.ts); null: not offered. */
export interface AllowedActions {
  acknowledge: { stageId: string } | null;
  respond: {
    stageId: string;
    outcomes: ('actions-agreed' | 'actions-completed' | 'disagree' | 'needs-more-time')[];
    textMaxLength: number;
    actionsProposedMaxLength: number;
    moreTimeEarliestOn: string;
  } | null;
  coSign: { responseBy: string[]; defaultResponseBy: string } | null;
  extend: {
    currentDueOn: string;
    earliestDueOn: string;
    capOn: string | null;
    reasonMaxLength: number;
  } | null;
  escalate: {
    defaultStageId: string;
    targets: { stageId: string; name: string; isNext: boolean; needsConsultation: boolean }[];
    consultRoles: string[];
    grounds: {
      asked: boolean;
      required: boolean;
      allowed: ('not-answered-in-time' | 'dissatisfied-with-response')[];
    };
    reasonMaxLength: number;
    recommendationsMaxLength: number;
  } | null;
  resolve: { as: 'chair' | 'deciding-respondent'; summaryMaxLength: number } | null;
  withdraw: { reasonMaxLength: number } | null;
  addNote: { textMaxLength: number } | null;
  requestMeeting: { again: boolean; reasonMaxLength: number } | null;
  recordMeetingOutcome: {
    outcomes: ('resolved' | 'actions-agreed' | 'not-resolved' | 'not-held')[];
    textMaxLength: number;
  } | null;
  confirmMeetingSlot: { slots: Slot[] } | null;
  moveMeeting: { start: string; end: string; reasonMaxLength: number } | null;
}

export interface CaseNote {
  reference: string;
  entries: { stageId: string; title: string; text: string }[];
  heldLocally: unknown[];
  notOnChildFile: string | null;
}

export interface Report {
  range: { from: string; to: string };
  totals: { raised: number; open: number; resolved: number; withdrawn: number };
  raisedByTheme: { themeId: string; label: string; count: number }[];
  stageReached: { protocolId: string; stageId: string; name: string; count: number }[];
  resolvedAtInformal: { count: number; share: number | null };
  responseTimes: {
    protocolId: string;
    stageId: string;
    name: string;
    protocolWorkingDays: number | null;
    responses: number;
    medianWorkingDays: number | null;
    withinTime: number;
    withinTimeShare: number | null;
  }[];
  deadlinesMissed: number;
  capBreaches: number;
  repeatConcerns: number;
  byTeam: { team: string; raised: number; open: number; deadlinesMissed: number }[];
}

export interface AdminOverview {
  protocols: unknown;
  unresolvedRoles: {
    disputeId: string;
    reference: string;
    protocolId: string;
    role: string;
    label: string;
    why: string;
  }[];
  refusedSteps?: {
    disputeId: string;
    reference: string;
    protocolId: string;
    stageId: string;
    toStageId: string;
    why: string;
    since: string;
    lastReportedOn: string;
  }[];
  failedDeliveries: {
    disputeId: string;
    reference: string;
    recipientId: string;
    reason: string;
    channel: string;
    attempts: number;
    lastError: string | null;
  }[];
}

export type ListView = 'raised-by-me' | 'awaiting-me' | 'copied-to-me' | 'all-open' | 'team';

/** GET /api/admin/retention: closed disputes and when each falls due for disposal. */
export interface RetentionView {
  schedule: string;
  configured: boolean;
  today: string;
  disputes: {
    disputeId: string;
    reference: string;
    protocolId: string;
    status: 'resolved' | 'withdrawn';
    closedOn: string | null;
    dueOn: string | null;
    rule: string | null;
    keptBecause: string | null;
    dueNow: boolean;
    hold: { since: string; setBy: string; reason: string } | null;
  }[];
}

/** POST /api/admin/disposal */
export interface DisposalRun {
  at: string;
  disposed: { reference: string; rule: string }[];
  held: string[];
}
