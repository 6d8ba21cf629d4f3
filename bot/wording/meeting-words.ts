// The meeting invitation's words (src/app/meeting-jobs.ts) from the bot's wording, so a council's
// WORDING_FILE rewords invitations too. The application cannot import the bot, so the composition
// root hands these over.
import type { MeetingWords } from '../../src/app/meeting-jobs.ts';
import type { Wording } from './wording.ts';

export function meetingWordsOf(wording: Wording): MeetingWords {
  return {
    subject: (v) => wording.text('meeting.subject', v),
    body: (v) => wording.text('meeting.body', v),
    noLongerNeeded: () => wording.text('meeting.no-longer-needed'),
  };
}
