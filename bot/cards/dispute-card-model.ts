// What one person sees of a dispute on a card: the template data for `templates/dispute-card.json`.
// This is where the view is chosen (closed, the chair, the chair's decision at a missed deadline, a
// respondent's answer form, or read-only) and where the child's details are cut to the least the
// person needs. The template only lays out what is decided here.
import type { DisputeView } from '../../src/app/dispute-view.ts';
import { initialsOf } from '../../src/core/access/access-policy.ts';
import { mayGoDirectlyTo } from '../../src/core/dispute/decide.ts';
import { responseOutcomes, type ResponseOutcome } from '../../src/core/dispute/dispute-events.ts';
import type { Protocol, Stage } from '../../src/core/protocol/protocol-schema.ts';
import { nextStage, stageById, stageIndex } from '../../src/core/protocol/stage-queries.ts';
import { themeLabel } from '../../src/core/protocol/themes.ts';
import type { CardHost, DisputeActionData } from './card-contract.ts';
import { closeOfBusinessOn, formatDay, listInWords, truncateText, type TextColor } from './card-text.ts';
import { DateTime } from 'luxon';

export type DisputeCardView = 'closed' | 'chair' | 'chair-decision' | 'respondent' | 'read-only';

export interface DisputeCardInput {
  dispute: DisputeView;
  protocol: Protocol;
  /** Who the card is for ('' for the shared card everyone sees before their own view loads). */
  viewerId: string;
  nameOf: (personId: string) => string;
  host: CardHost;
  /** A line above everything else: "Reminder: due tomorrow, Tue 24 Nov". */
  notice?: string | null;
  /** The app's public address, without a trailing slash. */
  appBaseUrl: string;
  /** Who gets their own view when the card is shown (Teams reads at most 60). */
  refreshUserIds: readonly string[];
}

/** Teams refreshes a card automatically for at most this many people. */
export const maxRefreshUserIds = 60;

/** How much of the long texts a card shows; the rest is in CP Disputes. */
export const cardTextLimits = { concern: 600, actionsRequired: 400, answer: 300, closedDetail: 400 } as const;

export const outcomeLabels: Readonly<Record<ResponseOutcome, string>> = {
  'actions-agreed': 'The actions are agreed',
  'actions-completed': 'The actions are completed',
  disagree: 'I disagree with the concern or the actions',
  'needs-more-time': 'I need more time',
};

const outcomeWords: Readonly<Record<ResponseOutcome, string>> = {
  'actions-agreed': 'actions agreed',
  'actions-completed': 'actions completed',
  disagree: 'disagrees',
  'needs-more-time': 'needs more time',
};

interface Choice {
  title: string;
  value: string;
}
interface Fact {
  title: string;
  value: string;
}

export interface DisputeCardModel {
  view: DisputeCardView;
  isClosed: boolean;
  isChair: boolean;
  isDecision: boolean;
  isRespondent: boolean;
  isReadOnly: boolean;
  /** The only data the card's actions carry. */
  action: DisputeActionData;
  refresh: { userIds: string[] };
  notice: string;
  processName: string;
  stageName: string;
  headline: string;
  you: string;
  facts: Fact[];
  asks: { show: boolean; text: string; of: string };
  clocks: { show: boolean; due: string; dueColor: TextColor; cap: string; capColor: TextColor };
  meeting: string;
  concern: string;
  actionsRequired: string;
  fullTextNote: string;
  answers: { show: boolean; items: { heading: string; text: string }[] };
  closed: { heading: string; detail: string };
  decision: { heading: string; consult: string; auto: string };
  chair: {
    escalate: {
      show: boolean;
      title: string;
      intro: string;
      consult: string;
      hasChoice: boolean;
      defaultStageId: string;
      choices: Choice[];
      /** Calderdale 6.16: the chair says why the dispute moves on. */
      asksGrounds: boolean;
      groundsChoices: Choice[];
      /** Calderdale Appendix 1: recommendations at this escalation. */
      asksRecommendations: boolean;
      /** Calderdale 6.11: a referral straight to the Board asks for the consultation. */
      referral: { show: boolean; label: string; note: string };
    };
    extendTitle: string;
    extendIntro: string;
    mayWithdraw: boolean;
  };
  resolve: { show: boolean; title: string };
  /** Bradford stage 3: the person who confirms the meeting's date chooses one of the proposed times. */
  confirmMeeting: { show: boolean; choices: Choice[] };
  /** The chair may ask for the stage's optional meeting, or a new one after one was not held. */
  requestMeeting: { show: boolean; intro: string };
  respondent: {
    canAcknowledge: boolean;
    /** A jointly agreed response waiting for this respondent: the button's title, or '' for none. */
    coSign: string;
    answered: string;
    /** The answer form sits in the card unless the person may also resolve (then both are sub-forms). */
    inline: boolean;
    inShowCard: boolean;
    outcomes: Choice[];
    /** The expanded answer-form fragment, filled in by the renderer. */
    form: unknown[];
  };
  openUrl: string;
}

