// Dispute + stage (the meeting key) → the calendar event created for it, so a retried booking
// finds the event it already made (see migration 5).
import type { SqlDatabase } from '../../app/ports/sql-database.ts';

export function createSqlMeetingRecords(db: SqlDatabase) {
  return {
    async get(meetingKey: string): Promise<string | null> {
      const { rows } = await db.query<{ event_id: string }>(
        'select event_id from meeting_records where meeting_key = $1',
        [meetingKey],
      );
      return rows[0]?.event_id ?? null;
    },
    async put(meetingKey: string, eventId: string): Promise<void> {
      await db.query(
        'insert into meeting_records (meeting_key, event_id) values ($1, $2) on conflict (meeting_key) do nothing',
        [meetingKey, eventId],
      );
    },
  };
}
