// Records for their whole life (docs/records-management.md): what falls due for disposal and when,
// the disposal job, legal holds, and subject access exports. Admins (oversight posts) and the
// council's information-governance post only; every hold, export and disposal is recorded in
// records_audit, refused attempts included.
import type { z } from 'zod';
import type {
  DisposalRunSchema,
  RetentionViewSchema,
  SubjectAccessExportSchema,
} from '../contract/records.ts';
import { DateTime } from 'luxon';
import { mayManageRecords } from '../core/access/access-policy.ts';
import type { DisputeEvent } from '../core/dispute/dispute-events.ts';
import { describeSchedule, retentionDueOn } from '../core/records/retention.ts';
import { AppError, notAvailable } from './app-error.ts';
import type { ServicesUsing } from './app-services.ts';
import type { Person } from './ports/directory.ts';
import type { DisputeProjection } from './ports/dispute-event-store.ts';
import type { DisputeQueries } from './ports/dispute-queries.ts';
import type { Outbox, OutboxRow } from './ports/outbox.ts';
import type { ReadAudit } from './ports/read-audit.ts';
import type { DisposalOutcome, LegalHold, RecordsStore } from './ports/records-store.ts';
import type { SqlExecutor } from './ports/sql-database.ts';

const LONDON = 'Europe/London';
const londonDate = (instant: string) => DateTime.fromISO(instant, { zone: LONDON }).toISODate()!;

/** RetentionView: declared once, as the API contract's schema (records.ts). */
export type RetentionView = z.infer<typeof RetentionViewSchema>;

/** DisposalRun: declared once, as the API contract's schema (records.ts). */
export type DisposalRun = z.infer<typeof DisposalRunSchema>;

export type SubjectQuery = { kind: 'child'; caseNumber: string } | { kind: 'staff'; personId: string };

/** SubjectAccessExport: declared once, as the API contract's schema (records.ts). */
export type SubjectAccessExport = z.infer<typeof SubjectAccessExportSchema>;

/** Runs the disposal job for the council (the background job, the CLI and the admin's button). */
/** What records management reads and audits through. */
type RecordsServices = ServicesUsing<DisputeQueries & Pick<Outbox, 'outboxFor'> & ReadAudit>;

export async function runDisposal(services: RecordsServices, by: string): Promise<DisposalRun> {
  const { db, clock, tenantId, directory } = services;
  const records = recordsOf(services);
  const at = clock.now();
  const view = await db.transaction((tx) => retentionView(services, tx));
  const run: DisposalRun = { at, disposed: [], held: [] };
  for (const d of view.disputes) {
    if (!d.dueOn || d.dueOn > view.today) continue;
    if (d.hold) {
      run.held.push(d.reference);
      continue;
    }
    const rule = d.rule ?? 'retention schedule';
    // One transaction per dispute: one that fails leaves the others disposed of and itself as it was.
    const outcome: DisposalOutcome = await db.transaction(async (tx) => {
      const projection = await services.store.getProjection(tx, d.disputeId);
      const team = projection ? ((await directory.byId(projection.socialWorkerId))?.team ?? null) : null;
      const result = await records.dispose(tx, { disputeId: d.disputeId, at, rule, team });
      if (result === 'disposed')
        await records.recordAudit(tx, {
          tenantId,
          at,
          personId: by,
          action: 'disposal',
          allowed: true,
          disputeIds: [d.disputeId],
          subjectKind: null,
          subject: null,
          detail: { reference: d.reference, rule, dueOn: d.dueOn },
        });
      return result;
    });
    if (outcome === 'disposed') run.disposed.push({ reference: d.reference, rule });
    else if (outcome === 'held') run.held.push(d.reference);
  }
  return run;
}

