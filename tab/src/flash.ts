// A message carried from one page to the next (the Raise form to the new dispute), shown once.
export interface RaisedFlash {
  requestedStageId: string | null;
}

const pending = new Map<string, RaisedFlash>();

export function setFlash(disputeId: string, flash: RaisedFlash): void {
  pending.set(disputeId, flash);
}

/**
 * Read without removing: the page may render, or even mount, more than once while it is shown (a
 * session refresh remounts the routes), and the notice must survive that. Opening any other dispute
 * drops it, so it is said once: right after raising.
 */
export function takeFlash(disputeId: string): RaisedFlash | undefined {
  for (const id of pending.keys()) if (id !== disputeId) pending.delete(id);
  return pending.get(disputeId);
}

export function clearFlashes(): void {
  pending.clear();
}
