// Calling Graph for a write or a read a person is waiting on (the calendar, mail, subscriptions).
// Each request opts out of the SDK's RetryHandler and `callGraph` retries inline itself: a throttled
// request (429, which Graph did not carry out) is repeated after its Retry-After; reads and
// idempotent writes (getSchedule, GET, PATCH) also after 503/504 or a network failure; never longer
// than `maxInlineWaitSeconds`, so a person waiting in the tab is not held for minutes. What is left
// becomes a GraphCallError (graph-call-error.ts).
import { RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { readGraphFailure } from './graph-errors.ts';

/** The SDK's RetryHandler is switched off per request; `callGraph` decides what to repeat. */
export const noSdkRetry = () => [new RetryHandlerOptions(0, 0, () => false)];

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The longest this process waits inline before handing the retry to the caller. */
  maxInlineWaitSeconds: number;
  sleep: (ms: number) => Promise<void>;
}

export const defaultRetryPolicy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({
  maxAttempts: 3,
  maxInlineWaitSeconds: 10,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ...overrides,
});

/**
 * Runs a Graph request, repeating it inline when that cannot do anything twice: after a 429 (Graph
 * did not carry the request out) always; after a 503, a 504 or a network failure only if
 * `repeatable` (a read, or a write that sets rather than adds). Rethrows the SDK's error otherwise.
 */
export async function callGraph<T>(
  run: () => Promise<T>,
  policy: RetryPolicy,
  repeatable: boolean,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const f = readGraphFailure(error);
      const again =
        f.kind === 'throttled' ||
        (repeatable && (f.status === 503 || f.status === 504 || f.kind === 'network'));
      const wait = f.retryAfterSeconds ?? Math.min(8, 2 ** (attempt - 1));
      if (!again || attempt >= policy.maxAttempts || wait > policy.maxInlineWaitSeconds) throw error;
      await policy.sleep(wait * 1000);
    }
  }
}

/** A mailbox or item id in a Graph path: escaped, but an address keeps its readable '@'. */
export const pathSegment = (s: string) => encodeURIComponent(s).replace(/%40/g, '@');
