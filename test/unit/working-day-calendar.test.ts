import { readFileSync } from 'node:fs';
import Holidays from 'date-holidays';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  createWorkingDayCalendar,
  isIsoDate,
  type Nation,
} from '../../src/core/calendar/working-day-calendar.ts';

const england = createWorkingDayCalendar({ nation: 'england-and-wales' });
const scotland = createWorkingDayCalendar({ nation: 'scotland' });
const northernIreland = createWorkingDayCalendar({ nation: 'northern-ireland' });
const allNations = [england, scotland, northernIreland];

const dates = (cal: typeof england, year: number) => cal.bankHolidays(year).map((h) => h.date);

describe('weekends', () => {
  it('counts five working days from a Friday to the next Friday', () => {
    expect(england.addWorkingDays('2026-11-20', 5)).toBe('2026-11-27');
  });

  it('counts a stage opened on a Saturday from that Saturday by default', () => {
    expect(england.addWorkingDays('2026-11-21', 5)).toBe('2026-11-27');
    expect(england.addWorkingDays('2026-11-21', 5, 'counts-from-that-day')).toBe('2026-11-27');
  });

  it('counts a stage opened on a Saturday from the Monday when receipt counts from the next working day', () => {
    expect(england.addWorkingDays('2026-11-21', 5, 'counts-from-next-working-day')).toBe('2026-11-30');
  });

  it('makes no difference to the receipt rule when the stage opened on a working day', () => {
    expect(england.addWorkingDays('2026-11-20', 5, 'counts-from-next-working-day')).toBe('2026-11-27');
  });

  it('says a Saturday and a Sunday are weekend days, in every nation', () => {
    for (const cal of allNations) {
      expect(cal.isWorkingDay('2026-11-21')).toBe(false);
      expect(cal.whyNotWorking('2026-11-22')).toEqual({ date: '2026-11-22', reason: 'weekend' });
      expect(cal.whyNotWorking('2026-11-23')).toBeUndefined();
    }
  });
});