export function chooseView(dispute: DisputeView, viewerId: string): DisputeCardView {
  if (dispute.status !== 'open' || !dispute.stage) return 'closed';
  if (viewerId && viewerId === dispute.raiserId)
    return dispute.stage.awaitingChairDecision ? 'chair-decision' : 'chair';
  if (viewerId && dispute.respondents.includes(viewerId)) return 'respondent';
  return 'read-only';
}

/** The child as a card may show them: initials (or, where the protocol says, the name) and case number. */
export function childOnCard(dispute: DisputeView, protocol: Protocol): { label: string; caseNumber: string } {
  // The view already reduces the name to initials for people the protocol does not name; a viewer
  // with no role on the dispute (oversight) gets initials whatever the view says.
  const named = protocol.childDetailOnCards === 'name-and-case-number' && dispute.yourRoles.length > 0;
  const label = named ? dispute.child.name : dispute.child.initials || initialsOf(dispute.child.name);
  return { label, caseNumber: dispute.child.caseNumber };
}

export function disputeCardModel(input: DisputeCardInput): DisputeCardModel {
  const { dispute, protocol, viewerId, nameOf } = input;
  const view = chooseView(dispute, viewerId);
  const stage = dispute.stage ? stageById(protocol, dispute.stage.id) : undefined;
  const roleLabel = (role: string) => protocol.roles[role]?.label ?? role;
  const names = (ids: readonly string[]) => listInWords(ids.map(nameOf));
  const child = childOnCard(dispute, protocol);
  const chairName = nameOf(dispute.raiserId);
  const action: DisputeActionData = { disputeId: dispute.id, version: dispute.version };

  // The reference and the child are in the headline.
  const facts: Fact[] = [
    { title: 'Chair', value: chairName },
    { title: 'Conference', value: formatDay(dispute.conferenceDate) },
    { title: 'Theme', value: themeLabel(protocol, dispute.theme) },
  ];
  if (dispute.immediateRisk)
    facts.push({ title: 'Immediate risk', value: 'Yes: immediate risk of significant harm' });
  // Issue 12: the chair sees the locally held record (seed 004) and the seed's own conflicts.
  if (viewerId && viewerId === dispute.raiserId) {
    if (dispute.localRecord) facts.push({ title: 'Local record', value: dispute.localRecord.instruction });
    if (dispute.status === 'open')
      for (const conflict of dispute.stage?.seedConflicts ?? [])
        facts.push({ title: 'Note on the protocol', value: conflict });
  }

  const concern = truncateText(dispute.concern, cardTextLimits.concern);
  const actionsRequired = truncateText(dispute.actionsRequired, cardTextLimits.actionsRequired);

  // This stage's events: from the last time it opened.
  const stageEvents = currentStageEvents(dispute);
  const responses = stageEvents.flatMap((e) => (e.type === 'Responded' ? [e] : []));
  const answers = responses.slice(-3).map((e) => ({
    heading:
      `${nameOf(e.actorId)} (${outcomeWords[e.outcome]}), ${formatDay(e.at, { year: false })}` +
      (e.moreTimeUntil ? `: asks for more time until ${formatDay(e.moreTimeUntil)}` : ''),
    text: truncateText(e.text, cardTextLimits.answer).text,
  }));

  const model: DisputeCardModel = {
    view,
    isClosed: view === 'closed',
    isChair: view === 'chair' || view === 'chair-decision',
    isDecision: view === 'chair-decision',
    isRespondent: view === 'respondent',
    isReadOnly: view === 'read-only',
    action,
    refresh: { userIds: [...new Set(input.refreshUserIds)].slice(0, maxRefreshUserIds) },
    notice: input.notice?.trim() ?? '',
    processName: protocol.processName,
    stageName: dispute.stage?.name ?? 'No open stage',
    headline: `${dispute.reference} · ${child.label}, case ${child.caseNumber}`,
    you: youLine(view, dispute, protocol, stage),
    facts,
    asks: { show: false, text: '', of: '' },
    clocks: { show: false, due: '', dueColor: 'Default', cap: '', capColor: 'Default' },
    meeting: '',
    concern: concern.text,
    actionsRequired: actionsRequired.text,
    fullTextNote:
      concern.truncated || actionsRequired.truncated
        ? 'The text is shortened here: open CP Disputes to read all of it.'
        : '',
    answers: { show: answers.length > 0 && view !== 'closed', items: answers },
    closed: { heading: '', detail: '' },
    decision: { heading: '', consult: '', auto: '' },
    chair: {
      escalate: {
        show: false,
        title: 'Escalate',
        intro: '',
        consult: '',
        hasChoice: false,
        defaultStageId: '',
        choices: [],
        ...noEscalationExtras,
      },
      extendTitle: 'Give more time',
      extendIntro: '',
      mayWithdraw: view === 'chair',
    },
    resolve: { show: false, title: 'Resolve' },
    confirmMeeting: { show: false, choices: [] },
    requestMeeting: { show: false, intro: '' },
    respondent: {
      canAcknowledge: false,
      coSign: '',
      answered: '',
      inline: false,
      inShowCard: false,
      outcomes: responseOutcomes.map((o) => ({ title: outcomeLabels[o], value: o })),
      form: [],
    },
    openUrl: `${input.appBaseUrl.replace(/\/+$/, '')}/tab/disputes/${encodeURIComponent(dispute.id)}`,
  };

  if (view === 'closed') {
    model.closed = closedText(dispute, nameOf);
    return model;
  }

  const s = dispute.stage!;
  model.asks = {
    show: true,
    text: s.asks,
    of: stage
      ? `Asked of: ${listInWords([...stage.respondentRoles, ...stage.mayAlsoAnswerRoles].map(roleLabel))} (${names(dispute.respondents)})`
      : `Asked of: ${names(dispute.respondents)}`,
  };
  // Someone away: say who stands in and why, so nobody wonders why the card went elsewhere.
  if (s.routingNotes?.length) model.asks.of += `. ${s.routingNotes.map((n) => n.reason).join(' ')}`;
  model.clocks = {
    show: true,
    due: s.overdue
      ? `Stage due: ${closeOfBusinessOn(protocol.workingDays.closeOfBusiness, s.dueOn)}. Overdue.`
      : `Stage due: ${closeOfBusinessOn(protocol.workingDays.closeOfBusiness, s.dueOn)}`,
    dueColor: s.overdue ? 'Attention' : 'Default',
    cap: capLine(dispute, protocol),
    capColor: dispute.capReached ? 'Attention' : 'Default',
  };
  const londonTime = (iso: string) =>
    `${formatDay(iso)} at ${DateTime.fromISO(iso, { setZone: true }).setZone('Europe/London').toFormat('HH:mm')}`;
  const awaitingConfirmation =
    !dispute.meeting && s.proposedSlots && !s.confirmedSlot ? s.proposedSlots : null;
  if (dispute.meeting) {
    // The booked meeting: when, the Teams link, and who has accepted so far.
    const m = dispute.meeting;
    const time = DateTime.fromISO(m.start, { setZone: true }).setZone('Europe/London').toFormat('HH:mm');
    const accepted = [m.chairId, ...m.attendeeIds].filter((id) => m.responses[id] === 'accepted').map(nameOf);
    const declined = [m.chairId, ...m.attendeeIds].filter((id) => m.responses[id] === 'declined').map(nameOf);
    model.meeting =
      `Meeting: ${formatDay(m.start)} at ${time}, chaired by ${nameOf(m.chairId)}.` +
      (m.joinUrl ? ` [Join the Teams meeting](${m.joinUrl}).` : '') +
      (accepted.length ? ` Accepted: ${listInWords(accepted)}.` : ' No one has accepted yet.') +
      (declined.length ? ` Declined: ${listInWords(declined)}.` : '');
  } else if (awaitingConfirmation) {
    // Bradford stage 3: the Head of Service confirms one of the proposed times.
    model.meeting = `Meeting times proposed, for ${listInWords(awaitingConfirmation.confirmerIds.map(nameOf))} to confirm one: ${listInWords(awaitingConfirmation.slots.map((x) => londonTime(x.start)))}.`;
    if (awaitingConfirmation.confirmerIds.includes(viewerId))
      model.confirmMeeting = {
        show: true,
        choices: awaitingConfirmation.slots.map((x) => ({ title: londonTime(x.start), value: x.start })),
      };
  } else if (dispute.meetingNotBooked) {
    model.meeting = `No meeting could be booked: ${dispute.meetingNotBooked.reason}`;
  } else if (s.meeting) {
    const chair = s.meeting.chairId ? `, chaired by ${nameOf(s.meeting.chairId)}` : '';
    model.meeting = `A meeting is ${s.meeting.need === 'required' ? 'required' : 'possible'} at this stage${chair}.`;
  }

  if (model.isChair && stage) {
    model.chair.escalate = escalateChoices(dispute, protocol, stage, roleLabel, view === 'chair-decision');
    model.chair.extendIntro =
      view === 'chair-decision'
        ? 'Give the respondents a new due date. The reason is recorded on the dispute.'
        : `The stage is due at ${closeOfBusinessOn(protocol.workingDays.closeOfBusiness, s.dueOn)}. Choose a later working day; the reason is recorded on the dispute.`;
    model.resolve = { show: true, title: view === 'chair-decision' ? 'Resolved' : 'Resolve' };
    model.requestMeeting = requestMeetingOffer(dispute);
  }

  if (view === 'chair-decision' && stage) {
    const waiting = s.awaitingChairDecision!;
    const rule = stage.onDeadline;
    const consultRoles = rule.action === 'ask-chair' ? rule.consultRoles : [];
    const missed = [...stageEvents].reverse().find((e) => e.type === 'DeadlineMissed');
    const consultIds = missed?.type === 'DeadlineMissed' ? missed.consultIds : [];
    const next = nextStage(protocol, stage.id);
    model.chair.escalate.title = 'Escalate now';
    model.decision = {
      heading: `The deadline for this stage passed at ${closeOfBusinessOn(protocol.workingDays.closeOfBusiness, s.dueOn)} without the answer it asked for. What would you like to do?`,
      consult:
        consultRoles.length > 0
          ? `Before escalating, the protocol says to consult the ${listInWords(consultRoles.map(roleLabel))}` +
            (consultIds.length > 0 ? ` (${names(consultIds)}).` : '.')
          : '',
      auto:
        next && waiting.autoEscalateOn
          ? `If you do not decide, the dispute moves to "${next.name}" by itself at ${closeOfBusinessOn(protocol.workingDays.closeOfBusiness, waiting.autoEscalateOn)}.`
          : 'This is the last stage: it will not move on by itself.',
    };
  }

  if (view === 'respondent' && stage) {
    const acknowledged = stageEvents.some((e) => e.type === 'Acknowledged' && e.actorId === viewerId);
    const mine = responses.filter((e) => e.actorId === viewerId);
    const last = mine[mine.length - 1];
    const mayResolve = stage.respondentDecides;
    model.respondent.canAcknowledge = !acknowledged && mine.length === 0;
    // Seed 004 stage 3: "Jointly agreed response from Team Manager and Head of Service".
    const toCoSign = responses
      .filter((e) => e.actorId !== viewerId && e.outcome !== 'needs-more-time')
      .at(-1);
    if (s.jointResponse && s.stillToAnswer.includes(viewerId) && toCoSign)
      model.respondent.coSign = `Co-sign ${nameOf(toCoSign.actorId)}'s response`;
    model.respondent.answered = last
      ? `You answered on ${formatDay(last.at)} (${outcomeWords[last.outcome]}). You can send another answer below.`
      : '';
    model.respondent.inline = !mayResolve;
    model.respondent.inShowCard = mayResolve;
    model.resolve = { show: mayResolve, title: 'Resolve the dispute' };
  }
  return model;
}

