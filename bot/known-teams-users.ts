// The Teams user ids (MRIs) of people the bot can refresh cards for, kept in memory for a few
// minutes in front of the conversation store. Every dispute card carries them (refresh.userIds),
// so without this each card press cost a third database read for ids that change only when
// someone installs the app. An id saved through this instance is known at once; one saved by
// another instance is seen when the entry expires (until then that person refreshes by hand).
import { LRUCache } from 'lru-cache';
import type { BotConversations } from './bot-context.ts';

const KNOWN_FOR_MS = 5 * 60_000;
const MAX_PEOPLE = 50_000;

export function withKnownTeamsUsers(store: BotConversations): BotConversations {
  // Person id -> their Teams user id, or null where they have none yet (asked, not found).
  const known = new LRUCache<string, { userId: string | null }>({ max: MAX_PEOPLE, ttl: KNOWN_FOR_MS });
  return {
    ...store,
    async saveReference(personId, tenantId, reference) {
      await store.saveReference(personId, tenantId, reference);
      known.set(personId, { userId: reference.user?.id ?? null });
    },
    async userIdsFor(personIds) {
      const unique = [...new Set(personIds)];
      const missing = unique.filter((id) => !known.has(id));
      if (missing.length > 0) {
        const found = await store.userIdsByPerson(missing);
        for (const id of missing) known.set(id, { userId: found.get(id) ?? null });
      }
      return unique.flatMap((id) => {
        const userId = known.get(id)?.userId;
        return userId ? [userId] : [];
      });
    },
  };
}
