// The working-day calendar that every response deadline is counted on. Protocols give deadlines in
// working days, so a wrong bank holiday moves a deadline: the bank holidays come from date-holidays,
// checked date by date against the GOV.UK feed in the tests (test/unit/working-day-calendar.test.ts).
//
// Dates are calendar dates in Europe/London written 'YYYY-MM-DD'. Instants (endOfDay, at) are ISO-8601
// strings carrying the London offset of that moment, so a reader sees BST (+01:00) or GMT (+00:00).
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { boundedMemo } from './bounded-memo.ts';
import { isIsoDate } from './iso-date.ts';

export { isIsoDate } from './iso-date.ts';

/** The UK's bank-holiday divisions, as GOV.UK lists them: each has its own working days. */
export const nations = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type Nation = (typeof nations)[number];
export type ReceiptRule = 'counts-from-that-day' | 'counts-from-next-working-day';
export interface NonWorkingDay {
  date: string;
  reason: 'weekend' | 'bank-holiday' | 'closure';
  name?: string;
}

export interface WorkingDayCalendar {
  readonly nation: Nation;
  /** date = 'YYYY-MM-DD' */
  isWorkingDay(date: string): boolean;
  /** Why a day is not a working day (weekend, then bank holiday, then council closure), or undefined. */
  whyNotWorking(date: string): NonWorkingDay | undefined;
  /**
   * The days off for bank holidays in `year`, sorted, as GOV.UK lists them: a holiday that falls on a
   * weekend is represented by its substitute weekday, not by the weekend date.
   */
  bankHolidays(year: number): { date: string; name: string }[];
  /**
   * Day 0 is `start` (the Europe/London date a stage opened, working day or not). Returns the n-th
   * working day after it. With rule 'counts-from-next-working-day', a non-working `start` is first
   * moved to the next working day, which then is day 0. n = 0 returns day 0 (after that move).
   */
  addWorkingDays(start: string, n: number, rule?: ReceiptRule): string;
  /** Number of working days d with from < d <= to (0 if to <= from). */
  workingDaysBetween(from: string, to: string): number;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string;
  /** The last working day strictly before `date`. */
  previousWorkingDay(date: string): string;
  /** The instant a day ends in Europe/London, ISO-8601 with the London offset, e.g. '2026-03-29T23:59:59.999+01:00'. */
  endOfDay(date: string): string;
  /**
   * An instant at a London wall-clock time ('HH:mm' or 'HH:mm:ss') on a date, ISO with offset, e.g.
   * at('2026-10-25', '09:00') = '2026-10-25T09:00:00.000+00:00'. A time the clocks skip (01:30 on the
   * last Sunday of March) throws; a time that happens twice (01:30 on the last Sunday of October) is
   * its first occurrence, in BST, because that is when a London clock first shows it.
   */
  at(date: string, time: string): string;
  /** The Europe/London date of an ISO instant (any offset, which must be written). */
  londonDateOf(instant: string): string;
}

const LONDON = 'Europe/London';

/** date-holidays region for each GOV.UK division. Without a region, GB has no summer bank holiday. */
const REGION_OF: Readonly<Record<Nation, string>> = {
  // GB-ENG and GB-WLS have identical rules in date-holidays (both add only the summer bank holiday
  // to the GB days), matching GOV.UK's single England-and-Wales list, so ENG stands for both.
  'england-and-wales': 'ENG',
  scotland: 'SCT',
  'northern-ireland': 'NIR',
};

/**
 * date-holidays also returns 'observance' days (Mother's Day, Easter Sunday, Father's Day) and, in
 * other countries, 'optional' and 'school' days. Only public and bank holidays close the office.
 * (Today every GB observance is a Sunday, so this filter only guards against future data.)
 */
const BANK_HOLIDAY_TYPES: ReadonlySet<string> = new Set(['public', 'bank']);

interface Correction {
  readonly nations: readonly Nation[];
  readonly remove: readonly string[];
  readonly add: readonly { date: string; name: string }[];
  readonly why: string;
}

/**
 * Where date-holidays 3.37 disagrees with the GOV.UK feed (https://www.gov.uk/bank-holidays.json).
 * Every other date from 2012 to 2028 agrees for all three nations; the test compares them all.
 */