function currentStageEvents(dispute: DisputeView): DisputeView['events'] {
  if (!dispute.stage) return [];
  const id = dispute.stage.id;
  let from = -1;
  dispute.events.forEach((e, i) => {
    if (e.type === 'StageOpened' && e.stageId === id) from = i;
  });
  return dispute.events.slice(from + 1).filter((e) => !('stageId' in e) || e.stageId === id);
}

function youLine(
  view: DisputeCardView,
  dispute: DisputeView,
  protocol: Protocol,
  stage: Stage | undefined,
): string {
  const roleLabel = (role: string) => protocol.roles[role]?.label ?? role;
  switch (view) {
    case 'closed':
      return ''; // the closed panel says it all
    case 'chair':
      return 'You raised this dispute: you decide when it is resolved, and whether it moves on.';
    case 'chair-decision':
      return 'You raised this dispute, and a decision from you is needed.';
    case 'respondent':
      return `You are asked to respond at this stage${stage ? ` (as ${listInWords([...stage.respondentRoles, ...stage.mayAlsoAnswerRoles].map(roleLabel))})` : ''}.`;
    case 'read-only': {
      if (dispute.yourRoles.includes('copied'))
        return 'You are copied in for information: nothing is asked of you.';
      if (dispute.yourRoles.includes('notified'))
        return 'You are told of this stage for information: nothing is asked of you.';
      if (dispute.yourRoles.length > 0)
        return 'You are involved in this dispute: nothing is asked of you at this stage.';
      return 'You can see this dispute because your service oversees the process: nothing is asked of you.';
    }
  }
}

