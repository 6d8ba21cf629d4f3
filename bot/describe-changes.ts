// "What changed since the card you pressed": the events after a version, in words.
import type { DisputeView } from '../src/app/dispute-view.ts';
import type { DisputeEvent } from '../src/core/dispute/dispute-events.ts';
import type { BotDeps } from './bot-context.ts';

const words: Partial<Record<DisputeEvent['type'], string>> = {
  Acknowledged: 'acknowledged the stage',
  Responded: 'responded',
  Extended: 'gave more time',
  Escalated: 'escalated the dispute',
  Resolved: 'resolved the dispute',
  Withdrawn: 'withdrew the dispute',
  NoteAdded: 'added a note',
  MeetingOutcomeRecorded: 'recorded the meeting',
  DeadlineMissed: 'the deadline passed',
  CapReached: 'the overall time limit was reached',
};

export async function describeChanges(
  deps: BotDeps,
  view: DisputeView,
  sinceVersion: number,
): Promise<string> {
  const later = view.events.filter((e) => e.seq > sinceVersion && words[e.type]);
  if (later.length === 0) return 'the dispute was updated.';
  const parts = await Promise.all(
    later.map(async (e) => {
      if (e.actorId === 'system') return words[e.type]!;
      const who = (await deps.services.directory.byId(e.actorId))?.name ?? 'someone';
      return `${who} ${words[e.type]}`;
    }),
  );
  return `${parts.join('; ')}.`;
}