const CORRECTIONS: readonly Correction[] = [
  {
    nations: ['england-and-wales', 'scotland'],
    remove: ['2012-05-28'],
    add: [{ date: '2012-06-04', name: 'Spring bank holiday (substitute day)' }],
    why:
      'In 2012 the spring bank holiday moved from Monday 28 May to Monday 4 June, next to the Diamond ' +
      'Jubilee on 5 June. GOV.UK lists "2012-06-04 Spring bank holiday" (notes "Substitute day") for ' +
      'England and Wales and Scotland and nothing on 2012-05-28; date-holidays handles the 2022 move ' +
      'but not this one.',
  },
  {
    nations: ['northern-ireland'],
    remove: ['2012-05-28'],
    add: [{ date: '2012-06-04', name: 'Spring bank holiday' }],
    why: 'The same move; GOV.UK lists it for Northern Ireland without the "Substitute day" note.',
  },
  {
    nations: ['scotland'],
    remove: [],
    add: [
      { date: '2023-01-02', name: "New Year's Day (substitute day)" },
      { date: '2023-01-03', name: '2nd January (substitute day)' },
    ],
    why:
      'In 2012 and 2017 (1 January a Sunday) GOV.UK kept Monday 2 January as "2nd January" and made ' +
      'Tuesday 3 January the New Year substitute; in 2023, the same calendar, it named Monday 2 January ' +
      "the New Year's Day substitute and Tuesday 3 January the 2nd January substitute.",
  },
];

/**
 * date-holidays' names where GOV.UK's titles differ (the feed's title, and "(substitute day)" where its
 * notes say "Substitute day"): a person reading why a day is skipped sees the government's words.
 */
const GOVUK_NAMES: Readonly<Record<string, string>> = {
  'January 2nd': '2nd January',
  'Queen’s Platinum Jubilee': 'Platinum Jubilee bank holiday',
  "Queen Elizabeth's Funeral Day": 'Bank Holiday for the State Funeral of Queen Elizabeth II',
  "King Charles III's Coronation": 'Bank holiday for the coronation of King Charles III',
};
const SUBSTITUTE = ' (substitute day)';

function govUkName(name: string): string {
  const substitute = name.endsWith(SUBSTITUTE);
  const base = substitute ? name.slice(0, -SUBSTITUTE.length) : name;
  return (GOVUK_NAMES[base] ?? base) + (substitute ? SUBSTITUTE : '');
}

/**
 * Scotland's New Year: when 1 and 2 January both fall at a weekend, GOV.UK gives the first day off to
 * New Year's Day and the next to 2nd January (2022: Mon 3 "New Year’s Day", Tue 4 "2nd January", both
 * substitute days); date-holidays names them the other way round. The days are right, so rename them
 * in date order. When 2 January is a weekday it keeps its own name (2012, 2017; 2023 is a correction).
 */