function capLine(dispute: DisputeView, protocol: Protocol): string {
  const cap = protocol.cap;
  if (!cap) return 'Overall limit: none in this protocol.';
  if (dispute.capOn)
    return dispute.capReached
      ? `Overall limit (${cap.workingDays} working days): reached at ${closeOfBusinessOn(protocol.workingDays.closeOfBusiness, dispute.capOn)}.`
      : `Overall limit (${cap.workingDays} working days): ${closeOfBusinessOn(protocol.workingDays.closeOfBusiness, dispute.capOn)}`;
  const from = stageById(protocol, cap.countsFromStageId)?.name ?? cap.countsFromStageId;
  return `Overall limit: ${cap.workingDays} working days, counted from "${from}".`;
}

function escalateChoices(
  dispute: DisputeView,
  protocol: Protocol,
  stage: Stage,
  roleLabel: (role: string) => string,
  deciding: boolean,
): DisputeCardModel['chair']['escalate'] {
  const next = nextStage(protocol, stage.id);
  const title = deciding ? 'Escalate now' : 'Escalate';
  if (!next)
    return {
      show: false,
      title,
      intro: '',
      consult: '',
      hasChoice: false,
      defaultStageId: '',
      choices: [],
      ...noEscalationExtras,
    };
  const later = protocol.stages
    .slice(stageIndex(protocol, next.id) + 1)
    .filter((s) => mayGoDirectlyTo(protocol, s, dispute.immediateRisk).ok);
  const choices = [next, ...later].map((s) => ({ title: s.name, value: s.id }));
  const consultRoles = protocol.bypass.consultRoles;
  return {
    show: true,
    title,
    intro:
      later.length > 0
        ? `Move the dispute to "${next.name}", or straight to a later stage the protocol allows.`
        : `Move the dispute to "${next.name}".`,
    consult:
      later.length > 0 && consultRoles.length > 0
        ? `Before going straight to a later stage, the protocol says to consult the ${listInWords(consultRoles.map(roleLabel))}.`
        : '',
    hasChoice: later.length > 0,
    defaultStageId: next.id,
    choices,
    asksGrounds: Boolean(stage.escalationGrounds) && !deciding,
    groundsChoices: [
      { title: 'Not answered in time', value: 'not-answered-in-time' },
      { title: 'Dissatisfied with the response', value: 'dissatisfied-with-response' },
    ],
    asksRecommendations: Boolean(stage.escalationGrounds) || Boolean(protocol.bypass.referral),
    referral: referralToggle(protocol, later, roleLabel),
  };
}

