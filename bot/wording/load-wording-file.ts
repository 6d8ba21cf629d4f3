// WORDING_FILE: a council's own words for the bot's cards, toasts and emails. A YAML (or JSON)
// map of key to text, for example
//
//   summary.respond: "{reference}: please respond by {due}"
//   help.intro: "Type a command below, or use the buttons."
//
// Checked when the server starts: an unknown key, a text that is not a non-empty string, or a
// placeholder the key does not declare stops the start with a message naming the key. The last is
// the safeguard: the parameters are fixed per key in wording-defaults.ts, and no toast or fallback
// is given the child's details, so a council cannot put them on a lock screen by rewording.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { createWording, placeholdersOf, type Wording } from './wording.ts';
import { wordingDefaults, type WordingKey } from './wording-defaults.ts';

export class WordingFileError extends Error {
  override name = 'WordingFileError';
}

const isKey = (key: string): key is WordingKey => Object.hasOwn(wordingDefaults, key);

export const WordingFileSchema = z
  .record(z.string(), z.string().trim().min(1, 'must be a non-empty text'))
  .superRefine((file, ctx) => {
    for (const [key, text] of Object.entries(file)) {
      if (!isKey(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'is not a text the bot has (see bot/wording/wording-defaults.ts for the keys)',
        });
        continue;
      }
      const declared: readonly string[] = wordingDefaults[key].params;
      for (const name of placeholdersOf(text))
        if (!declared.includes(name))
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `uses {${name}}, which this text may not use (it may use ${
              declared.length ? declared.map((p) => `{${p}}`).join(', ') : 'no parameters'
            })`,
          });
    }
  });

/** Checks the overrides and returns the words; throws WordingFileError naming each bad key. */
export function parseWordingFile(text: string, path: string): Wording {
  let data: unknown;
  try {
    data = parse(text) ?? {};
  } catch (e) {
    throw new WordingFileError(`WORDING_FILE ${path} is not YAML or JSON: ${(e as Error).message}`);
  }
  const parsed = WordingFileSchema.safeParse(data);
  if (!parsed.success)
    throw new WordingFileError(
      `WORDING_FILE ${path}: ` +
        parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; '),
    );
  return createWording(parsed.data as Partial<Record<WordingKey, string>>);
}

export function loadWordingFile(path: string): Wording {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new WordingFileError(
      `WORDING_FILE ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
  return parseWordingFile(text, path);
}
