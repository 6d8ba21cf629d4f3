// fastify validates requests and serialises responses with the routes' zod schemas
// (src/contract). Validation keeps the API's 400: the first field at fault, named, and every issue.
import type { FastifySchemaCompiler } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { zodToBadRequest } from './error-mapping.ts';

/**
 * A request part checked by its schema. A missing body is read as `{}`, so a POST with no body
 * (e.g. running disposal) meets its schema, and one that needs fields is told which.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data ?? {});
    if (!result.success) return { error: zodToBadRequest(result.error) };
    return { value: result.data };
  };

/** Responses are encoded by their schema: a field the contract does not name is never sent. */
export { serializerCompiler };
