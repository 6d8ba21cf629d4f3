// fastify validates requests and serialises responses with the routes' zod schemas
// (src/contract). Validation keeps the API's 400: the first field at fault, named, and every issue.
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
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

/** The first field `sent` would lose to `encoded` (a field the schema does not name), or null. */
function droppedField(sent: unknown, encoded: unknown, path = ''): string | null {
  if (Array.isArray(sent) && Array.isArray(encoded)) {
    for (let i = 0; i < sent.length; i++) {
      const found = droppedField(sent[i], encoded[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (!sent || typeof sent !== 'object' || !encoded || typeof encoded !== 'object') return null;
  for (const [key, value] of Object.entries(sent)) {
    const at = path ? `${path}.${key}` : key;
    if (value === undefined) continue;
    if (!(key in encoded)) return at;
    const found = droppedField(value, (encoded as Record<string, unknown>)[key], at);
    if (found) return found;
  }
  return null;
}

/**
 * Responses are encoded by their schema, so a field the contract does not name is never sent.
 * `strict` (development and tests) refuses such a field instead of dropping it, so a response
 * that outgrew its schema fails a test rather than silently losing the field in the tab.
 */
export function serializerCompiler(options: { strict: boolean }): FastifySerializerCompiler<z.ZodType> {
  return ({ schema, method, url }) =>
    (data) => {
      const result = z.safeEncode(schema, data);
      if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
      const dropped = options.strict ? droppedField(data, result.data) : null;
      if (dropped)
        throw new Error(
          `${method} ${url}: the response has "${dropped}", which its schema in src/contract does not name`,
        );
      return JSON.stringify(result.data);
    };
}
