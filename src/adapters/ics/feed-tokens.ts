// Each person's calendar feed link: an unguessable token (32 random bytes, base64url) of which only
// the SHA-256 hash is stored (src/app/ports/calendar-feed-store.ts).
import { createHash, randomBytes } from 'node:crypto';

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
