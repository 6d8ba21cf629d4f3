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

/** The error answers every signed-in API route can give. */
export const apiErrors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
  409: ErrorBodySchema,
  422: ErrorBodySchema,
} as const;
