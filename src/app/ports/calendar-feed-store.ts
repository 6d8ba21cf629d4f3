// Each person's calendar feed link, stored as the SHA-256 hash of its token (see
// src/adapters/ics/feed-tokens.ts): one per person, replaced when rotated, kept (revoked) when
// turned off, and refused once older than the council's CALENDAR_FEED_DAYS. Also the one query the
// feed needs: the disputes in which a person was invited to a meeting. Functions over an executor,
// like the dispute store.
import type { SqlExecutor } from './sql-database.ts';

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
