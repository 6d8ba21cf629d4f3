// The words of the Teams activity feed that the app manifest declares (appPackage/manifest.json
// activities.activityTypes must match these; test/unit/activity-feed-words.test.ts checks). Teams
// writes a notice as "<app name> <templateText>", with {reference} filled in. These are NOT in the
// council-editable wording (bot/wording/): Teams takes them from the app package, not from the
// request, so changing them means rebuilding and re-uploading the package. Each notice's second line
// (previewText), which the request carries, is council-editable: `feed.preview.<moment>` in
// bot/wording/wording-defaults.ts. Only the dispute reference ever appears: never a child's name,
// initials, case number or the concern, since the feed is read outside the 1:1 chat (on a lock
// screen, by anyone near the screen).
import type { FeedMoment } from '../src/core/dispute/feed-moments.ts';

export interface FeedWords {
  /** The manifest's activityType `type` (at most 64 characters). */
  activityType: string;
  /** The manifest's `description` (what the notice is for, shown in Teams' settings; at most 128). */
  description: string;
  /** The manifest's `templateText`, after the app's name (at most 128). */
  templateText: string;
}

export const feedWords: Record<FeedMoment, FeedWords> = {
  'asked-to-respond': {
    activityType: 'askedToRespond',
    description: 'You are asked to respond to a dispute',
    templateText: 'asks you to respond to dispute {reference}',
  },
  'deadline-tomorrow': {
    activityType: 'deadlineTomorrow',
    description: 'A response of yours is due on the next working day',
    templateText: 'reminds you: your response to dispute {reference} is due on the next working day',
  },
  'decision-needed': {
    activityType: 'decisionNeeded',
    description: 'A deadline has passed and the chair must decide what happens next',
    templateText: 'needs your decision on dispute {reference}: a deadline has passed',
  },
  'cap-reached': {
    activityType: 'capReached',
    description: 'A dispute has reached its overall time limit',
    templateText: 'says dispute {reference} has reached its overall time limit',
  },
};
