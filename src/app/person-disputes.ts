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
import { decodeCursor, LIST_PAGE_DEFAULT, LIST_PAGE_MAX, pageOf, type ListPage } from './list-page.ts';
import { AppError, disputeNotAvailable, notAvailable } from './app-error.ts';
import {
  announceCommitted,
  decideAndAppend,
  loadedFrom,
  retryOnConflict,
  type Appended,
  type LoadedDispute,
} from './dispute-writer.ts';
import { namesSocialWorker } from '../core/dispute/decide.ts';
import { disputeView, type DisputeView } from './dispute-view.ts';
import type { AppServices } from './app-services.ts';
import type { Person } from './ports/directory.ts';
import {
  ReferenceTakenError,
  StaleVersionError,
  type DisputeProjection,
  type DisputeSnapshot,
} from './ports/dispute-event-store.ts';
import type { DisputeListName } from './ports/dispute-queries.ts';
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
  {
    type:
      | 'raise'
      | 'deadline-missed'
      | 'chair-decision-overdue'
      | 'retry-refused-step'
      | 'remind'
      | 'cap-reached';
  }
>;
type WithoutRoster<C> = C extends { roster: unknown } ? Omit<C, 'roster'> : C;
export type PersonCommandInput = WithoutRoster<PersonCommand>;

