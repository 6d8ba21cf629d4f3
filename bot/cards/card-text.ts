// Small wording helpers the card models share: dates as people read them, long text cut kindly.
import { DateTime } from 'luxon';

/**
 * "Tue 24 Nov 2026" from "2026-11-24", or from an instant (its Europe/London day); with
 * `year: false`, "Tue 24 Nov". Unreadable input is returned as is.
 */
export function formatDay(iso: string, options: { year?: boolean } = {}): string {
  const day = iso.includes('T')
    ? DateTime.fromISO(iso, { setZone: true }).setZone('Europe/London').setLocale('en-GB')
    : DateTime.fromISO(iso, { zone: 'Europe/London', locale: 'en-GB' });
  if (!day.isValid) return iso;
  return day.toFormat(options.year === false ? 'ccc d LLL' : 'ccc d LLL yyyy');
}

/**
 * "17:30 on Fri 20 Nov 2026": when something due on a date falls due, the council's close of business
 * (SEEDS.md "Working days"), so nobody reads "due on the 20th" as "by midnight".
 */
export function closeOfBusinessInWords(closeOfBusiness: string, isoDay: string): string {
  return `close of business (${closeOfBusiness}) on ${formatDay(isoDay)}`;
}

/**
 * At most `max` characters, cut at a word boundary where one is near, with an ellipsis; whitespace
 * runs (including blank lines) are kept but trimmed at the ends.
 */
export function truncateText(text: string, max: number): { text: string; truncated: boolean } {
  const clean = text.trim();
  if (clean.length <= max) return { text: clean, truncated: false };
  const cut = clean.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  const atWord = space > max * 0.7 ? cut.slice(0, space) : cut;
  return { text: `${atWord.trimEnd()}…`, truncated: true };
}

/** "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export type TextColor = 'Default' | 'Attention' | 'Warning' | 'Good' | 'Accent';
