// The bot's conversation references and posted cards in SQL (tables bot_conversation_references and
// bot_posted_cards, created by migration 2 in migrations.ts). A reference is stored as JSONB, as the
// bot gave it; only its serviceUrl, user.id and conversation.id are read here.
import type { ConversationStore } from '../../app/ports/conversation-store.ts';
import type { SqlDatabase, SqlExecutor } from '../../app/ports/sql-database.ts';

export function createSqlConversationStore<Reference extends object>(
  db: SqlDatabase,
): ConversationStore<Reference> {
  const q = (tx: SqlExecutor = db) => tx;
  return {
    async saveReference(personId, tenantId, reference) {
      await q().query(
        `insert into bot_conversation_references (person_id, tenant_id, reference, updated_at)
         values ($1, $2, $3::jsonb, now())
         on conflict (tenant_id, person_id) do update set reference = excluded.reference, updated_at = now()`,
        [personId, tenantId, JSON.stringify(reference)],
      );
    },
    async referenceFor(personId) {
      const { rows } = await q().query<{ reference: unknown }>(
        'select reference from bot_conversation_references where person_id = $1',
        [personId],
      );
      const ref = rows[0]?.reference;
      return ref ? ((typeof ref === 'string' ? JSON.parse(ref) : ref) as Reference) : null;
    },
    async serviceUrlFor(tenantId) {
      const { rows } = await q().query<{ url: string | null }>(
        `select reference->>'serviceUrl' as url from bot_conversation_references
         where tenant_id = $1 order by updated_at desc limit 1`,
        [tenantId],
      );
      return rows[0]?.url ?? null;
    },
    async userIdsFor(personIds) {
      if (personIds.length === 0) return [];
      const { rows } = await q().query<{ id: string | null }>(
        `select reference->'user'->>'id' as id from bot_conversation_references where person_id = any($1::text[])`,
        [[...new Set(personIds)]],
      );
      return rows.flatMap((r) => (r.id ? [r.id] : []));
    },
    async userIdsByPerson(personIds) {
      if (personIds.length === 0) return new Map();
      const { rows } = await q().query<{ person_id: string; id: string | null }>(
        `select person_id, reference->'user'->>'id' as id from bot_conversation_references where person_id = any($1::text[])`,
        [[...new Set(personIds)]],
      );
      return new Map(rows.flatMap((r) => (r.id ? [[r.person_id, r.id] as const] : [])));
    },
    async recordPostedCard(card) {
      await q().query(
        `insert into bot_posted_cards (dispute_id, person_id, conversation_id, activity_id, shown_version)
         values ($1, $2, $3, $4, $5) on conflict do nothing`,
        [card.disputeId, card.personId, card.conversationId, card.activityId, card.version],
      );
    },
    async claimCardsBehind(disputeId, version) {
      const { rows } = await q().query<{ person_id: string; conversation_id: string; activity_id: string }>(
        `update bot_posted_cards set shown_version = $2 where dispute_id = $1 and shown_version < $2
         returning person_id, conversation_id, activity_id, posted_at`,
        [disputeId, version],
      );
      return rows.map((r) => ({
        disputeId,
        personId: r.person_id,
        conversationId: r.conversation_id,
        activityId: r.activity_id,
      }));
    },
    async postedCards(disputeId) {
      const { rows } = await q().query<{
        dispute_id: string;
        person_id: string;
        conversation_id: string;
        activity_id: string;
      }>(
        'select dispute_id, person_id, conversation_id, activity_id from bot_posted_cards where dispute_id = $1 order by posted_at',
        [disputeId],
      );
      return rows.map((r) => ({
        disputeId: r.dispute_id,
        personId: r.person_id,
        conversationId: r.conversation_id,
        activityId: r.activity_id,
      }));
    },
    async forgetConnector(serviceUrlPattern) {
      await q().query(
        `delete from bot_posted_cards where conversation_id in (
           select reference->'conversation'->>'id' from bot_conversation_references
           where reference->>'serviceUrl' ~ $1)`,
        [serviceUrlPattern],
      );
      const { rows } = await q().query<{ person_id: string }>(
        `delete from bot_conversation_references where reference->>'serviceUrl' ~ $1 returning person_id`,
        [serviceUrlPattern],
      );
      return rows.map((r) => r.person_id);
    },
  };
}
