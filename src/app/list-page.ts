// Lists are served a page at a time. The place a page ends is handed to the client as an opaque
// cursor (base64url of the last row's place in the lists' order); the client sends it back for the
// next page. Opaque so that clients do not build them, checked on the way in so that a tampered
// cursor is a 400 naming `after`, not a database error.
import { z } from 'zod';
import { AppError } from './app-error.ts';
import type { ListPosition } from './ports/dispute-queries.ts';
import type { DisputeProjection } from './ports/dispute-event-store.ts';

/** A page unless the client asks for fewer or more (up to LIST_PAGE_MAX). */
export const LIST_PAGE_DEFAULT = 50;
export const LIST_PAGE_MAX = 200;

export interface ListPage {
  disputes: DisputeProjection[];
  /** The cursor of the next page; null on the last. */
  nextCursor: string | null;
}

const instant = z.iso.datetime({ offset: true });
const Position = z.strictObject({ d: instant.nullable(), r: instant, i: z.string().min(1).max(100) });

export function encodeCursor(row: Pick<DisputeProjection, 'dueAt' | 'raisedAt' | 'id'>): string {
  return Buffer.from(JSON.stringify({ d: row.dueAt, r: row.raisedAt, i: row.id }), 'utf8').toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): ListPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const position = Position.safeParse(parsed);
  if (!position.success)
    throw new AppError(
      'bad-request',
      'is not a cursor this list gave: start again from the first page.',
      'after',
    );
  return { dueAt: position.data.d, raisedAt: position.data.r, id: position.data.i };
}

/** A page from `limit + 1` rows: the extra row only says there is a next page. */
export function pageOf(rows: readonly DisputeProjection[], limit: number): ListPage {
  const disputes = rows.slice(0, limit);
  const last = disputes.at(-1);
  return { disputes, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
