// A file an administrator writes (a council's protocol, its directory), read from YAML or JSON text and
// checked against a zod schema. A bad file is refused with the file, the path inside it and what is
// wrong, so the admin can fix it without reading our code.
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';

export interface FileProblem {
  file: string;
  /** Where in the file, e.g. `stages[2].responseTime.workingDays`; empty for the whole file. */
  path: string;
  message: string;
}

export type ParsedAdminFile<T> = { ok: true; value: T } | { ok: false; problems: FileProblem[] };

/** A zod issue path as an admin would write it: `people[3].managerId`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

export function problemsFromZod(file: string, error: z.ZodError): FileProblem[] {
  return error.issues.map((issue) => ({ file, path: formatPath(issue.path), message: issue.message }));
}

/** Parses YAML or JSON text (JSON is YAML) and validates it with `schema`. */
export function parseAdminFile<S extends z.ZodType>(
  schema: S,
  text: string,
  file: string,
): ParsedAdminFile<z.output<S>> {
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true });
  } catch (e) {
    const message = e instanceof YAMLParseError ? e.message.split('\n')[0]! : String(e);
    return { ok: false, problems: [{ file, path: '', message: `not valid YAML or JSON: ${message}` }] };
  }
  const result = schema.safeParse(data);
  if (!result.success) return { ok: false, problems: problemsFromZod(file, result.error) };
  return { ok: true, value: result.data };
}

export function describeProblem(p: FileProblem): string {
  return p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`;
}