/** What falls due for disposal and when (no authorisation: callers check). */
export async function retentionView(services: RecordsServices, tx: SqlExecutor): Promise<RetentionView> {
  const { clock, tenantId } = services;
  const schedule = services.retention ?? null;
  const today = londonDate(clock.now());
  const candidates = await recordsOf(services).retentionCandidates(tx, tenantId);
  const disputes: RetentionView['disputes'] = candidates.map((c) => {
    const closedOn = c.closedAt ? londonDate(c.closedAt) : null;
    const due = retentionDueOn(schedule, { status: c.status, closedOn, dateOfBirth: c.dateOfBirth });
    return {
      disputeId: c.disputeId,
      reference: c.reference,
      protocolId: c.protocolId,
      status: c.status as 'resolved' | 'withdrawn',
      closedOn,
      dueOn: due.dueOn,
      rule: due.due ? due.rule : null,
      keptBecause: due.due ? null : due.why,
      dueNow: due.due && due.dueOn <= today && !c.hold,
      hold: c.hold ? { since: c.hold.since, setBy: c.hold.setBy, reason: c.hold.reason } : null,
    };
  });
  disputes.sort(
    (a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.reference.localeCompare(b.reference),
  );
  return { schedule: describeSchedule(schedule), configured: schedule !== null, today, disputes };
}

function recordsOf(services: RecordsServices): RecordsStore {
  if (!services.records) throw new Error('records management is not wired (services.records)');
  return services.records;
}

/** One person's records-management actions, each checked against the access policy and audited. */
export class RecordsManagement {
  constructor(
    private readonly services: RecordsServices,
    readonly person: Person,
  ) {}

  private get records(): RecordsStore {
    return recordsOf(this.services);
  }

  /** Refuses (and records the refusal) unless the person may manage records. */
  private async authorise(action: Parameters<RecordsStore['recordAudit']>[1]['action'], detail = {}) {
    if (mayManageRecords(this.person)) return;
    const { db, tenantId, clock } = this.services;
    await this.records.recordAudit(db, {
      tenantId,
      at: clock.now(),
      personId: this.person.id,
      action,
      allowed: false,
      disputeIds: [],
      subjectKind: null,
      subject: null,
      detail,
    });
    throw notAvailable();
  }

  async retention(): Promise<RetentionView> {
    await this.authorise('retention-viewed');
    const { db, store, clock } = this.services;
    return db.transaction(async (tx) => {
      const view = await retentionView(this.services, tx);
      const at = clock.now();
      await store.recordReads(
        tx,
        view.disputes.map((d) => ({
          disputeId: d.disputeId,
          personId: this.person.id,
          at,
          what: 'admin:retention',
          allowed: true,
        })),
      );
      return view;
    });
  }

  async dispose(): Promise<DisposalRun> {
    await this.authorise('disposal');
    return runDisposal(this.services, this.person.id);
  }

  /** Sets (hold = true) or lifts a legal hold on the dispute with this reference, with a reason. */
  async legalHold(
    reference: string,
    hold: boolean,
    reason: string,
  ): Promise<{ reference: string; hold: LegalHold | null }> {
    const action = hold ? 'legal-hold-set' : 'legal-hold-lifted';
    await this.authorise(action, { reference });
    const { db, store, tenantId, clock } = this.services;
    return db.transaction(async (tx) => {
      const d = await this.findInCouncil(tx, reference);
      const at = clock.now();
      if (hold) {
        const set = await this.records.setHold(tx, tenantId, {
          disputeId: d.id,
          since: at,
          setBy: this.person.id,
          reason,
        });
        if (!set) throw new AppError('conflict', `${d.reference} is already under legal hold.`);
      } else if (!(await this.records.liftHold(tx, d.id)))
        throw new AppError('conflict', `${d.reference} is not under legal hold.`);
      await this.records.recordAudit(tx, {
        tenantId,
        at,
        personId: this.person.id,
        action,
        allowed: true,
        disputeIds: [d.id],
        subjectKind: null,
        subject: null,
        detail: { reference: d.reference, reason },
      });
      await store.recordRead(tx, {
        disputeId: d.id,
        personId: this.person.id,
        at,
        what: `admin:${action}`,
        allowed: true,
      });
      return { reference: d.reference, hold: await this.records.holdOf(tx, d.id) };
    });
  }

  /** Every record about a child (by case number) or a member of staff (by directory id). */
  async subjectAccess(subject: SubjectQuery, format: 'json' | 'docx'): Promise<SubjectAccessExport> {
    await this.authorise('subject-access-export', { kind: subject.kind, format });
    const { db, store, tenantId, clock, directory } = this.services;
    return db.transaction(async (tx) => {
      const at = clock.now();
      let disputes: DisputeProjection[];
      let person: SubjectAccessExport['person'] = null;
      if (subject.kind === 'child') {
        disputes = await store.listByCaseNumber(tx, tenantId, subject.caseNumber.trim());
      } else {
        const found = await directory.byId(subject.personId);
        person = found
          ? { id: found.id, name: found.name, email: found.email, jobTitle: found.jobTitle, team: found.team }
          : null;
        const ids = await this.records.disputesInvolving(tx, tenantId, subject.personId);
        disputes = (await Promise.all(ids.map((id) => store.getProjection(tx, id)))).filter(
          (d): d is DisputeProjection => d !== null && d.tenantId === tenantId,
        );
      }
      const ids = disputes.map((d) => d.id);
      const events = await store.eventsOf(tx, ids);
      const outbox = (await Promise.all(ids.map((id) => store.outboxFor(tx, id)))).flat();
      const names = new Map<string, string | null>();
      const nameOf = async (id: string) => {
        if (!names.has(id)) names.set(id, (await directory.byId(id))?.name ?? null);
        return names.get(id) ?? null;
      };
      const staffId = subject.kind === 'staff' ? subject.personId : null;
      const exported: SubjectAccessExport['disputes'] = [];
      for (const d of disputes) {
        const hold = await this.records.holdOf(tx, d.id);
        const own = events.filter((e) => e.disputeId === d.id);
        const shown = staffId ? own.filter((e) => mentions(e.event, staffId)) : own;
        exported.push({
          reference: d.reference,
          protocolId: d.protocolId,
          status: d.status,
          raisedAt: d.raisedAt,
          closedAt: d.closedAt,
          roles: staffId ? rolesOf(d, own, outbox, staffId) : [],
          legalHold: hold ? { since: hold.since, setBy: hold.setBy, reason: hold.reason } : null,
          events: await Promise.all(
            shown.map(async (e) => ({
              seq: e.seq,
              type: e.event.type,
              at: e.event.at,
              actor: { id: e.event.actorId, name: await nameOf(e.event.actorId) },
              data: staffId ? withoutChild(e.event) : dataOf(e.event),
            })),
          ),
          notifications: await Promise.all(
            outbox
              .filter((o) => o.disputeId === d.id && (!staffId || o.recipientId === staffId))
              .map(async (o: OutboxRow) => ({
                recipient: { id: o.recipientId, name: await nameOf(o.recipientId) },
                reason: o.reason,
                channel: o.channel,
                status: o.status,
                createdAt: o.createdAt,
                deliveredAt: o.deliveredAt,
              })),
          ),
        });
      }
      const referenceOf = new Map(disputes.map((d) => [d.id, d.reference]));
      const reads = await this.records.readsFor(
        tx,
        tenantId,
        staffId ? { personId: staffId } : { disputeIds: ids },
      );
      const readRefs = new Map(referenceOf);
      for (const r of reads)
        if (!readRefs.has(r.disputeId))
          readRefs.set(r.disputeId, (await store.getProjection(tx, r.disputeId))?.reference ?? '');
      const audit = await this.records.auditAbout(
        tx,
        tenantId,
        staffId ? { personId: staffId } : { disputeIds: ids },
      );
      const result: SubjectAccessExport = {
        subject,
        producedAt: at,
        producedBy: { id: this.person.id, name: this.person.name },
        person,
        withheld: staffId
          ? [
              "The child's details (name, date of birth, case number) in these disputes: a third party's personal data.",
              'Events in these disputes that do not name this person.',
            ]
          : [],
        disputes: exported,
        reads: reads.map((r) => ({
          reference: readRefs.get(r.disputeId) || null,
          personId: r.personId,
          at: r.at,
          what: r.what,
          allowed: r.allowed,
        })),
        reportsRun: staffId ? await this.records.reportReadsBy(tx, tenantId, staffId) : [],
        recordsAudit: audit.map(({ id: _id, tenantId: _t, ...rest }) => rest),
      };
      // The export itself is audited: who produced what about whom, in which form.
      await this.records.recordAudit(tx, {
        tenantId,
        at,
        personId: this.person.id,
        action: 'subject-access-export',
        allowed: true,
        disputeIds: ids,
        subjectKind: subject.kind,
        subject: subject.kind === 'child' ? subject.caseNumber.trim() : subject.personId,
        detail: { format, disputes: ids.length },
      });
      await store.recordReads(
        tx,
        ids.map((disputeId) => ({
          disputeId,
          personId: this.person.id,
          at,
          what: `subject-access:${format}`,
          allowed: true,
        })),
      );
      return result;
    });
  }

  private async findInCouncil(tx: SqlExecutor, reference: string): Promise<DisputeProjection> {
    const d = await this.services.store.findByReference(tx, reference.trim().toUpperCase());
    if (!d || d.tenantId !== this.services.tenantId)
      throw new AppError('not-found', `There is no dispute ${reference}.`, 'reference');
    return d;
  }
}

const dataOf = (event: DisputeEvent): Record<string, unknown> => {
  const { type: _type, at: _at, actorId: _actor, ...rest } = event as unknown as Record<string, unknown>;
  return rest;
};

/** A staff export leaves the child out: a third party's data, for the IG team to disclose or not. */
const withoutChild = (event: DisputeEvent): Record<string, unknown> => {
  const { child: _child, ...rest } = dataOf(event);
  return rest;
};

/** Whether an event names the person: as its actor, or anywhere in its fields. */
function mentions(event: DisputeEvent, personId: string): boolean {
  if (event.actorId === personId) return true;
  const walk = (v: unknown): boolean =>
    v === personId ||
    (Array.isArray(v) ? v.some(walk) : v !== null && typeof v === 'object' && Object.values(v).some(walk));
  return walk(dataOf(event));
}

function rolesOf(
  d: DisputeProjection,
  events: readonly { event: DisputeEvent }[],
  outbox: readonly OutboxRow[],
  personId: string,
): string[] {
  const roles: string[] = [];
  if (d.raiserId === personId) roles.push('raised it');
  if (d.socialWorkerId === personId) roles.push('social worker');
  if (events.some((e) => e.event.type === 'StageOpened' && e.event.respondentIds.includes(personId)))
    roles.push('asked to respond');
  if (events.some((e) => e.event.type === 'StageOpened' && e.event.copiedIds.includes(personId)))
    roles.push('copied');
  if (events.some((e) => e.event.actorId === personId)) roles.push('acted in it');
  if (outbox.some((o) => o.disputeId === d.id && o.recipientId === personId)) roles.push('notified');
  return roles;
}
