// Time comes from a port so the deadline engine can be driven by a test clock (dev mode only).
export interface Clock {
  /** The current instant, ISO-8601 with offset. */
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };

/**
 * A settable clock, like Stripe's test clocks but still ticking: time runs on from wherever it was
 * last set, so a person trying the app sees time pass, and a test can jump a week ahead.
 */
export class TestClock implements Clock {
  private offsetMs = 0;
  now(): string {
    return new Date(Date.now() + this.offsetMs).toISOString();
  }
  set(instant: string): void {
    this.offsetMs = new Date(instant).getTime() - Date.now();
  }
}
