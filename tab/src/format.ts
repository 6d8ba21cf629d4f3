// Dates and times as a council reads them: UK order, Europe/London, whatever the browser's zone.

const london = 'Europe/London';

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: london,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  hourCycle: 'h23',
  minute: '2-digit',
});

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

const isoDayInLondon = new Intl.DateTimeFormat('en-CA', {
  timeZone: london,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const partsOf = (format: Intl.DateTimeFormat, d: Date) =>
  Object.fromEntries(format.formatToParts(d).map((p) => [p.type, p.value])) as Record<string, string>;

/** "Mon 23 Nov 2026, 10:00" in London time. */
export function formatInstant(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = partsOf(dateTimeFormat, d);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}

/** A calendar date (YYYY-MM-DD) as "Wed 25 Nov 2026". */
export function formatDay(isoDay: string | null | undefined): string {
  if (!isoDay) return '';
  const d = new Date(`${isoDay}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDay;
  const p = partsOf(dayFormat, d);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** The London calendar date of an instant, YYYY-MM-DD. */
export function londonDay(instant: number | string | Date): string {
  return isoDayInLondon.format(new Date(instant));
}

/** DD/MM/YYYY for a form field. */
export function toUkDate(isoDay: string): string {
  const [y, m, d] = isoDay.split('-');
  return y && m && d ? `${d}/${m}/${y}` : isoDay;
}

export type DateParse = { ok: true; iso: string } | { ok: false };

/** Reads 16/11/2026, 16-11-2026, 16.11.2026 or 2026-11-16; refuses dates that do not exist. */
export function parseUkDate(text: string): DateParse {
  const s = text.trim();
  let y: number, m: number, d: number;
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (uk) [d, m, y] = [Number(uk[1]), Number(uk[2]), Number(uk[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return { ok: false };
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900)
    return { ok: false };
  return { ok: true, iso: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/**
 * The key case numbers are compared by: "gl 600" and "GL-600" are one child. The same rule as the
 * server's caseNumberKey (src/core/dispute/case-number.ts), which the tab cannot import.
 */
export function caseNumberKey(caseNumber: string): string {
  return caseNumber.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '–' : `${Math.round(share * 100)}%`;
}

/**
 * The API writes dates as YYYY-MM-DD; the tab's date fields take DD/MM/YYYY, so an error shows a date
 * as the person typed it (issue 12 item 8): "The conference date, 24/11/2026, is in the future".
 */
export function datesAsTyped(message: string): string {
  return message.replace(
    /\b(\d{4})-(\d{2})-(\d{2})\b/g,
    (_all, y: string, m: string, d: string) => `${d}/${m}/${y}`,
  );
}

const londonWallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: london,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

/** The London wall-clock time of an instant, "HH:MM". */
export function londonTime(instant: string): string {
  const p = partsOf(dateTimeFormat, new Date(instant));
  return `${p.hour}:${p.minute}`;
}

/**
 * The instant (ISO, UTC) at which London's clocks read `time` ("HH:MM") on `isoDay`, whatever the
 * browser's own zone: a UTC guess, corrected by London's offset from UTC at that moment.
 */
export function londonInstant(isoDay: string, time: string): string | null {
  const t = /^(\d{1,2})[:.](\d{2})$/.exec(time.trim());
  const [y, mo, d] = isoDay.split('-').map(Number);
  if (!t || !y || !mo || !d || Number(t[1]) > 23 || Number(t[2]) > 59) return null;
  const guess = Date.UTC(y, mo - 1, d, Number(t[1]), Number(t[2]));
  const p = partsOf(londonWallClock, new Date(guess));
  const wall = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!);
  return new Date(guess - (wall - guess)).toISOString();
}
