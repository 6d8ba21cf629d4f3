// One repository per signed-in person: the single place that checks what they may see and do and
// writes the audit record of every read. The REST API and the bot both act through it.
import { randomInt, randomUUID } from 'node:crypto';
import { hasOversight, mayReadDispute, maySeeChildDetails } from '../core/access/access-policy.ts';
import type {
  Actor,
  DisputeCommand,
  EarlierDispute,
  RaiseCommand,
} from '../core/dispute/dispute-commands.ts';
import { initialState } from '../core/dispute/dispute-state.ts';
import { caseNote, type CaseNote } from '../core/records/case-note.ts';
import { AppError, notAvailable } from './app-error.ts';
import { decideAndAppend, loadDispute, type LoadedDispute } from './dispute-writer.ts';
import { disputeView, type DisputeView } from './dispute-view.ts';
import type { AppServices } from './app-services.ts';
import type { Person } from './ports/directory.ts';
import type { DisputeView as ListView, DisputeProjection } from './ports/dispute-store.ts';
import type { SqlExecutor } from './ports/sql-database.ts';
import { resolveRoster } from './resolve-roster.ts';
import { loadBoardReport, type BoardReport, type BoardReportQuery } from './board-report.ts';
import { buildDisputeForm, type DisputeForm } from './dispute-form.ts';
import { disputesIn, loadAdminOverview, type AdminOverview } from './admin-overview.ts';

/** What a person gives to raise a dispute: the core's raise command, less what the server adds. */
export type RaiseInput = Omit<RaiseCommand, 'type' | 'disputeId' | 'earlierDisputes' | 'roster'> & {
  protocolId: string;
};

/** Commands a person sends about an existing dispute (raise and the system's own are separate). */
export type PersonCommand = Exclude<
  DisputeCommand,
  { type: 'raise' | 'deadline-missed' | 'chair-decision-overdue' | 'remind' | 'cap-reached' }
>;
type WithoutRoster<C> = C extends { roster: unknown } ? Omit<C, 'roster'> : C;
export type PersonCommandInput = WithoutRoster<PersonCommand>;

// Unambiguous characters only: references are read out on the phone.
const referenceAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function newReference(): string {
  let s = 'CPD-';
  for (let i = 0; i < 6; i++) s += referenceAlphabet[randomInt(referenceAlphabet.length)];
  return s;
}

export class PersonDisputes {
  constructor(
    private readonly services: AppServices,
    readonly person: Person,
  ) {}

  private get actor(): Actor {
    return { kind: 'person', id: this.person.id, posts: this.person.posts };
  }

  async raise(input: RaiseInput): Promise<DisputeView> {
    const { db, store, protocols, directory, clock, tenantId } = this.services;
    const entry = protocols.get(input.protocolId);
    if (!entry)
      throw new AppError('bad-request', `There is no protocol "${input.protocolId}".`, 'protocolId');
    const socialWorker = await directory.byId(input.socialWorkerId);
    if (!socialWorker || socialWorker.mailbox)
      throw new AppError('bad-request', 'That social worker is not in the directory.', 'socialWorkerId');
    const { roster, notes: rosterNotes } = await resolveRoster(entry.protocol, directory, {
      raiserId: this.person.id,
      socialWorkerId: input.socialWorkerId,
      onDate: entry.calendar.londonDateOf(clock.now()),
    });
    const disputeId = randomUUID();
    const reference = newReference();
    await db.transaction(async (tx) => {
      const earlier: EarlierDispute[] = (
        await store.listByCaseNumber(tx, tenantId, input.child.caseNumber.trim())
      ).map((d) => ({ disputeId: d.id, theme: d.theme, status: d.status }));
      await decideAndAppend({
        store,
        tx,
        tenantId,
        reference,
        before: initialState(),
        command: { type: 'raise', disputeId, ...input, earlierDisputes: earlier, roster, rosterNotes },
        actor: this.actor,
        now: clock.now(),
        entry,
        channelFor: this.services.channelFor,
      });
    });
    this.services.onDisputeChanged?.(disputeId);
    return this.get(disputeId);
  }

