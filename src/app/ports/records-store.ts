// Storage for records management: the disputes retention looks at, legal holds, the records audit,
// what a subject access request gathers, and the one call that disposes of a dispute's personal
// data (a database function: docs/records-management.md).
import type { SqlExecutor } from './sql-database.ts';

/** A closed (or open) dispute as retention sees it; the date of birth is read, never shown. */
export interface RetentionCandidate {
  disputeId: string;
  reference: string;
  protocolId: string;
  status: 'open' | 'resolved' | 'withdrawn';
  closedAt: string | null;
  /** From the Raised event; used only to work out an age rule. */
  dateOfBirth: string | null;
  socialWorkerId: string;
  hold: LegalHold | null;
}

export interface LegalHold {
  disputeId: string;
  since: string;
  setBy: string;
  reason: string;
}

export type DisposalOutcome = 'disposed' | 'held' | 'open' | 'already-disposed' | 'not-found';

export type RecordsAction =
  'legal-hold-set' | 'legal-hold-lifted' | 'subject-access-export' | 'disposal' | 'retention-viewed';

export interface RecordsAuditEntry {
  tenantId: string;
  at: string;
  personId: string;
  action: RecordsAction;
  allowed: boolean;
  disputeIds: readonly string[];
  subjectKind: 'child' | 'staff' | null;
  subject: string | null;
  detail: Record<string, unknown>;
}

export interface RecordsAuditRow extends RecordsAuditEntry {
  id: number;
}

export interface RecordsStore {
  /** Closed disputes not yet disposed of, with their holds (oldest closure first). */
  retentionCandidates(tx: SqlExecutor, tenantId: string): Promise<RetentionCandidate[]>;
  holdOf(tx: SqlExecutor, disputeId: string): Promise<LegalHold | null>;
  /** Sets a hold; false when one is already set (nothing changed). */
  setHold(tx: SqlExecutor, tenantId: string, hold: LegalHold): Promise<boolean>;
  /** Lifts a hold; false when there was none. */
  liftHold(tx: SqlExecutor, disputeId: string): Promise<boolean>;
  /** Calls the database's disposal function (in the caller's transaction). */
  dispose(
    tx: SqlExecutor,
    input: { disputeId: string; at: string; rule: string; team: string | null },
  ): Promise<DisposalOutcome>;
  recordAudit(tx: SqlExecutor, entry: RecordsAuditEntry): Promise<void>;
  /** Audit rows naming any of these disputes, or done by / about this person (subject access). */
  auditAbout(
    tx: SqlExecutor,
    tenantId: string,
    query: { disputeIds?: readonly string[]; personId?: string },
  ): Promise<RecordsAuditRow[]>;
  /** Ids of the disputes a member of staff appears in: named on it, acting in it, told or reading. */
  disputesInvolving(tx: SqlExecutor, tenantId: string, personId: string): Promise<string[]>;
  /** Every read of these disputes, or by this person, oldest first. */
  readsFor(
    tx: SqlExecutor,
    tenantId: string,
    query: { disputeIds?: readonly string[]; personId?: string },
  ): Promise<{ disputeId: string; personId: string; at: string; what: string; allowed: boolean }[]>;
  /** The reports a person has run (report_reads). */
  reportReadsBy(
    tx: SqlExecutor,
    tenantId: string,
    personId: string,
  ): Promise<{ at: string; report: string; parameters: Record<string, unknown>; allowed: boolean }[]>;
}
