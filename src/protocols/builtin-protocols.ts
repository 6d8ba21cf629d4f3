// The built-in protocols: one YAML file per seed-derived process, beside this file. Reading files is
// I/O, so it lives here rather than in the core; the core only parses and validates the text.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeProblem, parseProtocol } from '../core/protocol/parse-protocol.ts';
import type { Protocol } from '../core/protocol/protocol-schema.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

export class ProtocolFileError extends Error {
  override name = 'ProtocolFileError';
}

/** Reads and validates one protocol file; throws with every problem, each naming file and path. */
export function loadProtocolFile(path: string): Protocol {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ProtocolFileError(
      `${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
  const parsed = parseProtocol(text, path);
  if (!parsed.ok) throw new ProtocolFileError(parsed.problems.map(describeProblem).join('\n'));
  return parsed.protocol;
}

let cache: Protocol[] | undefined;

/** The protocols that ship with the product, read once. */
export function builtinProtocols(): Protocol[] {
  cache ??= readdirSync(here)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => loadProtocolFile(join(here, f)));
  return cache;
}

export function builtinProtocolFiles(): string[] {
  return readdirSync(here)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f));
}
