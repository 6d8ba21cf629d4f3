// "What changed since the card you pressed": the events after a version, in words.
import type { DisputeView } from '../src/app/dispute-view.ts';
import type { DisputeEvent } from '../src/core/dispute/dispute-events.ts';
import type { BotDeps } from './bot-context.ts';
import type { WordingKey } from './wording/wording-defaults.ts';

/** The events worth a line, and their words' keys (bot/wording/wording-defaults.ts). */
const changeKeys = {
  Acknowledged: 'change.acknowledged',
  Responded: 'change.responded',
  Extended: 'change.extended',
  Escalated: 'change.escalated',
  Resolved: 'change.resolved',
  Withdrawn: 'change.withdrawn',
  NoteAdded: 'change.note-added',
  MeetingOutcomeRecorded: 'change.meeting-outcome-recorded',
  DeadlineMissed: 'change.deadline-missed',
  CapReached: 'change.cap-reached',
} as const satisfies Partial<Record<DisputeEvent['type'], WordingKey>>;

const keyOf = (type: string): WordingKey | undefined => changeKeys[type as keyof typeof changeKeys];

export async function describeChanges(
  deps: BotDeps,
  view: DisputeView,
  sinceVersion: number,
): Promise<string> {
  const words = deps.config.wording;
  const later = view.events.filter((e) => e.seq > sinceVersion && keyOf(e.type));
  if (later.length === 0) return words.text('change.updated');
  const parts = await Promise.all(
    later.map(async (e) => {
      const what = words.text(keyOf(e.type) as 'change.acknowledged');
      if (e.actorId === 'system') return what;
      const who = (await deps.services.directory.byId(e.actorId))?.name ?? words.text('change.someone');
      return `${who} ${what}`;
    }),
  );
  return `${parts.join('; ')}.`;
}
