// The dispute card's form labels, error messages and button titles (the template's ${$root.formWords.*}).
import { defaultWording, type Wording } from '../wording/wording.ts';

export function formWordsOf(words: Wording = defaultWording) {
  return {
    escalateTo: words.text('form.escalate.to'),
    escalateToError: words.text('form.escalate.to.error'),
    escalateGrounds: words.text('form.escalate.grounds'),
    escalateGroundsError: words.text('form.escalate.grounds.error'),
    escalateReason: words.text('form.escalate.reason'),
    reasonError: words.text('form.reason.error'),
    escalateRecommendations: words.text('form.escalate.recommendations'),
    escalateButton: words.text('form.escalate.button'),
    extendDue: words.text('form.extend.due'),
    extendDueError: words.text('form.extend.due.error'),
    extendReason: words.text('form.extend.reason'),
    extendButton: words.text('form.extend.button'),
    answerTitle: words.text('form.answer.title'),
    resolveSummary: words.text('form.resolve.summary'),
    resolveSummaryError: words.text('form.resolve.summary.error'),
    resolveKeepMonitoring: words.text('form.resolve.keep-monitoring'),
    resolveButton: words.text('form.resolve.button'),
    confirmMeetingTitle: words.text('form.confirm-meeting.title'),
    confirmMeetingTime: words.text('form.confirm-meeting.time'),
    confirmMeetingTimeError: words.text('form.confirm-meeting.time.error'),
    confirmMeetingButton: words.text('form.confirm-meeting.button'),
    requestMeetingTitle: words.text('form.request-meeting.title'),
    requestMeetingReason: words.text('form.request-meeting.reason'),
    requestMeetingReasonError: words.text('form.request-meeting.reason.error'),
    requestMeetingButton: words.text('form.request-meeting.button'),
    withdrawTitle: words.text('form.withdraw.title'),
    withdrawReason: words.text('form.withdraw.reason'),
    withdrawButton: words.text('form.withdraw.button'),
    acknowledgeButton: words.text('form.acknowledge.button'),
    answerHeading: words.text('form.answer.heading'),
    answerOutcome: words.text('form.answer.outcome'),
    answerOutcomeError: words.text('form.answer.outcome.error'),
    answerMoreTime: words.text('form.answer.more-time'),
    answerText: words.text('form.answer.text'),
    answerTextError: words.text('form.answer.text.error'),
    answerActionsProposed: words.text('form.answer.actions-proposed'),
    answerButton: words.text('form.answer.button'),
  };
}

export type FormWords = ReturnType<typeof formWordsOf>;
