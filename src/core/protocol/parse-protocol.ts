// Reading a council's protocol file: a bad file is refused with the file, the path inside it and
// what is wrong, so an admin can fix it without reading our code (src/core/admin-file).
import { parseAdminFile, type FileProblem } from '../admin-file/parse-admin-file.ts';
import { ProtocolSchema, type Protocol } from './protocol-schema.ts';

// Callers that read protocols (the CLI, the built-in loader, the HTTP error mapping) import these here.
export { describeProblem, formatPath } from '../admin-file/parse-admin-file.ts';

export type ParsedProtocol = { ok: true; protocol: Protocol } | { ok: false; problems: FileProblem[] };

/** Parses YAML or JSON text (JSON is YAML) into a validated protocol. */
export function parseProtocol(text: string, file: string): ParsedProtocol {
  const parsed = parseAdminFile(ProtocolSchema, text, file);
  return parsed.ok ? { ok: true, protocol: parsed.value } : parsed;
}
