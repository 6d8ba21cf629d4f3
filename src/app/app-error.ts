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

/** Anyone who may not see a dispute learns nothing about it, not even that it exists. */
export const notAvailable = () => new AppError('forbidden', 'This is not available to you.');
