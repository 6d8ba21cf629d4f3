// Errors as data: the application layer says what went wrong in words a person can act on; the
// HTTP adapter maps the kind to a status in one function, the bot to a card.
import type { Refusal } from '../core/dispute/refusal.ts';

export type AppErrorKind = 'bad-request' | 'forbidden' | 'not-found' | 'conflict' | 'unprocessable';

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly kind: AppErrorKind,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The one mapping from a core refusal to an application error. */
export function fromRefusal(refusal: Refusal): AppError {
  switch (refusal.code) {
    case 'invalid':
      return new AppError('bad-request', refusal.message, refusal.field);
    case 'not-allowed':
      return new AppError('forbidden', refusal.message);
    case 'not-found':
      return new AppError('not-found', refusal.message);
    case 'closed':
    case 'no-longer-applies':
      return new AppError('conflict', refusal.message);
    case 'role-unfilled':
      return new AppError('unprocessable', refusal.message);
  }
}

/** A list or report a person's post does not give them: 403, saying nothing about what is in it. */
export const notAvailable = () => new AppError('forbidden', 'This is not available to you.');

const DISPUTE_NOT_AVAILABLE = 'There is no dispute here that is available to you.';

/**
 * A dispute the person may not read, or one that does not exist: one and the same 404, word for
 * word, so that nobody learns whether an id or a reference is in use.
 */
export const disputeNotAvailable = () => new AppError('not-found', DISPUTE_NOT_AVAILABLE);

export const isDisputeNotAvailable = (e: AppError): boolean =>
  e.kind === 'not-found' && e.message === DISPUTE_NOT_AVAILABLE;