  /** A person's action on a dispute, refused with 409 when they acted on an out-of-date version. */
  async act(
    disputeId: string,
    expectedVersion: number,
    input: PersonCommandInput,
    via: 'api' | 'card' = 'api',
  ): Promise<DisputeView> {
    const { db, store, directory, clock, tenantId } = this.services;
    await this.authorise(disputeId, `${via}:${input.type}`);
    await db.transaction(async (tx) => {
      await store.lockDispute(tx, disputeId);
      const loaded = await this.load(tx, disputeId);
      if (loaded.state.version !== expectedVersion)
        throw new AppError(
          'conflict',
          `This dispute has changed since you opened it (it is now at version ${loaded.state.version}). Please look again before acting.`,
          'version',
          { currentVersion: loaded.state.version },
        );
      let command: DisputeCommand;
      if (input.type === 'escalate') {
        const { roster, notes: rosterNotes } = await resolveRoster(loaded.entry.protocol, directory, {
          raiserId: loaded.state.raiserId,
          socialWorkerId: loaded.state.socialWorkerId,
          onDate: loaded.entry.calendar.londonDateOf(clock.now()),
        });
        command = { ...input, roster, rosterNotes };
      } else command = input;
      await decideAndAppend({
        store,
        tx,
        tenantId,
        reference: loaded.projection.reference,
        before: loaded.state,
        command,
        actor: this.actor,
        now: clock.now(),
        entry: loaded.entry,
        channelFor: this.services.channelFor,
      });
    });
    this.services.onDisputeChanged?.(disputeId);
    return this.get(disputeId, `${via}:result`);
  }

  /** `what` says how it was seen, for the read audit: the API's view, a card sent or refreshed. */
  async get(disputeId: string, what = 'view'): Promise<DisputeView> {
    const { db, store } = this.services;
    await this.authorise(disputeId, what);
    return db.transaction(async (tx) => {
      const loaded = await this.load(tx, disputeId);
      const [outbox, reads] = await Promise.all([
        store.outboxFor(tx, disputeId),
        store.readsOf(tx, disputeId),
      ]);
      return disputeView(loaded, this.person, outbox, reads, this.services.clock.now());
    });
  }

  async caseNote(disputeId: string): Promise<CaseNote & { reference: string }> {
    const { db } = this.services;
    await this.authorise(disputeId, 'case-note');
    return db.transaction(async (tx) => {
      const loaded = await this.load(tx, disputeId);
      const names = await this.names(loaded.state.participantIds);
      return {
        reference: loaded.projection.reference,
        ...caseNote(
          loaded.entry.protocol,
          loaded.events.map((e) => e.event),
          (id) => names.get(id) ?? (id === 'system' ? 'the system' : id),
        ),
      };
    });
  }

  /** `team` names the team for the team view: its members and oversight may see it. */
  async list(view: ListView, options: { team?: string | null } = {}): Promise<DisputeProjection[]> {
    const { db, store, tenantId, clock, directory } = this.services;
    if (view === 'all-open' && !hasOversight(this.person)) throw notAvailable();
    let socialWorkerIds: string[] | undefined;
    if (view === 'team') {
      const team = options.team?.trim();
      if (!team)
        throw new AppError('bad-request', 'Say which team: team=<the team name in the directory>.', 'team');
      if (this.person.team !== team && !hasOversight(this.person)) throw notAvailable();
      socialWorkerIds = (await directory.all()).filter((p) => p.team === team && !p.mailbox).map((p) => p.id);
    }
    return db.transaction(async (tx) => {
      const rows = await store.list(tx, {
        view,
        personId: this.person.id,
        tenantId,
        ...(socialWorkerIds ? { socialWorkerIds } : {}),
      });
      const at = clock.now();
      for (const row of rows)
        await store.recordRead(tx, {
          disputeId: row.id,
          personId: this.person.id,
          at,
          what: `list:${view}`,
          allowed: true,
        });
      return rows;
    });
  }

