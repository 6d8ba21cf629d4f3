// The read audit in SQL: tables dispute_reads and report_reads.
import type { ReadAudit, ReadEntry } from '../../app/ports/read-audit.ts';
import type { SqlExecutor } from '../../app/ports/sql-database.ts';

export const sqlReadAudit: ReadAudit = {
  async recordRead(tx, entry) {
    await recordReads(tx, [entry]);
  },

  async recordReads(tx, entries) {
    await recordReads(tx, entries);
  },

  async recordReportRead(tx, entry) {
    await tx.query(
      `insert into report_reads (tenant_id, person_id, at, report, parameters, allowed)
       values ($1, $2, $3, $4, $5::text::jsonb, $6)`,
      [
        entry.tenantId,
        entry.personId,
        entry.at,
        entry.report,
        JSON.stringify(entry.parameters),
        entry.allowed,
      ],
    );
  },
};

/**
 * One statement for any number of reads. A look at an id the council has no dispute by (none, or
 * another council's, which row-level security hides) is recorded in the reader's council; '' where
 * no council is set (a database used without one, as some storage tests do).
 */
async function recordReads(tx: SqlExecutor, entries: readonly ReadEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `insert into dispute_reads (dispute_id, person_id, at, what, allowed, tenant_id)
     select r.dispute_id, r.person_id, r.at, r.what, r.allowed,
       coalesce(d.tenant_id, current_setting('app.tenant_id', true), '')
     from jsonb_to_recordset($1::text::jsonb)
       as r(dispute_id text, person_id text, at timestamptz, what text, allowed boolean, ord int)
     left join disputes d on d.id = r.dispute_id
     order by r.ord`,
    [
      JSON.stringify(
        entries.map((e, ord) => ({
          dispute_id: e.disputeId,
          person_id: e.personId,
          at: e.at,
          what: e.what,
          allowed: e.allowed,
          ord,
        })),
      ),
    ],
    { name: 'cpd_record_reads' },
  );
}
