// The raise form's labels, error messages and button titles (the template's ${$root.raiseWords.*}).
import { defaultWording, type Wording } from '../wording/wording.ts';

export function raiseFormWordsOf(words: Wording = defaultWording) {
  return {
    protocol: words.text('raise.protocol'),
    protocolError: words.text('raise.protocol.error'),
    headingChild: words.text('raise.heading.child'),
    childName: words.text('raise.child-name'),
    childNameError: words.text('raise.child-name.error'),
    dateOfBirth: words.text('raise.date-of-birth'),
    dateOfBirthError: words.text('raise.date-of-birth.error'),
    caseNumber: words.text('raise.case-number'),
    caseNumberError: words.text('raise.case-number.error'),
    conferenceDate: words.text('raise.conference-date'),
    conferenceDateError: words.text('raise.conference-date.error'),
    socialWorker: words.text('raise.social-worker'),
    socialWorkerPlaceholder: words.text('raise.social-worker.placeholder'),
    socialWorkerError: words.text('raise.social-worker.error'),
    socialWorkerEmail: words.text('raise.social-worker-email'),
    socialWorkerEmailError: words.text('raise.social-worker-email.error'),
    challengedChair: words.text('raise.challenged-chair'),
    challengedChairError: words.text('raise.challenged-chair.error'),
    headingConcern: words.text('raise.heading.concern'),
    theme: words.text('raise.theme'),
    themePlaceholder: words.text('raise.theme.placeholder'),
    themeError: words.text('raise.theme.error'),
    concernError: words.text('raise.concern.error'),
    actionsRequired: words.text('raise.actions-required'),
    actionsRequiredError: words.text('raise.actions-required.error'),
    immediateRisk: words.text('raise.immediate-risk'),
    headingStart: words.text('raise.heading.start'),
    startAt: words.text('raise.start-at'),
    startAtError: words.text('raise.start-at.error'),
    startReason: words.text('raise.start-reason'),
    buttonPreview: words.text('raise.button.preview'),
    buttonRaise: words.text('raise.button.raise'),
  };
}