function nameScottishNewYear(days: Map<string, string>, year: number): void {
  const isNewYear = (name: string) => /^(New Year's Day|2nd January)( \(substitute day\))?$/.test(name);
  const jan = [...days].filter(([date, name]) => date.startsWith(`${year}-01-0`) && isNewYear(name)).sort();
  if (days.get(`${year}-01-02`) === '2nd January') return;
  const names = ["New Year's Day", '2nd January'];
  jan.slice(0, 2).forEach(([date], i) => {
    const own = `${year}-01-0${i + 1}`;
    days.set(date, names[i]! + (date === own ? '' : SUBSTITUTE));
  });
}

const WALL_CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
/** An instant must say which offset it is in; without one it is a London wall-clock time, not an instant. */
const HAS_OFFSET = /T.*(Z|[+-]\d{2}(:?\d{2})?)$/i;

function assertIsoDate(s: string, what: string): void {
  if (!isIsoDate(s)) {
    throw new RangeError(`${what} must be a real calendar date written YYYY-MM-DD, got ${JSON.stringify(s)}`);
  }
}

/**
 * A calendar date as a luxon value for day arithmetic. A date is not an instant, so UTC is only a
 * carrier here: it has no clock changes, so adding a day can never land on 23:00 the day before.
 */
function dayOf(date: string): DateTime<true> {
  return DateTime.fromISO(date, { zone: 'utc' }) as DateTime<true>;
}

// Day steps are almost always one day forward or back: those are remembered per date.
const dayAfter = boundedMemo((date: string) => dayOf(date).plus({ days: 1 }).toISODate());
const dayBefore = boundedMemo((date: string) => dayOf(date).minus({ days: 1 }).toISODate());

function shiftDate(date: string, days: number): string {
  if (days === 1) return dayAfter(date);
  if (days === -1) return dayBefore(date);
  return dayOf(date).plus({ days }).toISODate();
}

const isWeekend = boundedMemo((date: string) => dayOf(date).weekday >= 6); // luxon: Monday = 1 ... Sunday = 7

const endOfLondonDay = boundedMemo((date: string) =>
  isoWithOffset(DateTime.fromISO(date, { zone: LONDON }).endOf('day')),
);

/**
 * Europe/London's offset from UTC, in minutes, at an instant. London changes its clocks at 01:00
 * UTC, on the hour, so the offset is the same for a whole UTC hour: remembered per hour.
 */
const londonOffsetOfHour = boundedMemo(
  (hour: string) => DateTime.fromMillis(Number(hour) * 3_600_000, { zone: LONDON }).offset,
);

function isoWithOffset(dt: DateTime): string {
  const iso = dt.isValid ? dt.toISO() : null;
  if (iso === null) throw new RangeError(`Cannot represent ${dt.invalidExplanation ?? 'this instant'}`);
  return iso;
}

export function createWorkingDayCalendar(opts: {
  nation: Nation;
  closureDays?: readonly string[];
}): WorkingDayCalendar {
  const { nation } = opts;
  if (!Object.hasOwn(REGION_OF, nation)) {
    throw new RangeError(
      `Unknown nation ${JSON.stringify(nation)}: expected one of ${Object.keys(REGION_OF).join(', ')}`,
    );
  }
  for (const day of opts.closureDays ?? []) assertIsoDate(day, 'A closure day');
  const closures: ReadonlySet<string> = new Set(opts.closureDays ?? []);
  const holidays = new Holidays('GB', REGION_OF[nation], { languages: ['en'] });
  const corrections = CORRECTIONS.filter((c) => c.nations.includes(nation));

  // date-holidays recomputes every rule on each call; a protocol asks about the same few years
  // thousands of times, so keep each year's days off (date -> name) once computed.
  const daysOffByYear = new Map<number, ReadonlyMap<string, string>>();

  function daysOff(year: number): ReadonlyMap<string, string> {
    const cached = daysOffByYear.get(year);
    if (cached) return cached;
    const days = new Map<string, string>();
    for (const h of holidays.getHolidays(year)) {
      // h.date is 'YYYY-MM-DD hh:mm:ss', a London wall-clock date and time, not an instant.
      // eslint-disable-next-line no-restricted-syntax -- a wall-clock string, already London's date
      const date = h.date.slice(0, 10);
      // A holiday on a weekend gives no day off itself: its substitute weekday (a separate entry,
      // e.g. Boxing Day 2020 -> Monday 28 Dec) is the day off, which is how GOV.UK lists it too.
      if (!BANK_HOLIDAY_TYPES.has(h.type) || isWeekend(date) || days.has(date)) continue;
      days.set(date, govUkName(h.name));
    }
    if (nation === 'scotland') nameScottishNewYear(days, year);
    const prefix = `${String(year).padStart(4, '0')}-`;
    for (const c of corrections) {
      for (const date of c.remove) days.delete(date);
      for (const { date, name } of c.add) if (date.startsWith(prefix)) days.set(date, name);
    }
    const sorted = new Map([...days].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    daysOffByYear.set(year, sorted);
    return sorted;
  }

  function bankHolidayName(date: string): string | undefined {
    return daysOff(dayOf(date).year).get(date);
  }

  // The inner functions take dates already checked by the public method that called them.
  function reasonNotWorking(date: string): NonWorkingDay | undefined {
    if (isWeekend(date)) return { date, reason: 'weekend' };
    const name = bankHolidayName(date);
    if (name !== undefined) return { date, reason: 'bank-holiday', name };
    if (closures.has(date)) return { date, reason: 'closure' };
    return undefined;
  }

  function isWorkingDay(date: string): boolean {
    return reasonNotWorking(date) === undefined;
  }

  function whyNotWorking(date: string): NonWorkingDay | undefined {
    assertIsoDate(date, 'date');
    return reasonNotWorking(date);
  }

  function stepToWorkingDay(date: string, direction: 1 | -1): string {
    let d = shiftDate(date, direction);
    while (!isWorkingDay(d)) d = shiftDate(d, direction);
    return d;
  }

  function nextWorkingDay(date: string): string {
    assertIsoDate(date, 'date');
    return stepToWorkingDay(date, 1);
  }

  function previousWorkingDay(date: string): string {
    assertIsoDate(date, 'date');
    return stepToWorkingDay(date, -1);
  }

  function addWorkingDays(start: string, n: number, rule: ReceiptRule = 'counts-from-that-day'): string {
    assertIsoDate(start, 'start');
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`n must be a whole number of working days, 0 or more, got ${n}`);
    }
    if (rule !== 'counts-from-that-day' && rule !== 'counts-from-next-working-day') {
      throw new RangeError(`Unknown receipt rule ${JSON.stringify(rule)}`);
    }
    // Something received on a Saturday is, under this rule, treated as received on the Monday.
    let day =
      rule === 'counts-from-next-working-day' && !isWorkingDay(start) ? stepToWorkingDay(start, 1) : start;
    for (let i = 0; i < n; i++) day = stepToWorkingDay(day, 1);
    return day;
  }

  function workingDaysBetween(from: string, to: string): number {
    assertIsoDate(from, 'from');
    assertIsoDate(to, 'to');
    let count = 0;
    // ISO dates compare correctly as strings.
    for (let d = shiftDate(from, 1); d <= to; d = shiftDate(d, 1)) if (isWorkingDay(d)) count++;
    return count;
  }

  function bankHolidays(year: number): { date: string; name: string }[] {
    if (!Number.isInteger(year) || year < 1 || year > 9999) {
      throw new RangeError(`year must be a whole number from 1 to 9999, got ${year}`);
    }
    return [...daysOff(year)].map(([date, name]) => ({ date, name }));
  }

  function endOfDay(date: string): string {
    assertIsoDate(date, 'date');
    return endOfLondonDay(date);
  }

  function at(date: string, time: string): string {
    assertIsoDate(date, 'date');
    return londonWallClock(`${date} ${time}`);
  }

  return {
    nation,
    isWorkingDay(date) {
      assertIsoDate(date, 'date');
      return isWorkingDay(date);
    },
    whyNotWorking,
    bankHolidays,
    addWorkingDays,
    workingDaysBetween,
    nextWorkingDay,
    previousWorkingDay,
    endOfDay,
    at,
    londonDateOf,
  };
}

