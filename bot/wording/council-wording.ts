// Several councils on one deployment (COUNCILS_FILE): each may have a wordingFile of its own. The
// bot is shared, so its words answer for the council of the work in hand (src/app/councils.ts),
// falling back to the deployment's WORDING_FILE (or the shipped words) for a council without one.
import type { CouncilSettings } from '../../src/councils-file.ts';
import { loadWordingFile } from './load-wording-file.ts';
import type { Wording } from './wording.ts';
import type { WordingKey } from './wording-defaults.ts';

/** Each council's own wording, read and checked at start (a bad file stops the start, naming the key). */
export function loadCouncilWordings(settings: readonly CouncilSettings[]): ReadonlyMap<string, Wording> {
  return new Map(settings.flatMap((c) => (c.wordingFile ? [[c.id, loadWordingFile(c.wordingFile)]] : [])));
}

/** Words that follow the council in hand; `base` where it has none, or no council is in hand. */
export function councilWording(
  base: Wording,
  byCouncil: ReadonlyMap<string, Wording>,
  councilInHand: () => string | undefined,
): Wording {
  if (byCouncil.size === 0) return base;
  const pick = () => byCouncil.get(councilInHand() ?? '') ?? base;
  return {
    text(key, ...values) {
      return pick().text(key, ...values);
    },
    has: (key): key is WordingKey => base.has(key),
  };
}
