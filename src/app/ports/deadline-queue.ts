// The deadlines a dispute is waiting on, as the sweeper takes them: each due row is claimed by one
// instance at a time, and marked fired (with what came of it) in the transaction that acts on it.
// Appends replace a dispute's pending rows (DisputeEventStore.append).
import type { DeadlineKind } from '../../core/dispute/deadline-schedule.ts';
import type { SqlExecutor } from './sql-database.ts';

export interface DeadlineRow {
  disputeId: string;
  key: string;
  kind: DeadlineKind;
  stageId: string;
  dueAt: string;
}

export interface DeadlineQueue {
  /**
   * The next unfired due deadline nobody else holds (FOR UPDATE SKIP LOCKED), leaving out the rows
   * this sweep has already tried (another instance has them in hand); null if none.
   */
  claimNextDueDeadline(
    tx: SqlExecutor,
    now: string,
    tried?: readonly { disputeId: string; key: string }[],
  ): Promise<DeadlineRow | null>;
  /** Locks one unfired due deadline with FOR UPDATE SKIP LOCKED; null if gone, fired or taken. */
  claimDeadline(tx: SqlExecutor, disputeId: string, key: string, now: string): Promise<DeadlineRow | null>;
  /** The soonest due instant of any unfired deadline (due already or not); null if none: what the alarm wakes for. */
  nextDeadlineDueAt(tx: SqlExecutor): Promise<string | null>;
  markDeadlineFired(
    tx: SqlExecutor,
    disputeId: string,
    key: string,
    firedAt: string,
    outcome: string,
  ): Promise<void>;
}
