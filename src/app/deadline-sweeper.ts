// Turns due deadline rows into system commands through the core. Each row is claimed with
// FOR UPDATE SKIP LOCKED and marked fired in the same transaction as the events it causes, so
// any number of instances fire each deadline exactly once, and a process killed mid-sweep
// leaves its row unfired for the next sweep: nothing lost, nothing repeated.
import { commandForDeadline } from '../core/dispute/deadline-schedule.ts';
import { AppError } from './app-error.ts';
import type { AppServices } from './app-services.ts';
import { decideAndAppend, loadDispute } from './dispute-writer.ts';
import { councilAdminIds, resolveRoster } from './resolve-roster.ts';

export interface SweepResult {
  /** Deadlines that produced events. */
  applied: number;
  /** Deadlines that no longer applied (answered in time, stage moved on): marked, no events. */
  stale: number;
}

export async function sweepDeadlines(
  services: AppServices,
  options: { maxDeadlines?: number } = {},
): Promise<SweepResult> {
  const { db, store, protocols, directory, clock, tenantId } = services;
  const result: SweepResult = { applied: 0, stale: 0 };
  const now = clock.now();
  for (let n = 0; n < (options.maxDeadlines ?? 100_000); n++) {
    // One transaction per deadline: it claims the next due row no other instance holds, applies
    // it and marks it fired, or rolls back whole.
    const outcome = await db.transaction(async (tx) => {
      const row = await store.claimNextDueDeadline(tx, now);
      if (!row) return 'done' as const;
      await store.lockDispute(tx, row.disputeId);
      const loaded = await loadDispute(store, protocols, tx, row.disputeId);
      if (!loaded) {
        await store.markDeadlineFired(tx, row.disputeId, row.key, now, 'stale: dispute not found');
        return 'stale' as const;
      }
      const { roster, notes: rosterNotes } = await resolveRoster(loaded.entry.protocol, directory, {
        raiserId: loaded.state.raiserId,
        socialWorkerId: loaded.state.socialWorkerId,
        onDate: loaded.entry.calendar.londonDateOf(now),
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
          command: commandForDeadline(row, roster, rosterNotes, await councilAdminIds(directory)),
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
    if (outcome === 'done') break;
    result[outcome]++;
    services.metrics?.deadlineFired(outcome);
  }
  return result;
}