/**
 * Whether the chair may ask for a meeting now, by the rules `decide` applies to "request-meeting":
 * an optional meeting not yet asked for (or one that could not be booked), or a new one after the
 * chair recorded the last as not held. A required meeting is booked by itself.
 */
function requestMeetingOffer(dispute: DisputeView): DisputeCardModel['requestMeeting'] {
  const s = dispute.stage;
  if (!s?.meeting) return { show: false, intro: '' };
  const sinceOpened = dispute.events.slice(dispute.events.map((e) => e.type).lastIndexOf('StageOpened') + 1);
  const last = [...sinceOpened]
    .reverse()
    .find((e) => e.type === 'MeetingOutcomeRecorded' || e.type === 'MeetingRequested');
  const notHeld = last?.type === 'MeetingOutcomeRecorded' && last.outcome === 'not-held';
  const booked = dispute.meeting !== null;
  const retry = dispute.meetingNotBooked !== null;
  const show = notHeld || (!booked && (s.meeting.need === 'optional' ? !s.meetingRequested || retry : retry));
  if (!show) return { show: false, intro: '' };
  return {
    show: true,
    intro: notHeld
      ? 'The last meeting was recorded as not held. Ask for a new one: it is booked with the notice the protocol gives.'
      : 'A meeting is possible at this stage. Ask for one: it is booked with the notice the protocol gives.',
  };
}

