// A dispute's event stream in SQL: the append and the snapshot are single statements
// (dispute-append.ts, dispute-snapshot.ts), so a writer's load → decide → append costs two round trips.
import type { DisputeEventStore } from '../../app/ports/dispute-event-store.ts';
import { appendDispute } from './dispute-append.ts';
import { loadSnapshot } from './dispute-snapshot.ts';

export const sqlEventStore: DisputeEventStore = {
  async lockDispute(tx, disputeId) {
    await tx.query('select 1 from disputes where id = $1 for update', [disputeId]);
  },

  async snapshot(tx, disputeId, include) {
    return loadSnapshot(tx, disputeId, include);
  },

  async append(tx, input) {
    return appendDispute(tx, input);
  },
};
