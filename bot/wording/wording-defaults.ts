// Every sentence the bot says to people, in one place, keyed, with the parameters each may use.
// A council may reword any of them (WORDING_FILE, see load-wording-file.ts) but not give a text a
// parameter it does not declare here: that is the safeguard that keeps a child's name, initials,
// case number or the concern out of toasts, chat lists and card fallbacks, which show on lock
// screens. No summary, fallback or notice declares such a parameter, so no override can add one.
// Placeholders are written {name}.

/** One text: the default words and the only parameters it may use. */
export interface WordingEntry {
  readonly text: string;
  readonly params: readonly string[];
}

function t(text: string): { text: string; params: readonly [] };
function t<const P extends readonly string[]>(text: string, params: P): { text: string; params: P };
function t(text: string, params: readonly string[] = []) {
  return { text, params };
}

/** The parameters of a toast summary: the dispute reference, the stage's name and when it is due. */
const summary = ['reference', 'stage', 'due'] as const;

export const wordingDefaults = {
  // ---- The line at the top of a delivered card, by why it was sent (outbox reason). ----
  'notice.respond': t('You are asked to respond to this dispute.'),
  'notice.copied': t('You are copied into this dispute.'),
  'notice.told': t('For your information.'),
  'notice.reminder': t('Reminder: a response is due.'),
  'notice.chair-decision-needed': t('The deadline has passed: your decision is needed.'),
  'notice.consulted': t('The chair may consult you about this missed deadline.'),
  'notice.response-received': t('There is a response for you.'),
  'notice.co-sign-needed': t('A jointly agreed response is waiting for your answer or co-signature.'),
  'notice.step-refused': t(
    'The dispute could not move on by itself: someone it needs is missing from the directory. Your action is needed.',
  ),
  'notice.extension-beyond-cap': t('More time was given past the overall time limit.'),
  'notice.cap-reached': t('The overall time limit for this dispute has been reached.'),
  'notice.closed': t('This dispute is closed.'),
  'notice.delivery-failed': t('Someone involved could not be reached in Teams.'),
  'notice.meeting-booked': t('A resolution meeting has been booked.'),
  'notice.meeting-moved': t('The resolution meeting has moved.'),
  'notice.meeting-cancelled': t('The resolution meeting is cancelled.'),
  'notice.meeting-declined': t('Someone has declined the resolution meeting.'),
  'notice.meeting-not-booked': t(
    'No meeting time could be found before the deadline: your decision is needed.',
  ),
  'notice.immediate-review': t(
    'Risk of significant harm: the decision challenged here needs your immediate review.',
  ),
  'notice.pre-alert': t('Before this dispute is referred on, you are alerted to it, as the protocol asks.'),
  'notice.confirm-meeting-date': t('Please confirm the date of the meeting from the times proposed.'),
  'notice.file-local-record': t(
    "The dispute is resolved: please now put the locally held record on the child's file.",
  ),
  'notice.update': t('An update on a dispute you are part of.'),

  // ---- Toasts and the chat list (the activity's summary): the reference, what is asked, by when. ----
  'summary.respond': t('{reference}: you are asked to respond by {due}', summary),
  'summary.copied': t('{reference}: you are copied into a dispute', summary),
  'summary.told': t('{reference}: for your information', summary),
  'summary.reminder': t('{reference}: reminder, a response is due by {due}', summary),
  'summary.chair-decision-needed': t(
    '{reference}: the deadline has passed, your decision is needed',
    summary,
  ),
  'summary.consulted': t('{reference}: the chair may consult you about a missed deadline', summary),
  'summary.response-received': t('{reference}: there is a response for you', summary),
  'summary.co-sign-needed': t('{reference}: a joint response waits for your co-signature by {due}', summary),
  'summary.step-refused': t(
    '{reference}: the dispute could not move on by itself, your action is needed',
    summary,
  ),
  'summary.extension-beyond-cap': t('{reference}: more time was given past the overall limit', summary),
  'summary.cap-reached': t('{reference}: the overall time limit has been reached', summary),
  'summary.closed': t('{reference}: the dispute is closed', summary),
  'summary.delivery-failed': t('{reference}: someone involved could not be reached in Teams', summary),
  'summary.meeting-booked': t('{reference}: a resolution meeting has been booked', summary),
  'summary.meeting-moved': t('{reference}: the resolution meeting has moved', summary),
  'summary.meeting-cancelled': t('{reference}: the resolution meeting is cancelled', summary),
  'summary.meeting-declined': t('{reference}: someone has declined the resolution meeting', summary),
  'summary.meeting-not-booked': t(
    '{reference}: no meeting time could be found, your decision is needed',
    summary,
  ),
  'summary.immediate-review': t('{reference}: immediate review needed (risk of significant harm)', summary),
  'summary.pre-alert': t('{reference}: you are alerted before the dispute is referred on', summary),
  'summary.confirm-meeting-date': t('{reference}: please confirm the meeting date by {due}', summary),
  'summary.file-local-record': t('{reference}: resolved, please file the locally held record', summary),
  'summary.update': t('{reference}: an update on a dispute you are part of', summary),
  /** A copy of a card updated in place. */
  'summary.updated': t('{reference}: the dispute card is updated', summary),
  /** A dispute card shown on request (open <reference>). */
  'summary.opened': t('{reference}', summary),

  /** The card's own fallbackText: what a client that cannot draw the card shows. */
  'card.fallback': t('{summary}. Open CP Disputes in Teams to see it.', ['summary']),

  // ---- The help card ----
  'help.title': t('CP Disputes'),
  'help.intro': t(
    'Type one of these in this chat, or press a button. Cards for disputes you are involved in arrive here by themselves.',
  ),
  'help.command.raise': t(
    'Raise a practice dispute: a form to fill in, with a preview of every stage and its dates.',
  ),
  'help.command.mine': t('The open disputes you raised, must answer, or are copied in on.'),
  'help.command.open': t('Show one dispute by its reference, for example "open CPD-7K3QX2".'),
  'help.command.help': t('This list.'),
  'help.button.raise': t('Raise a dispute'),
  'help.button.mine': t('My disputes'),
  'help.button.open': t('Open CP Disputes'),
  'help.summary': t('CP Disputes: what you can do here'),

  // ---- The list card ----
  'list.title': t('Your open disputes'),
  'list.empty': t('There is nothing here right now: no disputes need you at the moment.'),
  'list.more': t('And {count} more: open CP Disputes to see them all.', ['count']),
  'list.moreBeyondPage': t('There are more: open CP Disputes to see them all.'),
  'list.due': t('Due {day}', ['day']),
  'list.overdue': t('Overdue: was due {day}', ['day']),
  'list.status.open': t('Open'),
  'list.status.resolved': t('Resolved'),
  'list.status.withdrawn': t('Withdrawn'),
  'list.button.open': t('Open'),

  // ---- The message card (refusals and notes) ----
  'message.nothing-changed': t('Nothing has changed on dispute {reference}.', ['reference']),
  'message.button.refresh': t('Show the dispute as it is now'),

  // ---- The raise form, as a reply ----
  'raise.summary': t('Raise a dispute'),

  // ---- Chat replies (message-route.ts) ----
  'chat.not-in-directory.title': t('You are not in the directory'),
  'chat.not-in-directory.text': t(
    "CP Disputes could not find you in the council's directory, so it cannot show or change anything. Please ask your administrator to add you.",
  ),
  'chat.shared-chat': t(
    'Case details stay out of shared chats. Open your 1:1 chat with CP Disputes to raise or see disputes.',
  ),
  'chat.which-dispute.title': t('Which dispute?'),
  'chat.which-dispute.text': t('Type open and the reference, for example: open CPD-7K3QX2'),
  'chat.not-available.title': t('Not available'),
  'chat.not-available.text': t('There is no dispute {reference} that you can see.', ['reference']),

  // ---- Button presses (card-action-route.ts) ----
  'action.unreadable.title': t('This card could not be read'),
  'action.unreadable.text': t('The button sent something unexpected. Nothing was changed.'),
  'action.no-dispute.text': t('It does not name a dispute. Nothing was changed.'),
  'action.not-in-directory.text': t(
    "CP Disputes could not find you in the council's directory, so nothing was changed. Please ask your administrator.",
  ),
  'action.unknown-button': t('That button is not recognised. Nothing was changed.'),
  'action.check-form': t('Please check the form.'),
  'action.refused': t('{problem} Nothing was changed.', ['problem']),
  'action.refused.title': t('Nothing was changed'),
  'action.not-available.title': t('Not available'),
  'action.not-available.text': t('This dispute is not available to you. Nothing was changed.'),
  'action.stale': t('This card was out of date, so nothing was changed. Since then: {changes}', ['changes']),
  'action.other-protocol': t(
    'You chose another protocol: the stages and dates below are now its own. Check where the dispute starts, then press Raise.',
  ),
  'action.raised': t('Raised as {reference}: "{stage}" has been sent.', ['reference', 'stage']),
  'done.acknowledge': t('Thank you: your acknowledgement is recorded.'),
  'done.co-sign': t(
    'Thank you: you have co-signed the jointly agreed response, and the chair has been told.',
  ),
  'done.respond': t('Thank you: your response is recorded and the chair has been told.'),
  'done.escalate': t('Escalated: the next stage has been sent.'),
  'done.extend': t('More time given: the new date has been sent.'),
  'done.resolve': t('Resolved: everyone involved has been told.'),
  'done.withdraw': t('Withdrawn: everyone involved has been told.'),
  'done.confirm-meeting': t('Confirmed: the meeting is being booked at that time.'),
  'done.request-meeting': t('Meeting asked for: it is being booked and the attendees will be invited.'),
  'done.other': t('Done.'),

  // ---- The dispute card (a person's own 1:1 card: it may name people, never in a toast) ----
  'card.heading.asks': t('What is asked'),
  'card.heading.concern': t('The concern'),
  'card.heading.actions-required': t('Actions required'),
  'card.heading.answers': t('Answers at this stage'),
  'card.button.refresh': t('Refresh'),
  'card.no-open-stage': t('No open stage'),
  'card.fact.chair': t('Chair'),
  'card.fact.conference': t('Conference'),
  'card.fact.theme': t('Theme'),
  'card.fact.immediate-risk': t('Immediate risk'),
  'card.fact.immediate-risk.yes': t('Yes: immediate risk of significant harm'),
  'card.full-text': t('The text is shortened here: open CP Disputes to read all of it.'),
  'card.you.chair': t('You raised this dispute: you decide when it is resolved, and whether it moves on.'),
  'card.you.chair-decision': t('You raised this dispute, and a decision from you is needed.'),
  'card.you.respondent': t('You are asked to respond at this stage.'),
  'card.you.respondent-as': t('You are asked to respond at this stage (as {roles}).', ['roles']),
  'card.you.copied': t('You are copied in for information: nothing is asked of you.'),
  'card.you.told': t('You are told of this stage for information: nothing is asked of you.'),
  'card.you.involved': t('You are involved in this dispute: nothing is asked of you at this stage.'),
  'card.you.oversight': t(
    'You can see this dispute because your service oversees the process: nothing is asked of you.',
  ),
  'card.asked-of': t('Asked of: {roles} ({names})', ['roles', 'names']),
  'card.asked-of.names': t('Asked of: {names}', ['names']),
  'card.due': t('Stage due: {when}', ['when']),
  'card.due.overdue': t('Stage due: {when}. Overdue.', ['when']),
  'card.cap.none': t('Overall limit: none in this protocol.'),
  'card.cap.reached': t('Overall limit ({days} working days): reached at {when}.', ['days', 'when']),
  'card.cap.due': t('Overall limit ({days} working days): {when}', ['days', 'when']),
  'card.cap.not-started': t('Overall limit: {days} working days, counted from "{from}".', ['days', 'from']),
  'card.closed.resolved': t('Resolved on {day} by {name}.', ['day', 'name']),
  'card.closed.resolved-at': t('Resolved on {day} by {name}, at "{stage}".', ['day', 'name', 'stage']),
  'card.closed.monitoring': t('The chair will continue to monitor.'),
  'card.closed.withdrawn': t('Withdrawn on {day} by {name}.', ['day', 'name']),
  'card.closed.resolved-plain': t('Resolved.'),
  'card.closed.plain': t('Closed.'),
  'card.answered': t('You answered on {day} ({outcome}). You can send another answer below.', [
    'day',
    'outcome',
  ]),
  'card.meeting.booked': t('Meeting: {day} at {time}, chaired by {chair}.', ['day', 'time', 'chair']),
  'card.meeting.join': t('[Join the Teams meeting]({url}).', ['url']),
  'card.meeting.accepted': t('Accepted: {names}.', ['names']),
  'card.meeting.none-accepted': t('No one has accepted yet.'),
  'card.meeting.declined': t('Declined: {names}.', ['names']),
  'card.meeting.proposed': t('Meeting times proposed, for {names} to confirm one: {times}.', [
    'names',
    'times',
  ]),
  'card.meeting.not-booked': t('No meeting could be booked: {reason}', ['reason']),
  'card.meeting.required': t('A meeting is required at this stage.'),
  'card.meeting.possible': t('A meeting is possible at this stage.'),
  'card.meeting.required-chaired': t('A meeting is required at this stage, chaired by {chair}.', ['chair']),
  'card.meeting.possible-chaired': t('A meeting is possible at this stage, chaired by {chair}.', ['chair']),
  'card.decision.heading': t(
    'The deadline for this stage passed at {when} without the answer it asked for. What would you like to do?',
    ['when'],
  ),
  'card.decision.auto': t('If you do not decide, the dispute moves to "{next}" by itself at {when}.', [
    'next',
    'when',
  ]),
  'card.decision.last-stage': t('This is the last stage: it will not move on by itself.'),
  'outcome.actions-agreed': t('actions agreed'),
  'outcome.actions-completed': t('actions completed'),
  'outcome.disagree': t('disagrees'),
  'outcome.needs-more-time': t('needs more time'),

  // ---- The dispute card's forms and buttons (labels, error messages, button titles) ----
  'form.escalate.to': t('Escalate to'),
  'form.escalate.to.error': t('Choose the stage to escalate to.'),
  'form.escalate.grounds': t('Why does it move on?'),
  'form.escalate.grounds.error': t(
    'Say whether it was not answered in time or you are dissatisfied with the response.',
  ),
  'form.escalate.reason': t('Why are you escalating? (recorded on the dispute)'),
  'form.reason.error': t('Please give a reason.'),
  'form.escalate.recommendations': t('Recommendation(s) for remedial action at this stage (optional)'),
  'form.escalate.button': t('Escalate'),
  'form.extend.due': t('New due date (a working day)'),
  'form.extend.due.error': t('Choose the new due date.'),
  'form.extend.reason': t('Why more time? (recorded on the dispute)'),
  'form.extend.button': t('Give more time'),
  'form.answer.title': t('Answer'),
  'form.resolve.summary': t('How was the concern resolved? (recorded on the dispute and the case note)'),
  'form.resolve.summary.error': t('Please write a short summary.'),
  'form.resolve.keep-monitoring': t('The chair will continue to monitor'),
  'form.resolve.button': t('Resolve'),
  'form.confirm-meeting.title': t('Confirm the meeting time'),
  'form.confirm-meeting.time': t('Which of the proposed times?'),
  'form.confirm-meeting.time.error': t('Choose one of the proposed times.'),
  'form.confirm-meeting.button': t('Confirm'),
  'form.request-meeting.title': t('Ask for a meeting'),
  'form.request-meeting.reason': t('Why would a meeting help? (the attendees will see this)'),
  'form.request-meeting.reason.error': t('Please say why a meeting would help.'),
  'form.request-meeting.button': t('Ask for the meeting'),
  'form.withdraw.title': t('Withdraw'),
  'form.withdraw.reason': t('Why are you withdrawing the dispute? (recorded on the dispute)'),
  'form.withdraw.button': t('Withdraw the dispute'),
  'form.acknowledge.button': t('Acknowledge'),
  'form.answer.heading': t('Your answer'),
  'form.answer.outcome': t('Your answer to the concern'),
  'form.answer.outcome.error': t('Choose one answer.'),
  'form.answer.more-time': t('If you need more time: until when? (a working day)'),
  'form.answer.text': t('Your response'),
  'form.answer.text.error': t('Please write your response.'),
  'form.answer.actions-proposed': t('Actions taken or proposed, with dates (optional)'),
  'form.answer.button': t('Send answer'),

  // ---- "This card was out of date … Since then: Ben Okafor responded." (describe-changes.ts) ----
  'change.acknowledged': t('acknowledged the stage'),
  'change.responded': t('responded'),
  'change.extended': t('gave more time'),
  'change.escalated': t('escalated the dispute'),
  'change.resolved': t('resolved the dispute'),
  'change.withdrawn': t('withdrew the dispute'),
  'change.note-added': t('added a note'),
  'change.meeting-outcome-recorded': t('recorded the meeting'),
  'change.deadline-missed': t('the deadline passed'),
  'change.cap-reached': t('the overall time limit was reached'),
  'change.updated': t('the dispute was updated.'),
  'change.someone': t('someone'),

  // ---- The raise form (render-raise-form.ts, templates/raise-form.json) ----
  'raise.protocol': t('Protocol'),
  'raise.protocol.error': t('Choose the protocol.'),
  'raise.heading.child': t('The child'),
  'raise.child-name': t("Child's name or initials"),
  'raise.child-name.error': t("Enter the child's name or initials."),
  'raise.date-of-birth': t('Date of birth'),
  'raise.date-of-birth.error': t("Enter the child's date of birth."),
  'raise.case-number': t('Case number'),
  'raise.case-number.error': t('Enter the case number.'),
  'raise.conference-date': t('Date of the conference'),
  'raise.conference-date.error': t('Enter the date of the conference.'),
  'raise.social-worker': t('Social worker'),
  'raise.social-worker.placeholder': t('Start typing a name'),
  'raise.social-worker.error': t('Choose the social worker.'),
  'raise.social-worker-email': t("Social worker's work email address"),
  'raise.social-worker-email.error': t("Enter the social worker's email address."),
  'raise.challenged-chair': t(
    'The Child Protection Conference Chair whose decision you are challenging (they are named and told)',
  ),
  'raise.challenged-chair.error': t('Choose the conference chair.'),
  'raise.heading.concern': t('The concern'),
  'raise.theme': t('Theme'),
  'raise.theme.placeholder': t('Choose the closest theme'),
  'raise.theme.error': t('Choose the theme closest to the concern.'),
  'raise.concern.error': t('Describe the concern.'),
  'raise.actions-required': t('Actions required, and by when'),
  'raise.actions-required.error': t('Say what needs to happen.'),
  'raise.immediate-risk': t('The child is at immediate risk of significant harm'),
  'raise.heading.start': t('Where it starts'),
  'raise.start-at': t('Start at'),
  'raise.start-at.error': t('Choose where the dispute starts.'),
  'raise.start-reason': t('If you start at a later stage: why?'),
  'raise.button.preview': t('Preview escalation'),
  'raise.button.raise': t('Raise'),
  'raise.title': t('Raise a practice dispute'),
  'raise.title.dissent': t('Raise a dissent from a conference decision'),
  'raise.intro': t(
    'Fill this in and press Raise: the people the protocol names are told straight away. Preview escalation shows when each stage would be sent and fall due if nobody acts.',
  ),
  'raise.error-summary.one': t('Please check the problem below.'),
  'raise.error-summary.many': t('Please check the {count} problems below.', ['count']),
  'raise.protocol.name': t('Protocol: {name}', ['name']),
  'raise.usual-start': t('{stage} (the usual start)', ['stage']),

  // ---- The dispute card's offers (dispute-card-forms.ts) ----
  'form.escalate.title': t('Escalate'),
  'form.escalate.title-now': t('Escalate now'),
  'form.escalate.intro': t('Move the dispute to "{next}".', ['next']),
  'form.escalate.intro-or-later': t(
    'Move the dispute to "{next}", or straight to a later stage the protocol allows.',
    ['next'],
  ),
  'form.escalate.consult': t(
    'Before going straight to a later stage, the protocol says to consult the {roles}.',
    ['roles'],
  ),
  'form.escalate.grounds.not-answered-in-time': t('Not answered in time'),
  'form.escalate.grounds.dissatisfied-with-response': t('Dissatisfied with the response'),
  'form.escalate.referral': t('If going straight to "{stage}": I have consulted the {roles}', [
    'stage',
    'roles',
  ]),
  'form.escalate.referral-note': t('The {roles} will be alerted by email before the referral is sent.', [
    'roles',
  ]),
  'form.extend.intro-deciding': t(
    'Give the respondents a new due date. The reason is recorded on the dispute.',
  ),
  'form.extend.intro': t(
    'The stage is due at {when}. Choose a later working day; the reason is recorded on the dispute.',
    ['when'],
  ),
  'form.resolve.title': t('Resolve'),
  'form.resolve.title-respondent': t('Resolve the dispute'),
  'form.resolve.title-deciding': t('Resolved'),
  'form.request-meeting.intro': t(
    'A meeting is possible at this stage. Ask for one: it is booked with the notice the protocol gives.',
  ),
  'form.request-meeting.intro-again': t(
    'The last meeting was recorded as not held. Ask for a new one: it is booked with the notice the protocol gives.',
  ),
  'form.co-sign.button': t("Co-sign {name}'s response", ['name']),
  'outcome-label.actions-agreed': t('The actions are agreed'),
  'outcome-label.actions-completed': t('The actions are completed'),
  'outcome-label.disagree': t('I disagree with the concern or the actions'),
  'outcome-label.needs-more-time': t('I need more time'),

  'raise.referral': t('If starting straight at "{stage}": I have consulted the {roles}', ['stage', 'roles']),
  'raise.referral.people-named': t('people the protocol names'),
  'raise.preview.heading': t(
    'If nobody acts (starting {start}; each stage due at close of business, {closeOfBusiness})',
    ['start', 'closeOfBusiness'],
  ),
  'raise.preview.default-time': t(
    'This time limit is not in the source document: it is the protocol’s default.',
  ),
  'raise.preview.chair-decides': t('At a missed deadline you decide what happens next.'),
  'raise.preview.moves-on': t('At a missed deadline it moves on by itself.'),
  'raise.preview.cap': t(
    'Overall limit: {days} working days, reached at close of business ({closeOfBusiness}) on {day}.',
    ['days', 'closeOfBusiness', 'day'],
  ),

  // ---- Meeting invitations (src/app/meeting-jobs.ts): attendees' calendars show them. ----
  'meeting.subject': t('{process}: {stage} ({reference})', ['process', 'stage', 'reference']),
  'meeting.body': t(
    'Resolution meeting for {reference}, {stage}.\n{asks}\n\nThe dispute, its history and what is asked are in CP Disputes: {link}',
    ['reference', 'stage', 'asks', 'link'],
  ),
  'meeting.no-longer-needed': t('This meeting is no longer needed.'),

  // ---- Email, where Teams cannot reach (email-fallback-delivery.ts): names the dispute by reference only. ----
  'email.subject': t('{process}: {stage} ({reference})', ['process', 'stage', 'reference']),
  'email.subject.no-stage': t('{process}: update ({reference})', ['process', 'reference']),
  'email.due': t('Due by {when}.', ['when']),
  'email.link': t('Open the dispute in CP Disputes'),

  // ---- The reference card (render-reference-card.ts): what "Find dispute" and a pasted dispute link
  // put into a chat, read by people who are NOT on the dispute. Its texts take no parameter beyond
  // the reference (test/unit/wording-safeguards.test.ts), so no council wording can show them more.
  /** Above the reference: whose card this is. */
  'reference.title': t('CP Disputes'),
  /** Under the reference, for everyone who is not on the dispute. */
  'reference.only-reference': t('Only the people on this dispute see its details here.'),
  'reference.button.open': t('Open in CP Disputes'),
  'reference.button.refresh': t('Refresh'),
  /** The whole card for a link to a dispute the person pasting it may not read, or that does not exist. */
  'reference.link-only': t('CP Disputes link'),
  /** The answer to an empty search or one that is not yet a reference or initials and a case number. */
  'reference.search-hint': t(
    "Type a dispute reference (CPD-7K3QX2), or the child's initials and case number (NB 104233).",
  ),
  /** The search found nothing this person may read (or nothing at all: the two are not told apart). */
  'reference.nothing-found': t('No dispute you can see matches that.'),
  /** The search result's preview: "<stage> · <status>". */
  'reference.status.open': t('Open'),
  'reference.status.resolved': t('Resolved'),
  'reference.status.withdrawn': t('Withdrawn'),
  'reference.no-open-stage': t('No open stage'),

  // ---- The Teams activity feed notice's second line (activity-feed-delivery.ts), by feed moment.
  // It shows in the bell and on lock screens: no parameters at all. The notice's first line is the
  // manifest's templateText (bot/feed-words.ts), which a council cannot reword.
  'feed.preview.asked-to-respond': t(
    'A dispute needs your response. Open it to read the concern and answer.',
  ),
  'feed.preview.deadline-tomorrow': t('Your response is due by the end of the next working day.'),
  'feed.preview.decision-needed': t('A deadline has passed without a response. Decide what happens next.'),
  'feed.preview.cap-reached': t('The overall time limit for this dispute has been reached.'),
} as const satisfies Record<string, WordingEntry>;

export type WordingKey = keyof typeof wordingDefaults;
/** The parameters a text may use. */
export type WordingParams<K extends WordingKey> = (typeof wordingDefaults)[K]['params'][number];