  /**
   * The Dispute Resolution Form. It carries the child's full details, so only the people the
   * protocol names on the dispute may have it: oversight alone is not enough.
   */
  async form(disputeId: string): Promise<DisputeForm> {
    const { db, clock } = this.services;
    await this.authorise(disputeId, 'form.docx', maySeeChildDetails);
    return db.transaction(async (tx) => {
      const loaded = await this.load(tx, disputeId);
      const people = await Promise.all(
        loaded.state.participantIds.map((id) => this.services.directory.byId(id)),
      );
      const known = new Map(people.filter((p): p is Person => p !== null).map((p) => [p.id, p]));
      return buildDisputeForm({
        reference: loaded.projection.reference,
        protocol: loaded.entry.protocol,
        events: loaded.events.map((e) => e.event),
        partyOf: (id) => {
          const p = known.get(id);
          return p
            ? { name: p.name, status: p.jobTitle }
            : { name: id === 'system' ? 'The system' : id, status: '' };
        },
        londonDateOf: (instant) => loaded.entry.calendar.londonDateOf(instant),
        now: clock.now(),
      });
    });
  }

  /**
   * The safeguarding board's report: aggregates only, for oversight posts. Every run (and every
   * refused attempt) is recorded in report_reads with its parameters.
   */
  async boardReport(query: BoardReportQuery, report = 'board-report'): Promise<BoardReport> {
    const { db, store, clock, tenantId, protocols } = this.services;
    if (query.protocolId && !protocols.get(query.protocolId))
      throw new AppError('bad-request', `There is no protocol "${query.protocolId}".`, 'protocolId');
    const allowed = hasOversight(this.person);
    const parameters = {
      from: query.from,
      to: query.to,
      protocolId: query.protocolId ?? null,
      team: query.team ?? null,
    };
    const audit = (tx: SqlExecutor) =>
      store.recordReportRead(tx, {
        tenantId,
        personId: this.person.id,
        at: clock.now(),
        report,
        parameters,
        allowed,
      });
    if (!allowed) {
      await db.transaction(audit);
      throw notAvailable();
    }
    return db.transaction(async (tx) => {
      await audit(tx);
      return loadBoardReport(this.services, tx, query);
    });
  }

  /** Protocols, unfillable roles and failed deliveries, for oversight posts; each dispute named is audited. */
  async adminOverview(): Promise<AdminOverview> {
    const { db, store, clock } = this.services;
    if (!hasOversight(this.person)) throw notAvailable();
    return db.transaction(async (tx) => {
      const overview = await loadAdminOverview(this.services, tx);
      const at = clock.now();
      for (const disputeId of disputesIn(overview))
        await store.recordRead(tx, {
          disputeId,
          personId: this.person.id,
          at,
          what: 'admin:overview',
          allowed: true,
        });
      return overview;
    });
  }

  async findByReference(reference: string): Promise<string> {
    const { db, store } = this.services;
    const found = await db.transaction((tx) => store.findByReference(tx, reference.trim().toUpperCase()));
    if (!found) throw new AppError('not-found', `There is no dispute ${reference}.`);
    return found.id;
  }

  /**
   * Checks that this person may see the dispute and records the attempt either way, in its own
   * transaction so that a refused attempt stays on the record.
   */
  private async authorise(
    disputeId: string,
    what: string,
    rule: (projection: DisputeProjection, person: Person) => boolean = mayReadDispute,
  ): Promise<void> {
    const { db, store, clock } = this.services;
    const allowed = await db.transaction(async (tx) => {
      const projection = await store.getProjection(tx, disputeId);
      if (!projection) return false;
      const ok = rule(projection, this.person);
      await store.recordRead(tx, { disputeId, personId: this.person.id, at: clock.now(), what, allowed: ok });
      return ok;
    });
    if (!allowed) throw notAvailable();
  }

  private async load(tx: SqlExecutor, disputeId: string): Promise<LoadedDispute> {
    const loaded = await loadDispute(this.services.store, this.services.protocols, tx, disputeId);
    if (!loaded) throw notAvailable();
    return loaded;
  }

  private async names(ids: readonly string[]): Promise<Map<string, string>> {
    const people = await Promise.all(ids.map((id) => this.services.directory.byId(id)));
    return new Map(
      people.filter((p): p is Person => p !== null).map((p) => [p.id, `${p.name} (${p.jobTitle})`]),
    );
  }
}
