// What one person sees of a dispute on a card: the template data for `templates/dispute-card.json`.
// This is where the view's words are chosen (closed, the chair, the chair's decision at a missed
// deadline, a respondent, or read-only) and where the child's details are cut to the least the
// person needs. Which buttons and forms the card shows comes from the core's `allowedActions` on the
// dispute view (dispute-card-forms.ts); the template only lays out what is decided here.
import type { DisputeView } from '../../src/app/dispute-view.ts';
import { initialsOf } from '../../src/core/access/access-policy.ts';
import { noActions } from '../../src/core/dispute/allowed-actions-schema.ts';
import type { Protocol } from '../../src/core/protocol/protocol-schema.ts';
import { nextStage, stageById } from '../../src/core/protocol/stage-queries.ts';
import { themeLabel } from '../../src/core/protocol/themes.ts';
import type { CardHost, DisputeActionData } from './card-contract.ts';
import { disputeCardLink } from './dispute-links.ts';
import { closeOfBusinessInWords, formatDay, listInWords, truncateText, type TextColor } from './card-text.ts';
import {
  confirmMeetingForm,
  escalateForm,
  extendIntro,
  londonTime,
  requestMeetingForm,
  resolveForm,
  respondentForm,
  type EscalateForm,
} from './dispute-card-forms.ts';
import {
  capLine,
  cardTextLimits,
  closedText,
  outcomeInWords,
  youLine,
  type DisputeCardView,
} from './dispute-card-words.ts';
import { DateTime } from 'luxon';
import { defaultWording, type Wording } from '../wording/wording.ts';
import { formWordsOf, type FormWords } from './dispute-card-form-words.ts';

export { cardTextLimits, outcomeLabels, type DisputeCardView } from './dispute-card-words.ts';

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
  /** TEAMS_APP_ID: a card in Teams then links into the app's tab (dispute-links.ts). */
  teamsAppId?: string | null;
  /** Who gets their own view when the card is shown (Teams reads at most 60). */
  refreshUserIds: readonly string[];
  /** The council's words (WORDING_FILE); the shipped ones when not given. */
  wording?: Wording;
}

