// Who looked at what: every read of a dispute (allowed or refused) and every report run is recorded,
// as the council must be able to say who has seen a child's records.
import type { SqlExecutor } from './sql-database.ts';

/** One person's look at (or attempt to look at) a dispute: the read audit. */
export interface ReadEntry {
  disputeId: string;
  personId: string;
  at: string;
  /** How it was seen: `view`, `api:respond`, `card:refresh`, `list:awaiting-me` … */
  what: string;
  allowed: boolean;
}

/** The first allowed read by each person, oldest first: who has seen the dispute. */
export type FirstRead = Omit<ReadEntry, 'disputeId'>;

export interface ReportRead {
  tenantId: string;
  personId: string;
  at: string;
  /** Which report, e.g. `board-report` or `board-report.csv`. */
  report: string;
  parameters: Record<string, unknown>;
  allowed: boolean;
}

export interface ReadAudit {
  recordRead(tx: SqlExecutor, entry: ReadEntry): Promise<void>;
  /** Several reads in one statement (a list of disputes). */
  recordReads(tx: SqlExecutor, entries: readonly ReadEntry[]): Promise<void>;
  /** The audit of an aggregate read (a report): who ran which report with which parameters. */
  recordReportRead(tx: SqlExecutor, entry: ReportRead): Promise<void>;
}
