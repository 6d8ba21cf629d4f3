// Records management in plain SQL, identical on PGlite and PostgreSQL. Disposal is one call of the
// database function cpd_dispose_dispute (records-migration.ts): the application never updates an
// event itself.
import type {
  DisposalOutcome,
  LegalHold,
  RecordsAuditRow,
  RecordsStore,
  RetentionCandidate,
} from '../../app/ports/records-store.ts';

interface CandidateRecord {
  id: string;
  reference: string;
  protocol_id: string;
  status: RetentionCandidate['status'];
  closed_at: string | null;
  social_worker_id: string;
  date_of_birth: string | null;
  since: string | null;
  set_by: string | null;
  reason: string | null;
}

interface AuditRecord {
  id: string | number;
  tenant_id: string;
  at: string;
  person_id: string;
  action: RecordsAuditRow['action'];
  allowed: boolean;
  dispute_ids: string[];
  subject_kind: 'child' | 'staff' | null;
  subject: string | null;
  detail: Record<string, unknown>;
}

const outcomes: readonly DisposalOutcome[] = ['disposed', 'held', 'open', 'already-disposed', 'not-found'];

export function createSqlRecordsStore(): RecordsStore {
  return {
    async retentionCandidates(tx, tenantId) {
      const { rows } = await tx.query<CandidateRecord>(
        `select d.id, d.reference, d.protocol_id, d.status, d.closed_at, d.social_worker_id,
                e.data->'child'->>'dateOfBirth' as date_of_birth, h.since, h.set_by, h.reason
           from disputes d
           join dispute_events e on e.dispute_id = d.id and e.seq = 1
           left join legal_holds h on h.dispute_id = d.id
          where d.tenant_id = $1 and d.status <> 'open'
            and not exists (select 1 from dispute_events r where r.dispute_id = d.id and r.type = 'Redacted')
          order by d.closed_at, d.id`,
        [tenantId],
      );
      return rows.map((r) => ({
        disputeId: r.id,
        reference: r.reference,
        protocolId: r.protocol_id,
        status: r.status,
        closedAt: r.closed_at,
        dateOfBirth: r.date_of_birth,
        socialWorkerId: r.social_worker_id,
        hold:
          r.since !== null
            ? { disputeId: r.id, since: r.since, setBy: r.set_by ?? '', reason: r.reason ?? '' }
            : null,
      }));
    },

    async holdOf(tx, disputeId) {
      const { rows } = await tx.query<{ since: string; set_by: string; reason: string }>(
        'select since, set_by, reason from legal_holds where dispute_id = $1',
        [disputeId],
      );
      const r = rows[0];
      return r ? { disputeId, since: r.since, setBy: r.set_by, reason: r.reason } : null;
    },

    async setHold(tx, tenantId, hold: LegalHold) {
      const { rowCount } = await tx.query(
        `insert into legal_holds (dispute_id, tenant_id, since, set_by, reason) values ($1, $2, $3, $4, $5)
         on conflict (dispute_id) do nothing`,
        [hold.disputeId, tenantId, hold.since, hold.setBy, hold.reason],
      );
      return rowCount === 1;
    },

    async liftHold(tx, disputeId) {
      const { rowCount } = await tx.query('delete from legal_holds where dispute_id = $1', [disputeId]);
      return rowCount === 1;
    },

    async dispose(tx, { disputeId, at, rule, team }) {
      const { rows } = await tx.query<{ outcome: string }>(
        'select cpd_dispose_dispute($1, $2, $3, $4) as outcome',
        [disputeId, at, rule, team],
      );
      const outcome = rows[0]?.outcome as DisposalOutcome | undefined;
      if (!outcome || !outcomes.includes(outcome))
        throw new Error(`cpd_dispose_dispute answered ${String(outcome)}`);
      return outcome;
    },

    async recordAudit(tx, e) {
      await tx.query(
        `insert into records_audit (tenant_id, at, person_id, action, allowed, dispute_ids, subject_kind, subject, detail)
         values ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9::text::jsonb)`,
        [
          e.tenantId,
          e.at,
          e.personId,
          e.action,
          e.allowed,
          [...e.disputeIds],
          e.subjectKind,
          e.subject,
          JSON.stringify(e.detail),
        ],
      );
    },

    async auditAbout(tx, tenantId, { disputeIds, personId }) {
      const { rows } = await tx.query<AuditRecord>(
        `select id, tenant_id, at, person_id, action, allowed, dispute_ids, subject_kind, subject, detail
           from records_audit
          where tenant_id = $1
            and (dispute_ids && $2::text[] or person_id = $3
                 or (subject_kind = 'staff' and subject = $3))
          order by at, id`,
        [tenantId, [...(disputeIds ?? [])], personId ?? null],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        tenantId: r.tenant_id,
        at: r.at,
        personId: r.person_id,
        action: r.action,
        allowed: r.allowed,
        disputeIds: r.dispute_ids,
        subjectKind: r.subject_kind,
        subject: r.subject,
        detail: r.detail,
      }));
    },

    async disputesInvolving(tx, tenantId, personId) {
      const { rows } = await tx.query<{ id: string }>(
        `select id from (
           select d.id from disputes d
            where d.tenant_id = $1
              and (d.raiser_id = $2 or d.social_worker_id = $2 or d.participant_ids @> array[$2::text])
           union select e.dispute_id from dispute_events e where e.tenant_id = $1 and e.actor_id = $2
           union select o.dispute_id from outbox o where o.tenant_id = $1 and o.recipient_id = $2
         ) x order by id`,
        [tenantId, personId],
      );
      return rows.map((r) => r.id);
    },

    async readsFor(tx, tenantId, { disputeIds, personId }) {
      const { rows } = await tx.query<{
        dispute_id: string;
        person_id: string;
        at: string;
        what: string;
        allowed: boolean;
      }>(
        `select dispute_id, person_id, at, what, allowed from dispute_reads
          where tenant_id = $1 and (dispute_id = any($2::text[]) or person_id = $3)
          order by at, id`,
        [tenantId, [...(disputeIds ?? [])], personId ?? null],
      );
      return rows.map((r) => ({
        disputeId: r.dispute_id,
        personId: r.person_id,
        at: r.at,
        what: r.what,
        allowed: r.allowed,
      }));
    },

    async reportReadsBy(tx, tenantId, personId) {
      const { rows } = await tx.query<{
        at: string;
        report: string;
        parameters: Record<string, unknown>;
        allowed: boolean;
      }>(
        'select at, report, parameters, allowed from report_reads where tenant_id = $1 and person_id = $2 order by at, id',
        [tenantId, personId],
      );
      return rows;
    },
  };
}