const noEscalationExtras = {
  asksGrounds: false,
  groundsChoices: [],
  asksRecommendations: false,
  referral: { show: false, label: '', note: '' },
};

/** Calderdale 6.11: going straight to the Board asks the chair to confirm the consultation. */
function referralToggle(
  protocol: Protocol,
  later: readonly Stage[],
  roleLabel: (role: string) => string,
): DisputeCardModel['chair']['escalate']['referral'] {
  const rule = protocol.bypass.referral;
  const target = later.find((s) => protocol.bypass.alwaysAllowedStageIds.includes(s.id));
  if (!rule || !target) return { show: false, label: '', note: '' };
  return {
    show: true,
    label: `If going straight to "${target.name}": I have consulted the ${listInWords(protocol.bypass.consultRoles.map(roleLabel))}`,
    note: `The ${listInWords(rule.preAlertRoles.map(roleLabel))} will be alerted by email before the referral is sent.`,
  };
}

function closedText(dispute: DisputeView, nameOf: (id: string) => string): DisputeCardModel['closed'] {
  const end = [...dispute.events].reverse().find((e) => e.type === 'Resolved' || e.type === 'Withdrawn');
  if (end?.type === 'Resolved')
    return {
      heading: `Resolved on ${formatDay(end.at)} by ${nameOf(end.actorId)}${dispute.stage ? `, at "${dispute.stage.name}"` : ''}.`,
      detail:
        truncateText(end.summary, cardTextLimits.closedDetail).text +
        (end.keepMonitoring ? ' The chair will continue to monitor.' : ''),
    };
  if (end?.type === 'Withdrawn')
    return {
      heading: `Withdrawn on ${formatDay(end.at)} by ${nameOf(end.actorId)}.`,
      detail: truncateText(end.reason, cardTextLimits.closedDetail).text,
    };
  return { heading: dispute.status === 'resolved' ? 'Resolved.' : 'Closed.', detail: '' };
}
