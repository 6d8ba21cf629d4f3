// Turns due deadline rows into system commands through the core. Each row is claimed with
// FOR UPDATE SKIP LOCKED and marked fired in the same transaction as the events it causes, so
// any number of instances fire each deadline exactly once, and a process killed mid-sweep
// leaves its row unfired for the next sweep: nothing lost, nothing repeated.
import { commandForDeadline } from '../core/dispute/deadline-schedule.ts';
import { AppError } from './app-error.ts';
import type { AppServices } from './app-services.ts';
import { decideAndAppend, loadDispute } from './dispute-writer.ts';
import { resolveRoster } from './resolve-roster.ts';

export interface SweepResult {
  /** Deadlines that produced events. */
  applied: number;
  /** Deadlines that no longer applied (answered in time, stage moved on): marked, no events. */
  stale: number;
  /** Rows another instance had claimed. */
  skipped: number;
}

export async function sweepDeadlines(
  services: AppServices,
  options: { batchSize?: number; maxBatches?: number } = {},
): Promise<SweepResult> {
  const { db, store, protocols, directory, clock, tenantId } = services;
  const batchSize = options.batchSize ?? 200;
  const result: SweepResult = { applied: 0, stale: 0, skipped: 0 };
  const now = clock.now();
  for (let batch = 0; batch < (options.maxBatches ?? 1000); batch++) {
    const due = await store.dueDeadlines(db, now, batchSize);
    if (due.length === 0) break;
    let progressed = false;
    for (const row of due) {
      const outcome = await db.transaction(async (tx) => {
        const claimed = await store.claimDeadline(tx, row.disputeId, row.key, now);
        if (!claimed) return 'skipped' as const;
        await store.lockDispute(tx, row.disputeId);
        const loaded = await loadDispute(store, protocols, tx, row.disputeId);
        if (!loaded) {
          await store.markDeadlineFired(tx, row.disputeId, row.key, now, 'stale: dispute not found');
          return 'stale' as const;
        }
        const { roster } = await resolveRoster(loaded.entry.protocol, directory, {
          raiserId: loaded.state.raiserId,
          socialWorkerId: loaded.state.socialWorkerId,
        });
        // Marked before the append: the append replaces the dispute's *unfired* deadlines with the new
        // schedule, which would otherwise delete this very row when the command takes it off the
        // schedule (a missed stage deadline, an escalation, the cap) and lose its record.
        await store.markDeadlineFired(tx, row.disputeId, row.key, now, 'applied');
        try {
          await decideAndAppend({
            store,
            tx,
            tenantId,
            reference: loaded.projection.reference,
            before: loaded.state,
            command: commandForDeadline(claimed, roster),
            actor: { kind: 'system' },
            now,
            entry: loaded.entry,
            channelFor: services.channelFor,
          });
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          await store.markDeadlineFired(tx, row.disputeId, row.key, now, `stale: ${e.message}`);
          return 'stale' as const;
        }
        return 'applied' as const;
      });
      result[outcome]++;
      if (outcome !== 'skipped') progressed = true;
    }
    // Everything due was taken by other instances: stop rather than spin.
    if (!progressed) break;
  }
  return result;
}