/** Teams refreshes a card automatically for at most this many people. */
export const maxRefreshUserIds = 60;

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
  /** The card's fixed headings and labels, from the wording. */
  labels: { asks: string; concern: string; actionsRequired: string; answers: string; refresh: string };
  /** The forms' labels, error messages and button titles, from the wording. */
  formWords: FormWords;
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
    escalate: EscalateForm;
    extendTitle: string;
    extendIntro: string;
    mayExtend: boolean;
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
  const words = input.wording ?? defaultWording;
  const view = chooseView(dispute, viewerId);
  const stage = dispute.stage ? stageById(protocol, dispute.stage.id) : undefined;
  const roleLabel = (role: string) => protocol.roles[role]?.label ?? role;
  const names = (ids: readonly string[]) => listInWords(ids.map(nameOf));
  const child = childOnCard(dispute, protocol);
  const chairName = nameOf(dispute.raiserId);
  const action: DisputeActionData = { disputeId: dispute.id, version: dispute.version };

  // The reference and the child are in the headline.
  const facts: Fact[] = [
    { title: words.text('card.fact.chair'), value: chairName },
    { title: words.text('card.fact.conference'), value: formatDay(dispute.conferenceDate) },
    { title: words.text('card.fact.theme'), value: themeLabel(protocol, dispute.theme) },
  ];
  if (dispute.immediateRisk)
    facts.push({
      title: words.text('card.fact.immediate-risk'),
      value: words.text('card.fact.immediate-risk.yes'),
    });
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
      `${nameOf(e.actorId)} (${outcomeInWords(e.outcome, words)}), ${formatDay(e.at, { year: false })}` +
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
    labels: {
      asks: words.text('card.heading.asks'),
      concern: words.text('card.heading.concern'),
      actionsRequired: words.text('card.heading.actions-required'),
      answers: words.text('card.heading.answers'),
      refresh: words.text('card.button.refresh'),
    },
    formWords: formWordsOf(words),
    processName: protocol.processName,
    stageName: dispute.stage?.name ?? words.text('card.no-open-stage'),
    headline: `${dispute.reference} · ${child.label}, case ${child.caseNumber}`,
    you: youLine(view, dispute, protocol, stage, words),
    facts,
    asks: { show: false, text: '', of: '' },
    clocks: { show: false, due: '', dueColor: 'Default', cap: '', capColor: 'Default' },
    meeting: '',
    concern: concern.text,
    actionsRequired: actionsRequired.text,
    fullTextNote: concern.truncated || actionsRequired.truncated ? words.text('card.full-text') : '',
    answers: { show: answers.length > 0 && view !== 'closed', items: answers },
    closed: { heading: '', detail: '' },
    decision: { heading: '', consult: '', auto: '' },
    chair: {
      escalate: escalateForm(null, protocol, stage, roleLabel, false, words),
      extendTitle: 'Give more time',
      extendIntro: '',
      mayExtend: false,
      mayWithdraw: false,
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
      outcomes: [],
      form: [],
    },
    openUrl: disputeCardLink(
      { appBaseUrl: input.appBaseUrl, teamsAppId: input.teamsAppId ?? null },
      dispute,
      input.host,
    ),
  };

  if (view === 'closed') {
    model.closed = closedText(dispute, nameOf, words);
    return model;
  }

  const s = dispute.stage!;
  model.asks = {
    show: true,
    text: s.asks,
    of: stage
      ? words.text('card.asked-of', {
          roles: listInWords([...stage.respondentRoles, ...stage.mayAlsoAnswerRoles].map(roleLabel)),
          names: names(dispute.respondents),
        })
      : words.text('card.asked-of.names', { names: names(dispute.respondents) }),
  };
  // Someone away: say who stands in and why, so nobody wonders why the card went elsewhere.
  if (s.routingNotes?.length) model.asks.of += `. ${s.routingNotes.map((n) => n.reason).join(' ')}`;
  model.clocks = {
    show: true,
    due: words.text(s.overdue ? 'card.due.overdue' : 'card.due', {
      when: closeOfBusinessInWords(protocol.workingDays.closeOfBusiness, s.dueOn),
    }),
    dueColor: s.overdue ? 'Attention' : 'Default',
    cap: capLine(dispute, protocol, words),
    capColor: dispute.capReached ? 'Attention' : 'Default',
  };
  const awaitingConfirmation =
    !dispute.meeting && s.proposedSlots && !s.confirmedSlot ? s.proposedSlots : null;
  if (dispute.meeting) {
    // The booked meeting: when, the Teams link, and who has accepted so far.
    const m = dispute.meeting;
    const time = DateTime.fromISO(m.start, { setZone: true }).setZone('Europe/London').toFormat('HH:mm');
    const accepted = [m.chairId, ...m.attendeeIds].filter((id) => m.responses[id] === 'accepted').map(nameOf);
    const declined = [m.chairId, ...m.attendeeIds].filter((id) => m.responses[id] === 'declined').map(nameOf);
    model.meeting = [
      words.text('card.meeting.booked', { day: formatDay(m.start), time, chair: nameOf(m.chairId) }),
      m.joinUrl ? words.text('card.meeting.join', { url: m.joinUrl }) : '',
      accepted.length
        ? words.text('card.meeting.accepted', { names: listInWords(accepted) })
        : words.text('card.meeting.none-accepted'),
      declined.length ? words.text('card.meeting.declined', { names: listInWords(declined) }) : '',
    ]
      .filter(Boolean)
      .join(' ');
  } else if (awaitingConfirmation) {
    // Bradford stage 3: the Head of Service confirms one of the proposed times.
    model.meeting = words.text('card.meeting.proposed', {
      names: listInWords(awaitingConfirmation.confirmerIds.map(nameOf)),
      times: listInWords(awaitingConfirmation.slots.map((x) => londonTime(x.start))),
    });
  } else if (dispute.meetingNotBooked) {
    model.meeting = words.text('card.meeting.not-booked', { reason: dispute.meetingNotBooked.reason });
  } else if (s.meeting) {
    const need = s.meeting.need === 'required' ? 'required' : 'possible';
    model.meeting = s.meeting.chairId
      ? words.text(`card.meeting.${need}-chaired`, { chair: nameOf(s.meeting.chairId) })
      : words.text(`card.meeting.${need}`);
  }

  // The buttons and forms: what the core offers this reader (the shared card, for no one, offers nothing).
  const allowed = viewerId ? dispute.allowedActions : noActions;
  const deciding = view === 'chair-decision';
  model.chair.escalate = escalateForm(allowed.escalate, protocol, stage, roleLabel, deciding, words);
  model.chair.mayExtend = Boolean(allowed.extend);
  model.chair.extendIntro = extendIntro(allowed.extend, protocol, deciding, words);
  model.chair.mayWithdraw = Boolean(allowed.withdraw);
  model.resolve = resolveForm(allowed.resolve, deciding, words);
  model.requestMeeting = requestMeetingForm(allowed.requestMeeting, dispute, words);
  model.confirmMeeting = confirmMeetingForm(allowed.confirmMeetingSlot);
  model.respondent = { ...model.respondent, ...respondentForm(allowed, nameOf, words) };

  if (view === 'chair-decision' && stage) {
    const waiting = s.awaitingChairDecision!;
    const rule = stage.onDeadline;
    const consultRoles = rule.action === 'ask-chair' ? rule.consultRoles : [];
    const missed = [...stageEvents].reverse().find((e) => e.type === 'DeadlineMissed');
    const consultIds = missed?.type === 'DeadlineMissed' ? missed.consultIds : [];
    const next = nextStage(protocol, stage.id);
    model.decision = {
      heading: words.text('card.decision.heading', {
        when: closeOfBusinessInWords(protocol.workingDays.closeOfBusiness, s.dueOn),
      }),
      consult:
        consultRoles.length > 0
          ? `Before escalating, the protocol says to consult the ${listInWords(consultRoles.map(roleLabel))}` +
            (consultIds.length > 0 ? ` (${names(consultIds)}).` : '.')
          : '',
      auto:
        next && waiting.autoEscalateOn
          ? words.text('card.decision.auto', {
              next: next.name,
              when: closeOfBusinessInWords(protocol.workingDays.closeOfBusiness, waiting.autoEscalateOn),
            })
          : words.text('card.decision.last-stage'),
    };
  }

  if (view === 'respondent') {
    const last = responses.filter((e) => e.actorId === viewerId).at(-1);
    model.respondent.answered = last
      ? words.text('card.answered', { day: formatDay(last.at), outcome: outcomeInWords(last.outcome, words) })
      : '';
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
