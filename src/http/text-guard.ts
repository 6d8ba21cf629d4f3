// Text the database cannot store: PostgreSQL refuses a NUL character in text and jsonb, and a lone
// UTF-16 surrogate (half of a pair, as JSON's \uD800 escape writes it) is not Unicode at all. Such
// text is refused at the door with a 400 that names the field, before any handler reads it, so
// nothing half-written and no 500.
import { AppError } from '../app/app-error.ts';

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex -- finding the NUL character is the point
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (key or value) that cannot be stored, or null. */
export function findUnstorableText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return unstorable.test(value) ? path || '(body)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (unstorable.test(key)) return at;
      const found = findUnstorableText(inner, at);
      if (found) return found;
    }
  }
  return null;
}

/** Throws a 400 naming the field when any part of a request holds text that cannot be stored. */
export function refuseUnstorableText(parts: { params?: unknown; query?: unknown; body?: unknown }): void {
  for (const part of [parts.params, parts.query, parts.body]) {
    const field = findUnstorableText(part);
    if (field)
      throw new AppError(
        'bad-request',
        `${field}: must not contain a NUL character or an unpaired surrogate (text that is not Unicode).`,
        field,
      );
  }
}
