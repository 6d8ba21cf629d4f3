// Storage of disputes: an append-only event stream per dispute, with a projection for queries,
// deadline rows for the sweeper and outbox rows for delivery, all written in one transaction.
// Each use depends on the narrow port it needs; the app's services carry all of them as one store,
// since one database implements them all (src/adapters/sql/sql-dispute-store.ts).
import type { DeadlineQueue } from './deadline-queue.ts';
import type { DisputeEventStore } from './dispute-event-store.ts';
import type { DisputeQueries } from './dispute-queries.ts';
import type { Outbox } from './outbox.ts';
import type { ReadAudit } from './read-audit.ts';

export type DisputeStore = DisputeEventStore & DeadlineQueue & Outbox & ReadAudit & DisputeQueries;
