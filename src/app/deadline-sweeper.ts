// Turns due deadline rows into system commands through the core, by the write path everyone
// shares (dispute-writer.ts): the due row is found with FOR UPDATE SKIP LOCKED (so instances
// sweeping together take different rows), the roster is looked up in the directory with no
// transaction open, and then one short transaction claims the row again (still unfired, nobody
// else holding it), marks it fired and appends against the version loaded. A write that raced it
// makes the append stale and the deadline is tried again from its load; a process killed mid-sweep
// leaves its row unfired for the next sweep: nothing lost, nothing repeated.
import { commandForDeadline } from '../core/dispute/deadline-schedule.ts';
import type { AppServices } from './app-services.ts';
import { writeAsSystem } from './dispute-writer.ts';
import type { DeadlineRow } from './ports/deadline-queue.ts';
import { councilAdminIds, resolveRoster } from './resolve-roster.ts';

export interface SweepResult {
  /** Deadlines that produced events. */
  applied: number;
  /** Deadlines that no longer applied (answered in time, stage moved on): marked, no events. */
  stale: number;
}

// One sweep of a council at a time in this process: the deadline alarm, the periodic tick and the
// dev test clock all sweep, and a second sweep alongside the first would only find the rows the
// first has in hand and give up on them (the claim's lock ends with its statement). Instances share
// the work through SKIP LOCKED; within one, sweeps queue.
const sweepsInProcess = new Map<string, Promise<unknown>>();

export function sweepDeadlines(
  services: AppServices,
  options: { maxDeadlines?: number; firers?: number } = {},
): Promise<SweepResult> {
  const key = services.tenantId;
  const run = (sweepsInProcess.get(key) ?? Promise.resolve()).then(() => sweepOnce(services, options));
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  sweepsInProcess.set(key, settled);
  void settled.then(() => {
    if (sweepsInProcess.get(key) === settled) sweepsInProcess.delete(key);
  });
  return run;
}

/**
 * Deadlines fired side by side within one sweep. Firing one is mostly waiting (a load, a directory
 * lookup, a short write transaction), so a few in flight keep the database and the process busy:
 * the bench's sweep of 1,000 due deadlines went from 29% of the bare SKIP LOCKED loop's rate with
 * one at a time (issue 17).
 */
export const SWEEP_FIRERS = 4;

async function sweepOnce(
  services: AppServices,
  options: { maxDeadlines?: number; firers?: number },
): Promise<SweepResult> {
  const { db, store, clock } = services;
  const result: SweepResult = { applied: 0, stale: 0 };
  const now = clock.now();
  const max = options.maxDeadlines ?? 100_000;
  // Rows another instance had in hand when this sweep reached them: left to it (or, if it dies, to
  // the next sweep), and skipped by the claims that follow so this sweep goes on with the rest.
  const elsewhere: { disputeId: string; key: string }[] = [];
  // Rows this sweep's firers have in hand: the claim's lock ends with its statement, so the claims
  // skip them by name. Claims are made one after another (each is one cheap statement); firing is
  // what runs side by side.
  const inHand = new Map<string, { disputeId: string; key: string }>();
  let claims: Promise<unknown> = Promise.resolve();
  let claimed = 0;
  // A firer's failure (a bug, the database gone) ends the sweep, as it did with one firer: the
  // others finish the rows they hold and claim no more.
  let stopped = false;
  const claimNext = (): Promise<DeadlineRow | null> => {
    const next = claims.then(async () => {
      if (claimed >= max || stopped) return null;
      const row = await store.claimNextDueDeadline(db, now, [...elsewhere, ...inHand.values()]);
      if (row) {
        claimed++;
        inHand.set(`${row.disputeId}\u0000${row.key}`, row);
      }
      return row;
    });
    claims = next.catch(() => undefined);
    return next;
  };
  // A dispute's rows are fired in the order they were claimed (due order), never side by side: a
  // reminder and the deadline it reminds of stay in that order.
  const byDispute = new Map<string, Promise<unknown>>();
  const firer = async () => {
    for (let row = await claimNext(); row; row = await claimNext()) {
      const current = row;
      const before = byDispute.get(current.disputeId) ?? Promise.resolve();
      // After a failure, rows still waiting their turn are left unfired for the next sweep: firing
      // a later row of the same dispute would replace the failed row's schedule and lose it.
      const fired = before.then(() =>
        stopped
          ? ('left' as const)
          : fireDeadline(services, current, now).catch((e: unknown) => {
              stopped = true;
              throw e;
            }),
      );
      const settled = fired.catch(() => undefined);
      byDispute.set(current.disputeId, settled);
      try {
        const outcome = await fired;
        if (outcome === 'left') continue;
        if (outcome === 'elsewhere') elsewhere.push({ disputeId: current.disputeId, key: current.key });
        else {
          result[outcome]++;
          services.metrics?.deadlineFired(outcome);
        }
      } finally {
        inHand.delete(`${current.disputeId}\u0000${current.key}`);
        if (byDispute.get(current.disputeId) === settled) byDispute.delete(current.disputeId);
      }
    }
  };
  const firers = Array.from({ length: Math.max(1, options.firers ?? SWEEP_FIRERS) }, firer);
  // Every firer finishes what it holds before the sweep reports; the first failure is the sweep's.
  const outcomes = await Promise.allSettled(firers);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  return result;
}

async function fireDeadline(
  services: AppServices,
  row: DeadlineRow,
  now: string,
): Promise<'applied' | 'stale' | 'elsewhere'> {
  const { db, store, directory } = services;
  const outcome = await writeAsSystem(services, row.disputeId, {
    now,
    // Directory lookups (Graph, in production): before the transaction, so no lock waits on them.
    async command(loaded) {
      const { roster, notes } = await resolveRoster(loaded.entry.protocol, directory, {
        raiserId: loaded.state.raiserId,
        socialWorkerId: loaded.state.socialWorkerId,
        onDate: loaded.entry.calendar.londonDateOf(now),
      });
      const command = commandForDeadline(row, roster, notes, await councilAdminIds(directory));
      // A row of a kind this code does not know: the sweep fails on it, reported, as for any bug.
      if (!command) throw new Error(`deadline ${row.key} of kind ${row.kind} has no command`);
      return command;
    },
    // Marked before the append: the append replaces the dispute's *unfired* deadlines with the new
    // schedule, which would otherwise delete this very row when the command takes it off the
    // schedule (a missed stage deadline, an escalation, the cap) and lose its record.
    async claim(tx) {
      if (!(await store.claimDeadline(tx, row.disputeId, row.key, now))) return false;
      await store.markDeadlineFired(tx, row.disputeId, row.key, now, 'applied');
      return true;
    },
    async refused(tx, e) {
      await store.markDeadlineFired(tx, row.disputeId, row.key, now, `stale: ${e.message}`);
    },
  });
  switch (outcome.kind) {
    case 'applied':
      return 'applied';
    case 'refused':
      return 'stale';
    case 'not-found': {
      const marked = await db.transaction(async (tx) => {
        if (!(await store.claimDeadline(tx, row.disputeId, row.key, now))) return false;
        await store.markDeadlineFired(tx, row.disputeId, row.key, now, 'stale: dispute not found');
        return true;
      });
      return marked ? 'stale' : 'elsewhere';
    }
    default:
      return 'elsewhere';
  }
}
