// When a closed dispute's record falls due for disposal under a council's schedule, and how the
// schedule is read from the configuration: nothing is ever due without one.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { describeSchedule, retentionDueOn, scheduleFor } from '../../src/core/records/retention.ts';

const closed = { status: 'resolved' as const, closedOn: '2026-11-23', dateOfBirth: '2019-04-02' };

describe('retention due dates', () => {
  it('is never due without a schedule, or while open', () => {
    expect(retentionDueOn(null, closed)).toMatchObject({ due: false, why: 'no retention schedule' });
    expect(
      retentionDueOn({ yearsAfterClosure: 7 }, { ...closed, status: 'open', closedOn: null }),
    ).toMatchObject({
      due: false,
      why: 'still open',
    });
  });

  it('counts years after the London date of closure, 29 February landing on 28 February', () => {
    expect(retentionDueOn({ yearsAfterClosure: 7 }, closed)).toEqual({
      due: true,
      dueOn: '2033-11-23',
      rule: '7 years after closure',
    });
    expect(retentionDueOn({ yearsAfterClosure: 1 }, { ...closed, closedOn: '2028-02-29' })).toMatchObject({
      dueOn: '2029-02-28',
    });
  });

  it('keeps the record until the child reaches the age, or until both rules are met', () => {
    expect(retentionDueOn({ untilChildAge: 25 }, closed)).toEqual({
      due: true,
      dueOn: '2044-04-02',
      rule: 'the child turned 25',
    });
    // The later of the two dates.
    expect(retentionDueOn({ yearsAfterClosure: 30, untilChildAge: 25 }, closed)).toMatchObject({
      dueOn: '2056-11-23',
      rule: '30 years after closure',
    });
    // A child already past the age at closure: due at closure.
    expect(retentionDueOn({ untilChildAge: 1 }, closed)).toMatchObject({
      dueOn: '2026-11-23',
      rule: 'closed',
    });
  });

  it('keeps a record whose date of birth is not a real date (fails closed)', () => {
    for (const dateOfBirth of [null, '', 'unknown', '2019-02-30', '[redacted]'])
      expect(retentionDueOn({ untilChildAge: 25 }, { ...closed, dateOfBirth })).toMatchObject({
        due: false,
        dueOn: null,
      });
  });

  it('describes the schedule in words', () => {
    expect(describeSchedule(null)).toBe('No retention schedule: nothing is ever disposed of.');
    expect(describeSchedule({ yearsAfterClosure: 7, untilChildAge: 25 })).toBe(
      'Kept 7 years after closure and until the child is 25, whichever is later.',
    );
  });
});

describe('RETENTION_SCHEDULE', () => {
  const env = (value?: string) => ({
    NODE_ENV: 'test',
    ...(value === undefined ? {} : { RETENTION_SCHEDULE: value }),
  });

  it('is unset by default: no schedule, nothing disposed of', () => {
    expect(loadConfig(env()).retention).toBeNull();
    expect(loadConfig(env('  ')).retention).toBeNull();
  });

  it('reads one schedule, or one per council (tenant id)', () => {
    const one = loadConfig(env('{"yearsAfterClosure":7}')).retention;
    expect(scheduleFor(one, 'any-tenant')).toEqual({ yearsAfterClosure: 7 });
    const per = loadConfig(env('{"councils":{"tenant-a":{"untilChildAge":25}}}')).retention;
    expect(scheduleFor(per, 'tenant-a')).toEqual({ untilChildAge: 25 });
    expect(scheduleFor(per, 'tenant-b')).toBeNull();
  });

  it('refuses a schedule it cannot read, naming what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['7 years', /RETENTION_SCHEDULE: must be JSON/],
      ['{}', /yearsAfterClosure, untilChildAge or both/],
      ['{"yearsAfterClosure":0}', /yearsAfterClosure/],
      ['{"yearsAfterClosure":7.5}', /yearsAfterClosure/],
      ['{"yearsAfterClosure":"7"}', /yearsAfterClosure/],
      ['{"yearsAfterClosure":7,"deleteAll":true}', /deleteAll/],
      ['{"councils":{}}', /at least one tenant/],
    ];
    for (const [value, message] of cases) {
      expect(() => loadConfig(env(value)), value).toThrow(ConfigError);
      expect(() => loadConfig(env(value)), value).toThrow(message);
    }
  });

  it('runs disposal daily unless told otherwise, at most every 24 days', () => {
    expect(loadConfig(env()).disposalIntervalHours).toBe(24);
    expect(() => loadConfig({ NODE_ENV: 'test', DISPOSAL_INTERVAL_HOURS: '1000' })).toThrow(ConfigError);
  });
});
