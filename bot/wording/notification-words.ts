// The words of one delivered notification: the notice line on the card, and the toast summary
// (the reference, what is asked, by when). The summary is given only the reference, the stage's
// name and its due day: nothing about the child reaches a toast, whatever a council's wording says.
import type { DisputeView } from '../../src/app/dispute-view.ts';
import { formatDay } from '../cards/card-text.ts';
import type { WordingKey } from './wording-defaults.ts';
import type { Wording } from './wording.ts';

type Keyed<P extends string> = Extract<WordingKey, `${P}.${string}`>;

/** The card's notice line for an outbox reason. */
export function noticeFor(wording: Wording, reason: string): string {
  const key = `notice.${reason}`;
  return wording.text(wording.has(key) ? (key as Keyed<'notice'>) : 'notice.update');
}

/** Only what a lock screen may show about a dispute. */
export function summaryParams(view: Pick<DisputeView, 'reference' | 'stage'>) {
  return {
    reference: view.reference,
    stage: view.stage?.name ?? '',
    due: view.stage?.dueOn ? formatDay(view.stage.dueOn, { year: false }) : '',
  };
}

/** The toast summary for an outbox reason (or 'updated', 'opened'). */
export function summaryFor(
  wording: Wording,
  reason: string,
  view: Pick<DisputeView, 'reference' | 'stage'>,
): string {
  const key = `summary.${reason}`;
  return wording.text(wording.has(key) ? (key as Keyed<'summary'>) : 'summary.update', summaryParams(view));
}
