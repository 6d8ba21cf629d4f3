// Errors as data: the application layer says what went wrong in words a person can act on; the
// HTTP adapter maps the kind to a status in one function, the bot to a card.
import type { Refusal } from '../core/dispute/refusal.ts';

export type AppErrorKind = 'bad-request' | 'forbidden' | 'not-found' | 'conflict' | 'unprocessable';

/**
 * What went wrong, as a stable machine code that every error body carries: clients (the bot, the
 * tab) decide by the code, never by the message, so the words can change without breaking them.
 */
export const errorCodes = [
  /** A field is missing or wrong; `field` names it. */
  'bad-request',
  'invalid-json',
  'empty-body',
  'unsupported-media-type',
  'body-too-large',
  /** No sign-in, or one that is not valid. */
  'unauthorized',
  /** The person holds no role on the dispute (or post) that allows this. */
  'not-allowed',
  /** A list or report this person's post does not give them (says nothing about what is in it). */
  'not-available',
  /** Nothing here, or nothing available to this person: one answer, so nobody learns what exists. */
  'not-found',
  /** The dispute changed since the version the person acted on: look again before acting. */
  'version-conflict',
  /** The dispute is resolved or withdrawn. */
  'closed',
  /** The request no longer applies (the dispute moved on from that stage, a repeated action). */
  'no-longer-applies',
  /** Another conflict with what is stored (e.g. a legal hold already set). */
  'conflict',
  /** The directory has nobody in a role the stage needs. */
  'role-unfilled',
  'unprocessable',
  'too-many-requests',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** The code an error of this kind carries unless it says otherwise. */
export function defaultCodeOf(kind: AppErrorKind, field?: string): ErrorCode {
  switch (kind) {
    case 'bad-request':
      return 'bad-request';
    case 'forbidden':
      return 'not-allowed';
    case 'not-found':
      return 'not-found';
    case 'conflict':
      // The application's stale-version refusal is a conflict on the `version` field.
      return field === 'version' ? 'version-conflict' : 'conflict';
    case 'unprocessable':
      return 'unprocessable';
  }
}

export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  constructor(
    readonly kind: AppErrorKind,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
    code?: ErrorCode,
  ) {
    super(message);
    this.code = code ?? defaultCodeOf(kind, field);
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
      return new AppError('conflict', refusal.message, undefined, undefined, refusal.code);
    case 'role-unfilled':
      return new AppError('unprocessable', refusal.message, undefined, undefined, 'role-unfilled');
  }
}

/** A list or report a person's post does not give them: 403, saying nothing about what is in it. */
export const notAvailable = () =>
  new AppError('forbidden', 'This is not available to you.', undefined, undefined, 'not-available');

const DISPUTE_NOT_AVAILABLE = 'There is no dispute here that is available to you.';

/**
 * A dispute the person may not read, or one that does not exist: one and the same 404, word for
 * word, so that nobody learns whether an id or a reference is in use.
 */
export const disputeNotAvailable = () => new AppError('not-found', DISPUTE_NOT_AVAILABLE);
