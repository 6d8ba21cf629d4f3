// The bot's words at run time: the defaults with a council's overrides laid over them, filled in
// with only the parameters each text declares (wording-defaults.ts).
import { wordingDefaults, type WordingKey, type WordingParams } from './wording-defaults.ts';

export type WordingValues<K extends WordingKey> = Record<WordingParams<K>, string | number>;

export interface Wording {
  /** The text for `key`, its {placeholders} filled in from `values`. */
  text<K extends WordingKey>(
    key: K,
    ...values: [WordingParams<K>] extends [never] ? [] : [WordingValues<K>]
  ): string;
  /** Whether a key exists (the outbox's reasons are open-ended strings). */
  has(key: string): key is WordingKey;
}

const placeholder = /\{([^{}]*)\}/g;

/** The {names} a text uses. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(placeholder)].map((m) => m[1]!);
}

/** Texts already checked (load-wording-file.ts): every key known, every placeholder declared. */
export function createWording(overrides: Partial<Record<WordingKey, string>> = {}): Wording {
  const texts = new Map<string, string>(
    Object.entries(wordingDefaults).map(([key, entry]) => [key, overrides[key as WordingKey] ?? entry.text]),
  );
  return {
    text(key, ...values) {
      const given = (values[0] ?? {}) as Record<string, string | number>;
      const declared = wordingDefaults[key].params as readonly string[];
      return texts
        .get(key)!
        .replace(placeholder, (whole, name: string) =>
          declared.includes(name) && name in given ? String(given[name]) : whole,
        );
    },
    has: (key): key is WordingKey => texts.has(key),
  };
}

/** The words as shipped: what renderers use when no council wording is given (and in unit tests). */
export const defaultWording: Wording = createWording();
