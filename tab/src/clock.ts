// The server's clock as the tab sees it. In development the server runs a test clock that can be
// moved (POST /api/dev/clock); what is overdue must follow it, not the browser's own clock.
import { useSyncExternalStore } from 'react';
import { answer, api } from './api/api-client.ts';

let offsetMs = 0;
let devClock = false;
const listeners = new Set<() => void>();

export function setDevClock(enabled: boolean): void {
  devClock = enabled;
}

export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** Reads the test clock again (development only; production uses the browser's clock). */
export async function refreshServerClock(): Promise<void> {
  if (!devClock) return;
  try {
    const { now } = await answer(api.GET('/api/dev/clock'));
    const next = new Date(now).getTime() - Date.now();
    if (Math.abs(next - offsetMs) > 1000) {
      offsetMs = next;
      listeners.forEach((l) => l());
    }
  } catch {
    // No test clock on this server (TEST_CLOCK=off): the browser's clock is the server's.
  }
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** Re-renders when the server's clock is found to have moved; returns the offset-corrected now. */
export function useServerNow(): number {
  const offset = useSyncExternalStore(subscribe, () => offsetMs);
  return Date.now() + offset;
}