describe('England and Wales bank holidays', () => {
  it('lists the 2026 bank holidays, with the Boxing Day substitute instead of Saturday 26 December', () => {
    expect(england.bankHolidays(2026)).toEqual([
      { date: '2026-01-01', name: "New Year's Day" },
      { date: '2026-04-03', name: 'Good Friday' },
      { date: '2026-04-06', name: 'Easter Monday' },
      { date: '2026-05-04', name: 'Early May bank holiday' },
      { date: '2026-05-25', name: 'Spring bank holiday' },
      { date: '2026-08-31', name: 'Summer bank holiday' },
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-12-28', name: 'Boxing Day (substitute day)' },
    ]);
  });

  it('skips Good Friday and Easter Monday 2026', () => {
    expect(england.whyNotWorking('2026-04-03')).toEqual({
      date: '2026-04-03',
      reason: 'bank-holiday',
      name: 'Good Friday',
    });
    expect(england.whyNotWorking('2026-04-06')).toMatchObject({
      reason: 'bank-holiday',
      name: 'Easter Monday',
    });
    // Thursday before Easter + 1 working day is the Tuesday after.
    expect(england.addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
  });

  it('skips Christmas 2026: Friday 25th, the weekend and Monday 28th for Boxing Day', () => {
    expect(england.whyNotWorking('2026-12-28')).toMatchObject({ reason: 'bank-holiday' });
    expect(england.addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    expect(england.nextWorkingDay('2026-12-24')).toBe('2026-12-29');
    expect(england.previousWorkingDay('2026-12-29')).toBe('2026-12-24');
  });

  it('moves Christmas 2021 (Saturday) and Boxing Day (Sunday) to Monday 27 and Tuesday 28 December', () => {
    expect(dates(england, 2021).slice(-2)).toEqual(['2021-12-27', '2021-12-28']);
    expect(england.addWorkingDays('2021-12-24', 1)).toBe('2021-12-29');
    // ...and New Year's Day 2022 (Saturday) to Monday 3 January.
    expect(england.nextWorkingDay('2021-12-31')).toBe('2022-01-04');
  });

  it('moves Christmas 2022 (Sunday) to Tuesday 27 December, after Boxing Day on Monday 26th', () => {
    expect(england.whyNotWorking('2022-12-26')).toMatchObject({ name: 'Boxing Day' });
    expect(england.whyNotWorking('2022-12-27')).toMatchObject({ name: 'Christmas Day (substitute day)' });
    expect(england.addWorkingDays('2022-12-23', 1)).toBe('2022-12-28');
  });

  it('knows the one-off days: Platinum Jubilee, the Queen’s funeral and the coronation, in every nation', () => {
    for (const cal of allNations) {
      for (const date of ['2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08']) {
        expect(cal.whyNotWorking(date), `${cal.nation} ${date}`).toMatchObject({ reason: 'bank-holiday' });
      }
      // The spring bank holiday moved to 2 June in 2022, so the usual last Monday of May was worked.
      expect(cal.isWorkingDay('2022-05-30')).toBe(true);
    }
  });

  it('moves the 2012 spring bank holiday to 4 June for the Diamond Jubilee (a correction to date-holidays)', () => {
    for (const cal of allNations) {
      expect(cal.isWorkingDay('2012-05-28')).toBe(true);
      expect(cal.whyNotWorking('2012-06-04')).toMatchObject({ reason: 'bank-holiday' });
      expect(cal.whyNotWorking('2012-06-05')).toMatchObject({ reason: 'bank-holiday' });
    }
  });

  it('serves Wales too: date-holidays gives Wales exactly the bank holidays of England', () => {
    const eng = new Holidays('GB', 'ENG');
    const wls = new Holidays('GB', 'WLS');
    for (let year = 2012; year <= 2040; year++) {
      expect(wls.getHolidays(year), String(year)).toEqual(eng.getHolidays(year));
    }
  });
});

describe('each nation’s own bank holidays', () => {
  it('Scotland has 2 January; England and Northern Ireland work it', () => {
    expect(scotland.whyNotWorking('2026-01-02')).toMatchObject({ reason: 'bank-holiday' });
    expect(england.isWorkingDay('2026-01-02')).toBe(true);
    expect(northernIreland.isWorkingDay('2026-01-02')).toBe(true);
    // New Year 2022 fell on a weekend: Scotland took Monday 3 and Tuesday 4 January, England only the 3rd.
    expect(dates(scotland, 2022).slice(0, 2)).toEqual(['2022-01-03', '2022-01-04']);
    expect(england.isWorkingDay('2022-01-04')).toBe(true);
  });

  it('Scotland has St Andrew’s Day, moved to Monday 1 December 2025 when the 30th was a Sunday', () => {
    expect(scotland.whyNotWorking('2026-11-30')).toMatchObject({
      reason: 'bank-holiday',
      name: 'St Andrew’s Day',
    });
    expect(england.isWorkingDay('2026-11-30')).toBe(true);
    expect(scotland.whyNotWorking('2025-12-01')).toMatchObject({ reason: 'bank-holiday' });
    expect(england.isWorkingDay('2025-12-01')).toBe(true);
  });

  it('Scotland’s summer bank holiday is the first Monday of August, England’s the last', () => {
    expect(scotland.isWorkingDay('2026-08-03')).toBe(false);
    expect(scotland.isWorkingDay('2026-08-31')).toBe(true);
    expect(england.isWorkingDay('2026-08-03')).toBe(true);
    expect(england.isWorkingDay('2026-08-31')).toBe(false);
  });

  it('Scotland works Easter Monday', () => {
    expect(scotland.isWorkingDay('2026-04-06')).toBe(true);
    expect(scotland.isWorkingDay('2026-04-03')).toBe(false);
  });

  it('Northern Ireland has St Patrick’s Day', () => {
    expect(northernIreland.whyNotWorking('2026-03-17')).toMatchObject({
      reason: 'bank-holiday',
      name: 'St Patrick’s Day',
    });
    expect(england.isWorkingDay('2026-03-17')).toBe(true);
    expect(scotland.isWorkingDay('2026-03-17')).toBe(true);
  });

  it('Northern Ireland has 12 July, moved to the Monday when it falls on a weekend', () => {
    expect(northernIreland.isWorkingDay('2023-07-12')).toBe(false); // a Wednesday
    // GOV.UK: 2025-07-14 and 2026-07-13 "Battle of the Boyne (Orangemen’s Day)", notes "Substitute day".
    expect(northernIreland.whyNotWorking('2025-07-14')).toMatchObject({ reason: 'bank-holiday' });
    expect(northernIreland.whyNotWorking('2026-07-13')).toMatchObject({ reason: 'bank-holiday' });
    expect(england.isWorkingDay('2026-07-13')).toBe(true);
  });
});

describe('clock changes (Europe/London)', () => {
  it('ends a day at 23:59:59.999 London time with that evening’s offset', () => {
    expect(england.endOfDay('2026-03-28')).toBe('2026-03-28T23:59:59.999+00:00');
    expect(england.endOfDay('2026-03-29')).toBe('2026-03-29T23:59:59.999+01:00');
    expect(england.endOfDay('2026-10-25')).toBe('2026-10-25T23:59:59.999+00:00');
    expect(england.endOfDay('2026-10-24')).toBe('2026-10-24T23:59:59.999+01:00');
  });

  it('places a wall-clock time on the right side of the change', () => {
    expect(england.at('2026-03-29', '09:00')).toBe('2026-03-29T09:00:00.000+01:00');
    expect(england.at('2026-10-25', '09:00')).toBe('2026-10-25T09:00:00.000+00:00');
    expect(england.at('2026-11-20', '17:30:15')).toBe('2026-11-20T17:30:15.000+00:00');
  });

  it('refuses a time the clocks skip, and takes the first of a time that happens twice', () => {
    expect(() => england.at('2026-03-29', '01:30')).toThrow(RangeError);
    expect(england.at('2026-10-25', '01:30')).toBe('2026-10-25T01:30:00.000+01:00');
  });

  it('finds the London date of an instant written in any offset', () => {
    expect(england.londonDateOf('2026-10-24T23:30:00Z')).toBe('2026-10-25'); // 00:30 BST
    expect(england.londonDateOf('2026-10-25T23:30:00Z')).toBe('2026-10-25'); // 23:30 GMT
    expect(england.londonDateOf('2026-06-30T23:30:00.000+00:00')).toBe('2026-07-01');
    expect(england.londonDateOf('2026-01-15T00:30:00+01:00')).toBe('2026-01-14');
    expect(england.londonDateOf('2026-03-29T09:00:00.000+01:00')).toBe('2026-03-29');
  });

  it('gives the London date of every minute either side of the 2026 and 2027 clock changes', () => {
    // The London offset is remembered per UTC hour: check the minutes around each change (01:00 UTC)
    // against luxon's own time-zone arithmetic, including asking again once remembered.
    for (const change of ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2027-03-28T01:00:00Z']) {
      const at = DateTime.fromISO(change, { zone: 'utc' });
      for (let minute = -180; minute <= 180; minute += 1) {
        const instant = at.plus({ minutes: minute }).toISO()!;
        const expected = DateTime.fromISO(instant, { zone: 'Europe/London' }).toISODate();
        expect(england.londonDateOf(instant)).toBe(expected);
        expect(england.londonDateOf(instant)).toBe(expected);
      }
    }
    // 23:30 GMT on the last day of GMT and 23:30 BST on the first day of BST, in their own offsets.
    expect(england.londonDateOf('2026-03-28T23:30:00+00:00')).toBe('2026-03-28');
    expect(england.londonDateOf('2026-03-29T23:30:00+01:00')).toBe('2026-03-29');
  });

  it('refuses a bad time the same way when asked twice (errors are not remembered)', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => england.at('2026-03-29', '01:30')).toThrow(/clocks go forward/);
      expect(() => england.at('2026-03-29', '09:00 x')).toThrow(/wall-clock time/);
    }
  });

  it('round-trips endOfDay and at through londonDateOf', () => {
    for (const date of ['2026-03-28', '2026-03-29', '2026-10-24', '2026-10-25']) {
      expect(england.londonDateOf(england.endOfDay(date))).toBe(date);
      expect(england.londonDateOf(england.at(date, '00:00'))).toBe(date);
    }
  });
});

