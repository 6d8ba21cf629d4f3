// Reading a council's protocol file: a bad file is refused with the file, the path inside it and
// what is wrong, so an admin can fix it without reading our code.
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ProtocolSchema, type Protocol } from './protocol-schema.ts';

export interface ProtocolProblem {
  file: string;
  /** Where in the file, e.g. `stages[2].responseTime.workingDays`; empty for the whole file. */
  path: string;
  message: string;
}

export type ParsedProtocol = { ok: true; protocol: Protocol } | { ok: false; problems: ProtocolProblem[] };

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

export function problemsFromZod(file: string, error: z.ZodError): ProtocolProblem[] {
  return error.issues.map((issue) => ({ file, path: formatPath(issue.path), message: issue.message }));
}

/** Parses YAML or JSON text (JSON is YAML) into a validated protocol. */
export function parseProtocol(text: string, file: string): ParsedProtocol {
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true });
  } catch (e) {
    const message = e instanceof YAMLParseError ? e.message.split('\n')[0]! : String(e);
    return { ok: false, problems: [{ file, path: '', message: `not valid YAML or JSON: ${message}` }] };
  }
  const result = ProtocolSchema.safeParse(data);
  if (!result.success) return { ok: false, problems: problemsFromZod(file, result.error) };
  return { ok: true, protocol: result.data };
}

export function describeProblem(p: ProtocolProblem): string {
  return p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`;
}