/** The Europe/London wall-clock time 'HH:mm' of an ISO instant (any offset, which must be written). */
export function londonTimeOf(instant: string): string {
  const dt = HAS_OFFSET.test(instant) ? DateTime.fromISO(instant, { setZone: true }) : undefined;
  if (!dt?.isValid) {
    throw new RangeError(`instant must be ISO-8601 with an offset or Z, got ${JSON.stringify(instant)}`);
  }
  return dt.setZone(LONDON).toFormat('HH:mm');
}

/** `${date} ${time}` (date already checked) → the instant, as WorkingDayCalendar.at describes. */
const londonWallClock = boundedMemo((dateAndTime: string): string => {
  // The date was checked by the caller (YYYY-MM-DD, no spaces); the time is everything after it.
  // eslint-disable-next-line no-restricted-syntax -- 'YYYY-MM-DD HH:mm', a London date and time
  const date = dateAndTime.slice(0, 10);
  const time = dateAndTime.slice(11);
  if (!WALL_CLOCK_TIME.test(time)) {
    throw new RangeError(`time must be a wall-clock time HH:mm or HH:mm:ss, got ${JSON.stringify(time)}`);
  }
  const wanted = `${date}T${time.length === 5 ? `${time}:00` : time}`;
  const guess = DateTime.fromISO(wanted, { zone: LONDON });
  // Around a clock change luxon may pick either reading of an ambiguous time, or shift a skipped
  // one; London's changes are one hour, so look an hour either side for every instant that a
  // London clock shows as `wanted`, and take the first.
  const matches = [guess.minus({ hours: 1 }), guess, guess.plus({ hours: 1 })]
    .filter((dt) => dt.isValid && dt.toFormat("yyyy-MM-dd'T'HH:mm:ss") === wanted)
    .sort((a, b) => a.toMillis() - b.toMillis());
  const first = matches[0];
  if (first === undefined) {
    throw new RangeError(`${time} does not exist in London on ${date}: the clocks go forward past it`);
  }
  return isoWithOffset(first);
});

/**
 * The Europe/London date of an ISO instant (any offset, which must be written). Every date put on a
 * record comes from here, never from slicing the instant (SEEDS.md "Dates on the record"): 2026-06-01
 * at 00:40 BST is '2026-05-31T23:40:00Z', whose first ten characters are the day before.
 */
export function londonDateOf(instant: string): string {
  // Parsed in its own offset (no time-zone lookup), then moved by London's offset of that hour.
  const dt =
    typeof instant === 'string' && HAS_OFFSET.test(instant)
      ? DateTime.fromISO(instant, { setZone: true })
      : undefined;
  if (!dt?.isValid) {
    throw new RangeError(`instant must be ISO-8601 with an offset or Z, got ${JSON.stringify(instant)}`);
  }
  const millis = dt.toMillis();
  const offset = londonOffsetOfHour(String(Math.floor(millis / 3_600_000)));
  return DateTime.fromMillis(millis + offset * 60_000, { zone: 'utc' }).toISODate()!;
}
