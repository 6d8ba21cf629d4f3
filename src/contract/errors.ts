// The body of every error answer: the kind (which HTTP status family), a stable machine `code` that
// clients switch on, the words a person reads, and the field at fault for a form.
import { z } from 'zod';
import { errorCodes } from '../app/app-error.ts';

export const ErrorKindSchema = z.enum([
  'bad-request',
  'unauthorized',
  'forbidden',
  'not-found',
  'conflict',
  'unprocessable',
  'too-many-requests',
  'internal',
]);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;

export const ErrorCodeSchema = z.enum(errorCodes);

export const ErrorBodySchema = z
  .object({
    error: ErrorKindSchema,
    code: ErrorCodeSchema,
    message: z.string(),
    field: z.string().optional(),
    /** Every field at fault, when a body has more than one. */
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    /** What the refusal is about, where a client can act on it (e.g. the earlier disputes found). */
    details: z.unknown().optional(),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** An error answer with its meaning (the body is the one `Error` schema, referenced). */
export const errorAnswer = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorBodySchema } },
});

/** The error answers every signed-in API route can give. */
export const apiErrors = {
  400: errorAnswer('A field is missing or wrong (`field` names it), or the body is not JSON'),
  401: errorAnswer('No sign-in, or one that is not valid'),
  403: errorAnswer('Not allowed to this person (saying nothing about what exists)'),
  404: errorAnswer('Nothing here that is available to this person'),
  409: errorAnswer('The dispute changed, moved on or is closed: look again before acting'),
  413: errorAnswer('The body is too large'),
  415: errorAnswer('The body is not application/json'),
  422: errorAnswer('The directory has nobody in a role this needs'),
  429: errorAnswer('Too many requests: try again after Retry-After seconds'),
  500: errorAnswer('Something went wrong on our side; nothing was changed'),
} as const;
