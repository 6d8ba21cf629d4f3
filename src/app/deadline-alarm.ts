// Wakes the deadline sweep when the next deadline falls due, so a deadline is acted on within
// moments of its due instant rather than at the next tick of the periodic sweep (which stays, as
// the safety net). After each sweep the alarm reads the soonest unfired due instant and sleeps
// until then; a write in this instance that schedules a sooner deadline wakes it earlier. Instances
// share the work as before: each sweep claims due rows with SKIP LOCKED. A deadline scheduled by
// another instance is found at the latest after `maxSleepMs`, when the alarm reads the table again.
import type { AppServices } from './app-services.ts';
import { TestClock, type Clock } from './ports/clock.ts';

/** The least wait for a row a sweep left due: no busy loop over a deadline that keeps failing. */
const RETRY_AFTER_SWEEP_MS = 1000;

export interface DeadlineAlarm {
  /** A committed write in this instance scheduled a deadline due at `dueAt`: wake for it if sooner. */
  scheduled(dueAt: string): void;
  /** Reads the soonest due instant and wakes for it (after a sweep, or at start). */
  rearm(notBeforeMs?: number): Promise<void>;
  /** The clock was moved (the dev test clock): what was armed was timed on the old clock. */
  clockMoved(): Promise<void>;
  stop(): void;
}

export interface DeadlineAlarmOptions {
  clock: Clock;
  /** The soonest unfired due instant of every council served, or null. */
  nextDueAt(): Promise<string | null>;
  /** Sweeps every council (the caller keeps one sweep at a time). */
  sweep(): Promise<void>;
  /** The longest sleep, after which the table is read again. */
  maxSleepMs: number;
  onError(error: Error): void;
}

export function createDeadlineAlarm(options: DeadlineAlarmOptions): DeadlineAlarm {
  const { clock, maxSleepMs, onError } = options;
  let timer: NodeJS.Timeout | undefined;
  /** When the armed timer wakes, on the clock's time line; Infinity when none is armed. */
  let wakeAt = Infinity;
  let stopped = false;
  const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

  const disarm = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    wakeAt = Infinity;
  };
  const arm = (dueMs: number) => {
    if (stopped || Number.isNaN(dueMs)) return;
    const nowMs = Date.parse(clock.now());
    const at = Math.min(dueMs, nowMs + maxSleepMs);
    if (timer && at >= wakeAt) return;
    disarm();
    wakeAt = at;
    timer = setTimeout(wake, Math.max(0, at - nowMs));
    timer.unref();
  };
  /** `notBeforeMs`: after a sweep, a row it left due (failed, or held by another instance) waits a moment. */
  const rearm = async (notBeforeMs = -Infinity) => {
    if (stopped) return; // the app is closing its database
    try {
      const next = await options.nextDueAt();
      arm(Math.max(next ? Date.parse(next) : Infinity, notBeforeMs));
    } catch (e) {
      onError(asError(e));
      arm(Infinity); // read again after the longest sleep
    }
  };
  function wake() {
    timer = undefined;
    wakeAt = Infinity;
    if (stopped) return;
    void options
      .sweep()
      .catch((e: unknown) => onError(asError(e)))
      .then(() => rearm(Date.parse(clock.now()) + RETRY_AFTER_SWEEP_MS));
  }
  return {
    scheduled: (dueAt) => arm(Date.parse(dueAt)),
    rearm: () => rearm(),
    async clockMoved() {
      disarm();
      await rearm();
    },
    stop() {
      stopped = true;
      disarm();
    },
  };
}

/** The soonest unfired due instant over these councils' services (each read in its own view). */
export async function soonestDeadlineOf(councils: readonly AppServices[]): Promise<string | null> {
  const each = await Promise.all(councils.map((c) => c.store.nextDeadlineDueAt(c.db)));
  return each.reduce<string | null>(
    (a, b) => (b !== null && (a === null || Date.parse(b) < Date.parse(a)) ? b : a),
    null,
  );
}

/**
 * `work` one run at a time: a call while it runs asks for one more run after it (so nothing that
 * fell due meanwhile waits for the next call) and shares the running one's promise.
 */
export function oneAtATime(work: () => Promise<unknown>, stop: () => boolean): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await work();
        } while (again && !stop());
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
}

/** The dev test clock, telling the deadline alarm when it is moved (its timers ran on the old time). */
export class WakingTestClock extends TestClock {
  onSet: (() => void) | undefined;
  override set(instant: string): void {
    super.set(instant);
    this.onSet?.();
  }
}
