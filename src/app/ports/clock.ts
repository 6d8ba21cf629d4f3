// Time comes from a port so the deadline engine can be driven by a test clock (dev mode only).
export interface Clock {
  /** The current instant, ISO-8601 with offset. */
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };

/** A settable clock, like Stripe's test clocks: time moves only when told to. */
export class TestClock implements Clock {
  constructor(private current: string = new Date().toISOString()) {}
  now(): string {
    return this.current;
  }
  set(instant: string): void {
    this.current = new Date(instant).toISOString();
  }
}
