// Where the bot can reach each person: the conversation reference captured at installation and on
// every message (for proactive sends), and the activity id of every dispute card it has posted to
// them (so every copy can be updated in place). Kept in the database: any instance may deliver.
import type { ConversationReference } from 'botbuilder';
import type { SqlDatabase, SqlExecutor } from '../src/app/ports/sql-database.ts';

export interface PostedCard {
  disputeId: string;
  personId: string;
  conversationId: string;
  activityId: string;
}

/** A card as posted: the dispute version it shows. */
export interface PostedCardAt extends PostedCard {
  version: number;
}

export interface ConversationStore {
  saveReference(personId: string, tenantId: string, reference: Partial<ConversationReference>): Promise<void>;
  referenceFor(personId: string): Promise<Partial<ConversationReference> | null>;
  /** Any stored reference's service URL for the tenant: where to create a new 1:1 conversation. */
  serviceUrlFor(tenantId: string): Promise<string | null>;
  /** The Teams user ids (MRIs) of these people, where known: a card's refresh.userIds. */
  userIdsFor(personIds: readonly string[]): Promise<string[]>;
  /** The same, each against its person (those with no stored reference left out). */
  userIdsByPerson(personIds: readonly string[]): Promise<Map<string, string>>;
  recordPostedCard(card: PostedCardAt): Promise<void>;
  postedCards(disputeId: string): Promise<PostedCard[]>;
  /**
   * The dispute's cards that show a version before `version`, marked as showing it: the caller
   * updates each. Atomic, so of the deliveries of one version only one gets each card.
   */
  claimCardsBehind(disputeId: string, version: number): Promise<PostedCard[]>;
}

// The tables are created by migration 2 in src/adapters/sql/migrations.ts.
export function createSqlConversationStore(db: SqlDatabase): ConversationStore {
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
      return ref
        ? ((typeof ref === 'string' ? JSON.parse(ref) : ref) as Partial<ConversationReference>)
        : null;
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
  };
}