// Unambiguous characters only: references are read out on the phone.
const referenceAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Draws of a new reference before a raise gives up (each draw collides with odds of n in 32^6). */
const REFERENCE_ATTEMPTS = 5;

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
    // Those raising a concern about a chair do not name a colleague as "the social worker" (issue 12).
    const socialWorker = input.socialWorkerId ? await directory.byId(input.socialWorkerId) : null;
    if (namesSocialWorker(entry.protocol) || input.socialWorkerId)
      if (!socialWorker || socialWorker.mailbox)
        throw new AppError(
          'bad-request',
          input.socialWorkerId
            ? 'That social worker is not in the directory.'
            : 'Please choose the social worker.',
          'socialWorkerId',
        );
    if (input.challengedChairId) {
      // The challenged chair is named and told (Calderdale 6.6): a conference chair in the directory.
      const challenged = await directory.byId(input.challengedChairId);
      const chairPosts = ['cp-chair'];
      if (!challenged || challenged.mailbox || !chairPosts.some((p) => challenged.posts.includes(p)))
        throw new AppError(
          'bad-request',
          'That person is not a Child Protection Conference Chair in the directory.',
          'challengedChairId',
        );
    }
    const { roster, notes: rosterNotes } = await resolveRoster(entry.protocol, directory, {
      raiserId: this.person.id,
      socialWorkerId: input.socialWorkerId,
      onDate: entry.calendar.londonDateOf(clock.now()),
    });
    const disputeId = randomUUID();
    const now = clock.now();
    const earlier: EarlierDispute[] = (
      await store.listByCaseNumber(db, tenantId, input.child.caseNumber.trim())
    ).map((d) => ({ disputeId: d.id, theme: d.theme, status: d.status }));
    // One statement writes the dispute and the raiser's first view of it (the response). A
    // reference drawn twice (about one raise in 30,000 once a council holds 30,000 disputes) is
    // refused by the database with nothing written, and drawn again.
    const appendWith = (reference: string) =>
      decideAndAppend({
        store,
        tx: db,
        tenantId,
        reference,
        before: initialState(),
        command: { type: 'raise', disputeId, ...input, earlierDisputes: earlier, roster, rosterNotes },
        actor: this.actor,
        now,
        entry,
        channelFor: this.services.channelFor,
        activityFeed: Boolean(this.services.activityFeed),
        reads: [{ personId: this.person.id, at: now, what: 'view' }],
      });
    const draw = this.services.newReference ?? newReference;
    let appended: Appended | undefined;
    for (let attempt = 1; !appended; attempt++) {
      try {
        appended = await appendWith(draw());
      } catch (e) {
        if (!(e instanceof ReferenceTakenError) || attempt === REFERENCE_ATTEMPTS) throw e;
      }
    }
    announceCommitted(this.services, disputeId, appended);
    return this.hidingEarlierDisputes(
      disputeView(
        { state: appended.state, events: appended.events, entry, projection: appended.projection },
        this.person,
        appended.outbox,
        [{ personId: this.person.id, at: now, what: 'view', allowed: true }],
        now,
      ),
    );
  }

  /** A person's action on a dispute, refused with 409 when they acted on an out-of-date version. */
  async act(
    disputeId: string,
    expectedVersion: number,
    input: PersonCommandInput,
    via: 'api' | 'card' = 'api',
  ): Promise<DisputeView> {
    const { db, store, directory, clock, tenantId } = this.services;
    const action = { personId: this.person.id, at: clock.now(), what: `${via}:${input.type}` };
    const stale = (version: number) =>
      new AppError(
        'conflict',
        `This dispute has changed since you opened it (it is now at version ${version}). Please look again before acting.`,
        'version',
        { currentVersion: version },
      );
    let auditedByAppend = false;
    // Whether the person was allowed to read it: a refused read is audited by readAuthorised itself.
    let seen = false;
    try {
      // The write path everyone shares (dispute-writer.ts): two round trips, the snapshot, then one
      // statement that appends and audits against the version loaded. No lock is held across them.
      // A write that raced this one makes the append stale; it is tried again from the load, which
      // then finds the dispute past the version the person acted on: 409, exactly as if they had
      // acted on an old card.
      const written = await retryOnConflict(async () => {
        const { snapshot, loaded } = await this.readAuthorised(disputeId, `${via}:${input.type}`);
        seen = true;
        if (loaded.state.version !== expectedVersion) throw stale(loaded.state.version);
        let command: DisputeCommand;
        if (input.type === 'escalate') {
          const { roster, notes: rosterNotes } = await resolveRoster(loaded.entry.protocol, directory, {
            raiserId: loaded.state.raiserId,
            socialWorkerId: loaded.state.socialWorkerId,
            onDate: loaded.entry.calendar.londonDateOf(clock.now()),
          });
          command = { ...input, roster, rosterNotes };
        } else command = input;
        const now = clock.now();
        const result = { personId: this.person.id, at: now, what: `${via}:result` };
        const appended = await decideAndAppend({
          store,
          tx: db,
          tenantId,
          reference: loaded.projection.reference,
          before: loaded.state,
          command,
          actor: this.actor,
          now,
          entry: loaded.entry,
          channelFor: this.services.channelFor,
          activityFeed: Boolean(this.services.activityFeed),
          reads: [action, result],
        }).catch((e: unknown) => {
          if (e instanceof StaleVersionError) auditedByAppend = true; // a stale append still records its reads
          throw e;
        });
        return { snapshot, loaded, appended, now, result };
      });
      const { snapshot, loaded, appended, now, result } = written;
      announceCommitted(this.services, disputeId, appended);
      return await this.hidingEarlierDisputes(
        disputeView(
          {
            state: appended.state,
            events: [...loaded.events, ...appended.events],
            entry: loaded.entry,
            projection: appended.projection,
          },
          this.person,
          [...snapshot.outbox, ...appended.outbox],
          [...snapshot.firstReads, { ...action, allowed: true }, { ...result, allowed: true }],
          now,
        ),
      );
    } catch (e) {
      // Refused (a rule of the protocol, a stale version): the person still saw the dispute.
      if (e instanceof AppError && seen && !auditedByAppend)
        await store.recordRead(db, { disputeId, ...action, allowed: true });
      if (e instanceof StaleVersionError) {
        // Still moving after every try: tell the person as for an old card.
        const current = await store.getProjection(db, disputeId);
        throw stale(current?.version ?? expectedVersion);
      }
      throw e;
    }
  }

  /** `what` says how it was seen, for the read audit: the API's view, a card sent or refreshed. */
  async get(disputeId: string, what = 'view'): Promise<DisputeView> {
    const { snapshot, loaded } = await this.readAuthorised(disputeId, what, mayReadDispute, true);
    return this.hidingEarlierDisputes(
      disputeView(loaded, this.person, snapshot.outbox, snapshot.firstReads, this.services.clock.now()),
    );
  }

  /**
   * The Raised event names the earlier disputes about the same child that moved this one past the
   * informal stage (the recurrence rule). Another chair's dispute is not this person's to know of:
   * each one they may not read is shown as "not-available-N", so they learn how many there were
   * (the reason for the starting stage) but not which.
   */
  private async hidingEarlierDisputes(view: DisputeView): Promise<DisputeView> {
    const raised = view.events.find((e) => e.type === 'Raised');
    if (!raised || raised.type !== 'Raised' || raised.recurrenceOf.length === 0) return view;
    const { db, store } = this.services;
    const readable = await Promise.all(
      raised.recurrenceOf.map(async (id) => {
        const projection = await store.getProjection(db, id);
        return projection !== null && mayReadDispute(projection, this.person);
      }),
    );
    let hidden = 0;
    const recurrenceOf = raised.recurrenceOf.map((id, i) => (readable[i] ? id : `not-available-${++hidden}`));
    return { ...view, events: view.events.map((e) => (e === raised ? { ...raised, recurrenceOf } : e)) };
  }

  async caseNote(disputeId: string): Promise<CaseNote & { reference: string }> {
    const { loaded } = await this.readAuthorised(disputeId, 'case-note', mayReadDispute, true);
    const names = await this.names(loaded.state.participantIds);
    return {
      reference: loaded.projection.reference,
      ...caseNote(
        loaded.entry.protocol,
        loaded.events.map((e) => e.event),
        (id) => names.get(id) ?? (id === 'system' ? 'the system' : id),
      ),
    };
  }

  /**
   * A page of one of the person's lists. `team` names the team for the team view: its members and
   * oversight may see it. `after` is the cursor the previous page gave (see list-page.ts).
   */
  async list(
    view: DisputeListName,
    options: { team?: string | null; limit?: number; after?: string | null } = {},
  ): Promise<ListPage> {
    const { db, store, tenantId, clock, directory } = this.services;
    if (view === 'all-open' && !hasOversight(this.person)) throw notAvailable();
    const limit = Math.min(Math.max(options.limit ?? LIST_PAGE_DEFAULT, 1), LIST_PAGE_MAX);
    const after = options.after ? decodeCursor(options.after) : null;
    let socialWorkerIds: string[] | undefined;
    if (view === 'team') {
      const team = options.team?.trim();
      if (!team)
        throw new AppError('bad-request', 'Say which team: team=<the team name in the directory>.', 'team');
      if (this.person.team !== team && !hasOversight(this.person)) throw notAvailable();
      socialWorkerIds = (await directory.all()).filter((p) => p.team === team && !p.mailbox).map((p) => p.id);
    }
    return db.transaction(async (tx) => {
      const page = pageOf(
        await store.list(tx, {
          view,
          personId: this.person.id,
          tenantId,
          limit: limit + 1,
          after,
          ...(socialWorkerIds ? { socialWorkerIds } : {}),
        }),
        limit,
      );
      const at = clock.now();
      // Only the rows the person is shown are read, and only those are audited as read.
      await store.recordReads(
        tx,
        page.disputes.map((row) => ({
          disputeId: row.id,
          personId: this.person.id,
          at,
          what: `list:${view}`,
          allowed: true,
        })),
      );
      return page;
    });
  }

  /**
   * The Dispute Resolution Form. It carries the child's full details, so only the people the
   * protocol names on the dispute may have it: oversight alone is not enough.
   */
  async form(disputeId: string): Promise<DisputeForm> {
    const { clock } = this.services;
    const { loaded } = await this.readAuthorised(disputeId, 'form.docx', maySeeChildDetails, true);
    {
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
    }
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
      await store.recordReads(
        tx,
        disputesIn(overview).map((disputeId) => ({
          disputeId,
          personId: this.person.id,
          at,
          what: 'admin:overview',
          allowed: true,
        })),
      );
      return overview;
    });
  }

  async findByReference(reference: string): Promise<string> {
    const { db, store } = this.services;
    const found = await db.transaction((tx) => store.findByReference(tx, reference.trim().toUpperCase()));
    // The same answer as a dispute this person may not read (get() gives it for those).
    if (!found) throw disputeNotAvailable();
    return found.id;
  }

  /**
   * Reads the dispute in one statement and checks that this person may see it. A refused attempt
   * is recorded at once; an allowed one too when `auditNow`, or else by the caller's append, in the
   * same statement as the write.
   */
  private async readAuthorised(
    disputeId: string,
    what: string,
    rule: (projection: DisputeProjection, person: Person) => boolean = mayReadDispute,
    auditNow = false,
  ): Promise<{ snapshot: DisputeSnapshot; loaded: LoadedDispute }> {
    const { db, store, clock, protocols } = this.services;
    const snapshot = await store.snapshot(db, disputeId, { outbox: true, firstReads: true });
    const allowed = snapshot !== null && rule(snapshot.projection, this.person);
    if (!allowed || auditNow)
      await store.recordRead(db, { disputeId, personId: this.person.id, at: clock.now(), what, allowed });
    // Someone who may not read the dispute at all gets the 404 a missing one gets; someone who may
    // read it but not this part of it (the form, for oversight) knows it exists: 403.
    if (!snapshot || !mayReadDispute(snapshot.projection, this.person)) throw disputeNotAvailable();
    if (!allowed) throw notAvailable();
    return { snapshot, loaded: loadedFrom(protocols, snapshot) };
  }

  private async names(ids: readonly string[]): Promise<Map<string, string>> {
    const people = await Promise.all(ids.map((id) => this.services.directory.byId(id)));
    return new Map(
      people.filter((p): p is Person => p !== null).map((p) => [p.id, `${p.name} (${p.jobTitle})`]),
    );
  }
}