describe('council closure days', () => {
  const withClosure = createWorkingDayCalendar({
    nation: 'england-and-wales',
    closureDays: ['2026-12-29', '2026-12-30', '2026-12-31', '2026-12-28'],
  });

  it('skips closure days, so Christmas Eve + 1 working day is the first Monday of January', () => {
    expect(withClosure.whyNotWorking('2026-12-30')).toEqual({ date: '2026-12-30', reason: 'closure' });
    expect(withClosure.addWorkingDays('2026-12-24', 1)).toBe('2027-01-04');
    expect(withClosure.workingDaysBetween('2026-12-24', '2027-01-04')).toBe(1);
  });

  it('still reports a bank holiday as a bank holiday when the council is also closed', () => {
    expect(withClosure.whyNotWorking('2026-12-28')).toMatchObject({ reason: 'bank-holiday' });
  });

  it('does not affect another calendar', () => {
    expect(england.isWorkingDay('2026-12-30')).toBe(true);
  });

  it('rejects a closure day that is not a real date', () => {
    expect(() => createWorkingDayCalendar({ nation: 'scotland', closureDays: ['2026-12-32'] })).toThrow(
      /2026-12-32/,
    );
  });
});

describe('counting', () => {
  it('counts working days after `from` up to and including `to`', () => {
    expect(england.workingDaysBetween('2026-11-20', '2026-11-27')).toBe(5);
    expect(england.workingDaysBetween('2026-04-02', '2026-04-07')).toBe(1);
    // 2026 has 261 weekdays, 8 of them bank holidays in England.
    expect(england.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(253);
  });

  it('counts nothing when `to` is not after `from`', () => {
    expect(england.workingDaysBetween('2026-11-20', '2026-11-20')).toBe(0);
    expect(england.workingDaysBetween('2026-11-27', '2026-11-20')).toBe(0);
  });

  it('returns day 0 for n = 0: the start itself, or the next working day under the receipt rule', () => {
    expect(england.addWorkingDays('2026-11-20', 0)).toBe('2026-11-20');
    expect(england.addWorkingDays('2026-11-21', 0)).toBe('2026-11-21');
    expect(england.addWorkingDays('2026-11-21', 0, 'counts-from-next-working-day')).toBe('2026-11-23');
    expect(england.addWorkingDays('2026-12-25', 0, 'counts-from-next-working-day')).toBe('2026-12-29');
  });

  it('looks strictly after and before with next/previousWorkingDay', () => {
    expect(england.nextWorkingDay('2026-11-23')).toBe('2026-11-24');
    expect(england.previousWorkingDay('2026-11-23')).toBe('2026-11-20');
    expect(scotland.nextWorkingDay('2025-12-31')).toBe('2026-01-05');
  });

  it('crosses a year end, computing the next year’s holidays as it goes', () => {
    // 2 January 2027 is a Saturday: Scotland takes Monday 4 January instead, England works it.
    expect(scotland.addWorkingDays('2026-12-30', 2)).toBe('2027-01-05');
    expect(england.addWorkingDays('2026-12-30', 2)).toBe('2027-01-04');
  });
});

describe('bad input', () => {
  it('recognises strict, real ISO dates only', () => {
    expect(isIsoDate('2026-11-20')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    for (const bad of [
      '2026-02-29',
      '2026-02-30',
      '2026-13-01',
      '2026-2-3',
      '20261120',
      '2026-11-20T09:00',
      ' 2026-11-20',
      '',
    ]) {
      expect(isIsoDate(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('throws a RangeError naming the bad value', () => {
    expect(() => england.isWorkingDay('2026-02-30')).toThrow(/2026-02-30/);
    expect(() => england.whyNotWorking('30/11/2026')).toThrow(RangeError);
    expect(() => england.addWorkingDays('2026-11-20', -1)).toThrow(/-1/);
    expect(() => england.addWorkingDays('2026-11-20', 1.5)).toThrow(RangeError);
    expect(() => england.addWorkingDays('2026-11-31', 1)).toThrow(/2026-11-31/);
    expect(() => england.workingDaysBetween('2026-11-20', 'tomorrow')).toThrow(/tomorrow/);
    expect(() => england.nextWorkingDay('')).toThrow(RangeError);
    expect(() => england.endOfDay('2026-11-20T00:00')).toThrow(RangeError);
    expect(() => england.at('2026-11-20', '9:00')).toThrow(/9:00/);
    expect(() => england.at('2026-11-20', '24:00')).toThrow(RangeError);
    expect(() => england.londonDateOf('2026-10-25T00:30:00')).toThrow(/offset/);
    expect(() => england.londonDateOf('not an instant Z')).toThrow(RangeError);
    expect(() => england.bankHolidays(2026.5)).toThrow(RangeError);
    expect(() => createWorkingDayCalendar({ nation: 'wales' as Nation })).toThrow(/wales/);
  });
});

describe('against the GOV.UK bank holidays feed', () => {
  interface GovUkFeed {
    [division: string]: { division: string; events: { title: string; date: string; notes: string }[] };
  }
  const feed = JSON.parse(
    readFileSync(new URL('../fixtures/govuk-bank-holidays.json', import.meta.url), 'utf8'),
  ) as GovUkFeed;

  // The feed (ministryofjustice/govuk-bank-holidays, commit 35fc755) runs from 2012-01-02 to
  // 2028-12-26 and lists every bank holiday of each of those years, so the whole of 2012–2028 is
  // checked, one year more than 2013–2028.
  const firstYear = 2012;
  const lastYear = 2028;

  it('covers every year checked, for every nation', () => {
    for (const cal of allNations) {
      const events = feed[cal.nation]?.events ?? [];
      for (let year = firstYear; year <= lastYear; year++) {
        expect(
          events.filter((e) => e.date.startsWith(`${year}-`)).length,
          `${cal.nation} ${year}`,
        ).toBeGreaterThanOrEqual(8);
      }
    }
  });

  // Issue 12 item 8: "Scottish substitute-day names match GOV.UK" (2022: Mon 3 Jan is New Year's Day's
  // substitute, Tue 4 Jan the 2nd January's; date-holidays had them swapped). A name is GOV.UK's title,
  // with " (substitute day)" where its notes say "Substitute day"; apostrophes are compared as one
  // character (GOV.UK writes ’, date-holidays mostly ').
  for (const cal of allNations) {
    it(`names every bank holiday as GOV.UK does, ${firstYear} to ${lastYear}, in ${cal.nation}`, () => {
      const apostrophes = (name: string) => name.replace(/’/g, "'");
      const disagreements: string[] = [];
      for (const e of feed[cal.nation]?.events ?? []) {
        const year = Number(e.date.slice(0, 4));
        if (year < firstYear || year > lastYear) continue;
        const ours = cal.bankHolidays(year).find((h) => h.date === e.date)?.name ?? '(none)';
        const theirs = e.title + (e.notes === 'Substitute day' ? ' (substitute day)' : '');
        if (apostrophes(ours) !== apostrophes(theirs)) disagreements.push(`${e.date}: ${ours} / ${theirs}`);
      }
      expect(disagreements).toEqual([]);
    });
  }

  for (const cal of allNations) {
    it(`agrees on every date from ${firstYear} to ${lastYear} in ${cal.nation}`, () => {
      const govUk = new Set((feed[cal.nation]?.events ?? []).map((e) => e.date));
      const disagreements: string[] = [];
      const end = DateTime.fromISO(`${lastYear}-12-31`, { zone: 'utc' });
      for (
        let d = DateTime.fromISO(`${firstYear}-01-01`, { zone: 'utc' });
        d <= end;
        d = d.plus({ days: 1 })
      ) {
        const date = d.toISODate() ?? '';
        const weekend = d.weekday >= 6;
        const ours = cal.whyNotWorking(date)?.reason;
        const expected = weekend ? 'weekend' : govUk.has(date) ? 'bank-holiday' : undefined;
        if (ours !== expected) disagreements.push(`${date}: ours ${ours}, GOV.UK ${expected}`);
        if (weekend && govUk.has(date)) disagreements.push(`${date}: GOV.UK lists a weekend day`);
      }
      expect(disagreements).toEqual([]);

      // And the other way round: every feed date is one of our listed bank holidays.
      for (let year = firstYear; year <= lastYear; year++) {
        const feedDates = [...govUk].filter((date) => date.startsWith(`${year}-`)).sort();
        expect(dates(cal, year), `${cal.nation} ${year}`).toEqual(feedDates);
      }
    });
  }
});

describe('properties', () => {
  // 2012-01-01 plus 0..6209 days is every date to 2028-12-31 (17 years, 5 of them leap years).
  const dayIn2012To2028 = fc
    .integer({ min: 0, max: 17 * 365 + 5 - 1 })
    .map(
      (offset) => DateTime.fromISO('2012-01-01', { zone: 'utc' }).plus({ days: offset }).toISODate() ?? '',
    );

  it('n working days after any date is a working day exactly n working days away', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...allNations),
        dayIn2012To2028,
        fc.integer({ min: 1, max: 60 }),
        (cal, start, n) => {
          const due = cal.addWorkingDays(start, n);
          expect(cal.isWorkingDay(due)).toBe(true);
          expect(cal.workingDaysBetween(start, due)).toBe(n);
        },
      ),
      { numRuns: 300 },
    );
  });
});
