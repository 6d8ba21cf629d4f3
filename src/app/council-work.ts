// Background work (the deadline sweep, the outbox) done for every council, each on its own: a
// council's work runs with that council in hand (what it reaches through the routing services, the
// bot's delivery for one, is that council's), and its failure (a bad row, a broken directory) is
// reported and stops no other council's work.
import type { Council, Councils } from './councils.ts';

export async function forEachCouncil(
  councils: Councils,
  work: (council: Council) => Promise<unknown>,
  onError: (council: Council, error: Error) => void,
): Promise<void> {
  await Promise.all(
    councils.all.map(async (council) => {
      try {
        await councils.run(council, () => work(council));
      } catch (e) {
        onError(council, e instanceof Error ? e : new Error(String(e)));
      }
    }),
  );
}
