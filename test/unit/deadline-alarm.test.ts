// The deadline alarm in real time: it sleeps until the soonest due instant it has read, and a write
// in this instance that schedules a sooner deadline wakes it sooner; a later one never postpones it.
import { afterEach, describe, expect, it } from 'vitest';
import { createDeadlineAlarm, type DeadlineAlarm } from '../../src/app/deadline-alarm.ts';
import { systemClock } from '../../src/app/ports/clock.ts';

let alarm: DeadlineAlarm | undefined;
afterEach(() => alarm?.stop());

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

function alarmWith(nextDueAt: () => string | null) {
  const sweeps: number[] = [];
  alarm = createDeadlineAlarm({
    clock: systemClock,
    nextDueAt: async () => nextDueAt(),
    sweep: async () => void sweeps.push(Date.now()),
    maxSleepMs: 60_000,
    onError: (e) => {
      throw e;
    },
  });
  return { alarm, sweeps };
}

describe('the deadline alarm', () => {
  it('wakes at the soonest due instant read from the table', async () => {
    const due = inMs(400);
    const { alarm, sweeps } = alarmWith(() => due);
    const started = Date.now();
    await alarm.rearm();
    await new Promise((r) => setTimeout(r, 1200));
    // Once: the row still reads as due afterwards (as one that failed would), and is tried a second later.
    expect(sweeps).toHaveLength(1);
    expect(sweeps[0]! - started).toBeGreaterThanOrEqual(350);
    expect(sweeps[0]! - Date.parse(due)).toBeLessThan(500);
  });

  it('a sooner deadline scheduled by a write wakes it sooner; a later one does not postpone it', async () => {
    const { alarm, sweeps } = alarmWith(() => null); // nothing in the table: it sleeps the longest
    await alarm.rearm();
    const soon = inMs(300);
    alarm.scheduled(soon);
    alarm.scheduled(inMs(5000));
    await new Promise((r) => setTimeout(r, 1000));
    expect(sweeps).toHaveLength(1);
    expect(sweeps[0]! - Date.parse(soon)).toBeGreaterThanOrEqual(-5);
    expect(sweeps[0]! - Date.parse(soon)).toBeLessThan(500);
  });

  it('sleeps no longer than its longest sleep when the table has nothing due', async () => {
    const sweeps: number[] = [];
    alarm = createDeadlineAlarm({
      clock: systemClock,
      nextDueAt: async () => null,
      sweep: async () => void sweeps.push(Date.now()),
      maxSleepMs: 200,
      onError: () => {},
    });
    await alarm.rearm();
    await new Promise((r) => setTimeout(r, 700));
    expect(sweeps.length).toBeGreaterThanOrEqual(2);
  });
});
