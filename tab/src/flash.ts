// A message carried from one page to the next (the Raise form to the new dispute), shown once.
export interface RaisedFlash {
  requestedStageId: string | null;
}

const pending = new Map<string, RaisedFlash>();

export function setFlash(disputeId: string, flash: RaisedFlash): void {
  pending.set(disputeId, flash);
}

/** Read without removing: React may render twice; the entry is replaced by the next raise. */
export function takeFlash(disputeId: string): RaisedFlash | undefined {
  return pending.get(disputeId);
}

export function clearFlash(disputeId: string): void {
  pending.delete(disputeId);
}
