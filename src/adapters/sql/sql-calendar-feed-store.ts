// Calendar feed links in SQL, on table calendar_feed_tokens (migration 3+).
import type { CalendarFeedStore } from '../../app/ports/calendar-feed-store.ts';

export function createSqlCalendarFeedStore(): CalendarFeedStore {
  return {
    async save(tx, { personId, tenantId, tokenHash, at }) {
      await tx.query(
        `insert into calendar_feed_tokens (person_id, tenant_id, token_hash, created_at, revoked_at)
         values ($1, $2, $3, $4, null)
         on conflict (tenant_id, person_id) do update
           set token_hash = excluded.token_hash,
               created_at = excluded.created_at, revoked_at = null`,
        [personId, tenantId, tokenHash, at],
      );
    },

    async revoke(tx, personId, at) {
      const { rowCount } = await tx.query(
        'update calendar_feed_tokens set revoked_at = $2 where person_id = $1 and revoked_at is null',
        [personId, at],
      );
      return rowCount > 0;
    },

    async personFor(tx, tokenHash, issuedAfter) {
      const { rows } = await tx.query<{ person_id: string; tenant_id: string }>(
        `select person_id, tenant_id from calendar_feed_tokens
         where token_hash = $1 and revoked_at is null and created_at > $2`,
        [tokenHash, issuedAfter],
      );
      return rows[0] ? { personId: rows[0].person_id, tenantId: rows[0].tenant_id } : null;
    },

    async disputesWithMeetingsOf(tx, { tenantId, personId, closedSince }) {
      const { rows } = await tx.query<{ id: string }>(
        `select d.id from disputes d
         where d.tenant_id = $1
           and d.participant_ids @> array[$2]::text[]
           and (d.status = 'open' or d.closed_at >= $3)
           and exists (
             select 1 from dispute_events e
             where e.dispute_id = d.id and e.type = 'MeetingBooked'
               and (e.data->>'chairId' = $2 or e.data->'attendeeIds' ? $2))
         order by d.raised_at, d.id`,
        [tenantId, personId, closedSince],
      );
      return rows.map((r) => r.id);
    },
  };
}
