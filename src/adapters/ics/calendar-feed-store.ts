// Each person's calendar feed link: an unguessable token (32 random bytes, base64url) of which only
// the SHA-256 hash is stored, one per person, replaced when rotated, kept (revoked) when turned
// off, and refused once older than the council's CALENDAR_FEED_DAYS. Also the one query the feed needs: the disputes in which a person was invited to a meeting.
// Functions over an executor, like the dispute store, on table calendar_feed_tokens (migration 3+).
import { createHash, randomBytes } from 'node:crypto';
import type { SqlExecutor } from '../../app/ports/sql-database.ts';

/** A new feed token: what goes in the link (never stored) and its hash (stored). */
export function newFeedToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashFeedToken(token) };
}

export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 32 bytes in base64url without padding: 43 characters of [A-Za-z0-9_-]. */
export function looksLikeFeedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export interface CalendarFeedStore {
  /** Creates the person's token or replaces it (the old link stops working at once). */
  save(
    tx: SqlExecutor,
    entry: { personId: string; tenantId: string; tokenHash: string; at: string },
  ): Promise<void>;
  /** Turns the person's link off; false if there was none in use. */
  revoke(tx: SqlExecutor, personId: string, at: string): Promise<boolean>;
  /** The person a token in use belongs to: not revoked, and made after `issuedAfter` (not expired). */
  personFor(
    tx: SqlExecutor,
    tokenHash: string,
    issuedAfter: string,
  ): Promise<{ personId: string; tenantId: string } | null>;
  /**
   * Disputes of the tenant in which the person takes part and was invited to a meeting (as chair or
   * attendee), open or closed since `closedSince`; the meetings themselves come from the events.
   */
  disputesWithMeetingsOf(
    tx: SqlExecutor,
    query: { tenantId: string; personId: string; closedSince: string },
  ): Promise<string[]>;
}

export function createCalendarFeedStore(): CalendarFeedStore {
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
