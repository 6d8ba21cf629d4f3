// A message carried from one page to the next (the Raise form to the new dispute), shown there
// until the person leaves that dispute.
export interface RaisedFlash {
  requestedStageId: string | null;
}

const pending = new Map<string, RaisedFlash>();

export function setFlash(disputeId: string, flash: RaisedFlash): void {
  pending.set(disputeId, flash);
}

/**
 * This dispute's notice, if there is one. Reading changes nothing: React may render a page more
 * than once, remount it (a session refresh does), or render one it never shows, and none of that
 * may drop a notice, this dispute's or another's.
 */
export function peekFlash(disputeId: string): RaisedFlash | undefined {
  return pending.get(disputeId);
}

/**
 * The person is now on this dispute's page (null: on a page that is no dispute's), so every other
 * dispute's notice has been said: it is dropped, and coming back shows none. Called from an effect,
 * once the page is shown, never while rendering.
 */
export function keepOnlyFlashOf(disputeId: string | null): void {
  for (const id of [...pending.keys()]) if (id !== disputeId) pending.delete(id);
}
