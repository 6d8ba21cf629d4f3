// Finding a dispute from what a person typed ("Find dispute" in Teams' compose box, a pasted link):
// by reference, or by the child's initials and case number. Only disputes this person may read are
// returned, by the same access rule as every other read (mayReadDispute), and every look is audited
// as other reads are: each dispute returned as an allowed read, each match they may not read as a
// refused one (so the council sees someone fishing for a child's disputes). Matches are compared
// on the server; a candidate whose initials did not match was shown to no one and is not recorded.
import { initialsOf, mayReadDispute } from '../core/access/access-policy.ts';
import type { DisputeSearchQuery } from '../core/dispute/dispute-search-query.ts';
import type { AppServices } from './app-services.ts';
import type { Person } from './ports/directory.ts';
import type { DisputeProjection } from './ports/dispute-projection.ts';
import type { SqlExecutor } from './ports/sql-database.ts';

/** Teams shows a handful of results; more would only be scrolled past. */
export const MAX_SEARCH_RESULTS = 25;

export async function searchDisputes(
  services: Pick<AppServices, 'db' | 'store' | 'tenantId' | 'clock'>,
  person: Person,
  query: DisputeSearchQuery,
  what: string,
): Promise<DisputeProjection[]> {
  if (query.kind === 'incomplete') return [];
  const { db, store, clock } = services;
  return db.transaction(async (tx) => {
    const matches = await matching(services, tx, query);
    const shown = matches.filter((d) => mayReadDispute(d, person)).slice(0, MAX_SEARCH_RESULTS);
    const refused = matches.filter((d) => !mayReadDispute(d, person));
    const at = clock.now();
    // What the person was shown, as reads; what matched but they may not read, as refused reads.
    await store.recordReads(tx, [
      ...shown.map((d) => ({ disputeId: d.id, personId: person.id, at, what, allowed: true })),
      ...refused.map((d) => ({ disputeId: d.id, personId: person.id, at, what, allowed: false })),
    ]);
    return shown;
  });
}

async function matching(
  { store, tenantId }: Pick<AppServices, 'store' | 'tenantId'>,
  tx: SqlExecutor,
  query: Exclude<DisputeSearchQuery, { kind: 'incomplete' }>,
): Promise<DisputeProjection[]> {
  if (query.kind === 'reference') {
    const found = await store.findByReference(tx, query.reference);
    return found && found.tenantId === tenantId ? [found] : [];
  }
  // The child's name lives in the events only (the projection keeps no child data): the case
  // number narrows the candidates, the Raised event's name gives their initials.
  const candidates = await store.listByCaseNumber(tx, tenantId, query.caseNumberKey);
  if (candidates.length === 0) return [];
  const events = await store.eventsOf(
    tx,
    candidates.map((d) => d.id),
  );
  const initials = new Map<string, string>();
  for (const { disputeId, event } of events)
    if (event.type === 'Raised') initials.set(disputeId, initialsOf(event.child.name));
  // Newest first: the dispute being talked about now is more likely the latest one.
  return candidates.filter((d) => initials.get(d.id) === query.initials).reverse();
}
