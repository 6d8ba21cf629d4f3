// Text the database cannot store: PostgreSQL refuses a NUL character in text and jsonb, and a lone
// UTF-16 surrogate (half of a pair, as JSON's \uD800 escape writes it) is not Unicode at all. Such
// text is refused at the door with a 400 that names the field, before any handler reads it, so
// nothing half-written and no 500.
import { AppError } from '../app/app-error.ts';

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex -- finding the NUL character is the point
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper than any body the API takes (a raise is three levels): refused rather than walked. */
export const MAX_DEPTH = 32;

/**
 * The path of the first string (key or value) that cannot be stored, or of a value nested deeper
 * than MAX_DEPTH; null if there is none. Iterative, so a hostile nesting cannot overflow the stack.
 */
export function findUnstorableText(value: unknown, root = ''): { field: string; tooDeep: boolean } | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (unstorable.test(v)) return { field: path || '(body)', tooDeep: false };
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) return { field: path || '(body)', tooDeep: true };
    const entries: [string, unknown][] = Array.isArray(v)
      ? v.map((inner, i) => [`${path}[${i}]`, inner])
      : Object.entries(v).map(([key, inner]) => [path ? `${path}.${key}` : key, inner]);
    if (!Array.isArray(v)) {
      const badKey = Object.keys(v).findIndex((key) => unstorable.test(key));
      if (badKey >= 0) return { field: entries[badKey]![0], tooDeep: false };
    }
    // Reversed onto the stack, so the first field is looked at first.
    for (let i = entries.length - 1; i >= 0; i--)
      stack.push({ value: entries[i]![1], path: entries[i]![0], depth: depth + 1 });
  }
  return null;
}

/** Throws a 400 naming the field when any part of a request holds text that cannot be stored. */
export function refuseUnstorableText(parts: { params?: unknown; query?: unknown; body?: unknown }): void {
  for (const part of [parts.params, parts.query, parts.body]) {
    const found = findUnstorableText(part);
    if (found)
      throw new AppError(
        'bad-request',
        found.tooDeep
          ? `${found.field}: is nested too deeply (at most ${MAX_DEPTH} levels).`
          : `${found.field}: must not contain a NUL character or an unpaired surrogate (text that is not Unicode).`,
        found.field,
      );
  }
}
