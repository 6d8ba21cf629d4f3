import type { z } from 'zod';
import { zodToBadRequest } from './error-mapping.ts';

/** Parses a body or query with zod, throwing a 400 that names the field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw zodToBadRequest(result.error);
  return result.data;
}
