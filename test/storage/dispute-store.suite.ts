// One behavioural suite for the SQL dispute store, run against every engine (PGlite in memory and a
// PostgreSQL server). Tests that need two real connections at once (row locks seen from another
// session, SKIP LOCKED, a writer blocked by another's uncommitted row) skip on single-connection
// engines, by name.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appendStatement } from '../../src/adapters/sql/dispute-append.ts';
import { migrate, migrations } from '../../src/adapters/sql/migrations.ts';
import { analyzeStaleTables, appKeepsStatistics } from '../../src/adapters/sql/planner-statistics.ts';
import { LEASE_DUE_OUTBOX_SQL } from '../../src/adapters/sql/sql-outbox.ts';
import {
  ReferenceTakenError,
  StaleVersionError,
  type AppendInput,
  type DisputeProjection,
} from '../../src/app/ports/dispute-event-store.ts';
import type { DeadlineRow } from '../../src/app/ports/deadline-queue.ts';
import type { SqlDatabase, SqlExecutor } from '../../src/app/ports/sql-database.ts';
import { createProbedStore, DUE_DEADLINES_SQL, type ProbedStore } from '../support/store-probes.ts';
import type { DisputeEvent, NoteAdded, Raised, StageOpened } from '../../src/core/dispute/dispute-events.ts';
import type { ListPosition } from '../../src/app/ports/dispute-queries.ts';

export interface StoreSuiteOptions {
  /** Another handle (its own connections) on the same database as `db`; for engines that have that. */
  openSecondHandle?: (db: SqlDatabase) => Promise<SqlDatabase>;
}

// ---------------------------------------------------------------------------------------------
// Disputes built by hand: a Raised + StageOpened pair, its projection, deadlines and notifications.

const TENANT = 'council-a';
const OTHER_TENANT = 'council-b';
const RAISED_AT = '2026-11-23T10:00:00+00:00';

interface Spec {
  id: string;
  tenantId?: string;
  raiserId?: string;
  respondentIds?: string[];
  copiedIds?: string[];
  caseNumber?: string;
  childName?: string;
  dueOn?: string;
  dueAt?: string;
  status?: DisputeProjection['status'];
  awaitingChairDecision?: boolean;
  stageAnswered?: boolean;
  deadlines?: Omit<DeadlineRow, 'disputeId'>[];
}

function raiseEvents(s: Spec): [Raised, StageOpened] {
  const respondentIds = s.respondentIds ?? ['tm-1'];
  const copiedIds = s.copiedIds ?? ['sw-1'];
  return [
    {
      type: 'Raised',
      at: RAISED_AT,
      actorId: s.raiserId ?? 'chair-1',
      disputeId: s.id,
      protocolId: 'liquidlogic-four-stage',
      raiserId: s.raiserId ?? 'chair-1',
      socialWorkerId: 'sw-1',
      child: {
        name: s.childName ?? 'Sam Smith',
        dateOfBirth: '2015-04-01',
        caseNumber: s.caseNumber ?? 'C-100',
      },
      conferenceDate: '2026-11-20',
      theme: 'plan',
      concern: 'The plan does not say who visits.',
      actionsRequired: 'Name the visitor.',
      immediateRisk: false,
      startStageId: 'stage-1',
      bypassReason: null,
      recurrenceOf: [],
      chairSetWorkingDays: null,
    },
    {
      type: 'StageOpened',
      at: RAISED_AT,
      actorId: 'system',
      stageId: 'stage-1',
      openedOn: '2026-11-23',
      workingDays: 3,
      dueOn: s.dueOn ?? '2026-11-26',
      dueAt: s.dueAt ?? '2026-11-26T23:59:59.999+00:00',
      respondentIds,
      copiedIds,
      notifiedIds: [...respondentIds, ...copiedIds],
      meeting: null,
      capOn: '2027-01-20',
    },
  ];
}

function projectionOf(s: Spec, version = 2): DisputeProjection {
  const respondentIds = s.respondentIds ?? ['tm-1'];
  const copiedIds = s.copiedIds ?? ['sw-1'];
  const status = s.status ?? 'open';
  return {
    id: s.id,
    tenantId: s.tenantId ?? TENANT,
    reference: `REF-${s.id}`,
    protocolId: 'liquidlogic-four-stage',
    version,
    status,
    raiserId: s.raiserId ?? 'chair-1',
    socialWorkerId: 'sw-1',
    caseNumber: s.caseNumber ?? 'C-100',
    theme: 'plan',
    stageId: 'stage-1',
    stageOpenedOn: '2026-11-23',
    dueOn: s.dueOn ?? '2026-11-26',
    dueAt: new Date(s.dueAt ?? '2026-11-26T23:59:59.999+00:00').toISOString(),
    capOn: '2027-01-20',
    respondentIds,
    copiedIds,
    participantIds: [...new Set([s.raiserId ?? 'chair-1', 'sw-1', ...respondentIds, ...copiedIds])],
    awaitingChairDecision: s.awaitingChairDecision ?? false,
    stageAnswered: s.stageAnswered ?? false,
    raisedAt: '2026-11-23T10:00:00.000Z',
    closedAt: status === 'open' ? null : '2026-11-24T10:00:00.000Z',
  };
}

function raiseInput(s: Spec): AppendInput {
  const events = raiseEvents(s);
  const defaultDeadlines: Omit<DeadlineRow, 'disputeId'>[] = [
    {
      key: 'stage-1:reminder-due-today:2026-11-26',
      kind: 'reminder-due-today',
      stageId: 'stage-1',
      dueAt: '2026-11-26T09:00:00.000Z',
    },
    {
      key: 'stage-1:stage-due:2026-11-26',
      kind: 'stage-due',
      stageId: 'stage-1',
      dueAt: '2026-11-26T23:59:59.999Z',
    },
  ];
  const deadlines = (s.deadlines ?? defaultDeadlines).map((d) => ({ ...d, disputeId: s.id }));
  return {
    disputeId: s.id,
    tenantId: s.tenantId ?? TENANT,
    expectedVersion: 0,
    events,
    projection: projectionOf(s),
    deadlines,
    notifications: [
      ...events[1].respondentIds.map((r) => ({
        disputeId: s.id,
        recipientId: r,
        reason: 'respond' as const,
        stageId: 'stage-1',
        channel: 'teams' as const,
        idempotencyKey: `${s.id}:2:respond:${r}`,
        eventIndex: 1,
      })),
      ...events[1].copiedIds.map((r) => ({
        disputeId: s.id,
        recipientId: r,
        reason: 'copied' as const,
        stageId: 'stage-1',
        channel: 'email' as const,
        idempotencyKey: `${s.id}:2:copied:${r}`,
        eventIndex: 1,
      })),
    ],
  };
}

function note(text: string, at = '2026-11-24T11:00:00+00:00', actorId = 'tm-1'): NoteAdded {
  return { type: 'NoteAdded', at, actorId, stageId: 'stage-1', text };
}

/** A later append: `events` on top of `version`, projection moved on, the same deadlines unless given. */
function followUp(
  s: Spec,
  version: number,
  events: DisputeEvent[],
  extra: Partial<Pick<AppendInput, 'deadlines' | 'notifications'>> = {},
): AppendInput {
  const base = raiseInput(s);
  return {
    ...base,
    expectedVersion: version,
    events,
    projection: projectionOf(s, version + events.length),
    deadlines: extra.deadlines ?? base.deadlines,
    notifications: extra.notifications ?? [],
  };
}

// ---------------------------------------------------------------------------------------------

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function countRows(x: SqlExecutor, table: string, disputeId: string): Promise<number> {
  const { rows } = await x.query<{ n: number }>(
    `select count(*)::int as n from ${table} where dispute_id = $1`,
    [disputeId],
  );
  return rows[0]!.n;
}

/** Waits until some session of this database is waiting for a row lock while running `queryPrefix`. */
async function waitForLockWait(db: SqlDatabase, queryPrefix: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock' and ltrim(query) like $1`,
      [`${queryPrefix}%`],
    );
    if (rows[0]!.n > 0) return;
    await sleep(25);
  }
  throw new Error(`no session ever waited on a lock in: ${queryPrefix}`);
}

export function describeDisputeStore(
  name: string,
  openDb: () => Promise<SqlDatabase>,
  options: StoreSuiteOptions = {},
): void {
  describe(name, () => {
    let db: SqlDatabase;
    let store: ProbedStore;
    const extraHandles: SqlDatabase[] = [];

    beforeEach(async () => {
      db = await openDb();
      store = createProbedStore(db);
    });
    afterEach(async () => {
      for (const h of extraHandles.splice(0)) await h.close();
      await db.close();
    });

    const migrated = async () => {
      await store.migrate();
    };
    const create = async (s: Spec) => db.transaction((tx) => store.append(tx, raiseInput(s)));
    /** Tests that need two sessions at once (PostgreSQL); skipped by name elsewhere. */
    const needsTwoSessions = (skip: (note?: string) => void) => {
      if (db.kind !== 'postgres') skip(`${db.kind} has a single connection`);
    };

    describe('the database adapter', () => {
      it('returns the same shapes on every engine: ISO instants, YYYY-MM-DD dates, numbers, JSON, arrays', async () => {
        const { rows } = await db.query(
          `select '2026-11-23 10:00:00+00'::timestamptz as t,
                  '2026-06-01 09:00:00.123456+01'::timestamptz as summer,
                  '2026-11-23'::date as d,
                  42::int8 as n, 7::int as i, true as b,
                  '{"name":"O''Brien"}'::jsonb as j,
                  array['a','b']::text[] as arr,
                  null::timestamptz as nothing`,
        );
        expect(rows).toEqual([
          {
            t: '2026-11-23T10:00:00.000Z',
            summer: '2026-06-01T08:00:00.123Z',
            d: '2026-11-23',
            n: 42,
            i: 7,
            b: true,
            j: { name: "O'Brien" },
            arr: ['a', 'b'],
            nothing: null,
          },
        ]);
      });

      it('reads instants the same whatever the session time zone', async () => {
        const rows = await db.transaction(async (tx) => {
          await tx.query(`set local time zone 'Europe/London'`);
          return (await tx.query(`select '2026-06-01 12:00:00+00'::timestamptz as t`)).rows;
        });
        expect(rows).toEqual([{ t: '2026-06-01T12:00:00.000Z' }]);
      });

      it('commits a transaction that resolves and rolls back one that throws', async () => {
        await db.query('create table scratch (v text)');
        await db.transaction((tx) => tx.query(`insert into scratch values ('kept')`));
        await expect(
          db.transaction(async (tx) => {
            await tx.query(`insert into scratch values ('lost')`);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        const { rows, rowCount } = await db.query('select v from scratch');
        expect(rows).toEqual([{ v: 'kept' }]);
        expect(rowCount).toBe(1);
        expect((await db.query(`update scratch set v = 'x'`)).rowCount).toBe(1);
      });
    });

    describe('migrations', () => {
      it('migrating twice is harmless', async () => {
        expect(await migrate(db)).toEqual(migrations.map((m) => m.version));
        expect(await migrate(db)).toEqual([]);
        await store.migrate();
        const { rows } = await db.query<{ version: number }>(
          'select version from schema_migrations order by version',
        );
        expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
      });

      it('two migrators starting at once apply each migration exactly once', async () => {
        const other = options.openSecondHandle ? await options.openSecondHandle(db) : db;
        if (other !== db) extraHandles.push(other);
        const results = await Promise.all([migrate(db), migrate(other), migrate(db), migrate(other)]);
        expect(results.flat().sort((a, b) => a - b)).toEqual(migrations.map((m) => m.version));
        const { rows } = await other.query<{ n: number }>('select count(*)::int as n from schema_migrations');
        expect(rows[0]!.n).toBe(migrations.length);
      });
    });

    describe('appending and loading events', () => {
      beforeEach(migrated);

      it('round-trips the events and the projection intact', async () => {
        const childName = 'Siobhán O\'Brien-Łukasiewicz 🧒 "Bo" \\ 子';
        const spec: Spec = { id: 'd-1', childName, dueAt: '2026-11-26T23:59:59.999+00:00' };
        const input = raiseInput(spec);
        const stored = await db.transaction((tx) => store.append(tx, input));
        expect(stored.events.map((e) => e.seq)).toEqual([1, 2]);

        const loaded = await db.transaction((tx) => store.loadEvents(tx, 'd-1'));
        expect(loaded).toEqual([
          { disputeId: 'd-1', seq: 1, event: input.events[0] },
          { disputeId: 'd-1', seq: 2, event: input.events[1] },
        ]);
        const raised = loaded[0]!.event as Raised;
        expect(raised.child.name).toBe(childName);
        expect(raised.at).toBe(RAISED_AT); // the offset as written, inside the JSON

        expect(await store.getProjection(db, 'd-1')).toEqual(input.projection);
        expect(await store.findByReference(db, 'REF-d-1')).toEqual(input.projection);
        expect(await store.getProjection(db, 'nope')).toBeNull();
        expect(await store.findByReference(db, 'REF-nope')).toBeNull();
        expect(await store.loadEvents(db, 'nope')).toEqual([]);
      });

      it('stores instants given with any offset and returns them as ISO instants', async () => {
        const spec: Spec = { id: 'd-summer', dueAt: '2026-06-01T18:00:00+01:00' };
        await create(spec);
        const p = await store.getProjection(db, 'd-summer');
        expect(p!.dueAt).toBe('2026-06-01T17:00:00.000Z');
        expect(p!.dueOn).toBe('2026-11-26');
        expect(p!.closedAt).toBeNull();
      });

      it('appends later events after the earlier ones and moves the projection on', async () => {
        const spec: Spec = { id: 'd-2' };
        await create(spec);
        const stored = await db.transaction((tx) =>
          store.append(tx, followUp(spec, 2, [note('first'), note('second', '2026-11-24T12:00:00+00:00')])),
        );
        expect(stored.events.map((e) => e.seq)).toEqual([3, 4]);
        const loaded = await store.loadEvents(db, 'd-2');
        expect(loaded.map((e) => e.event.type)).toEqual(['Raised', 'StageOpened', 'NoteAdded', 'NoteAdded']);
        expect((loaded[3]!.event as NoteAdded).text).toBe('second');
        expect((await store.getProjection(db, 'd-2'))!.version).toBe(4);
      });

      it('appending with the database itself (no transaction given) is still atomic', async () => {
        await store.append(db, raiseInput({ id: 'd-direct' }));
        expect(await countRows(db, 'dispute_events', 'd-direct')).toBe(2);
        await expect(
          store.append(db, followUp({ id: 'd-direct' }, 1, [note('late')])),
        ).rejects.toBeInstanceOf(StaleVersionError);
      });

      it('refuses inconsistent input before writing', async () => {
        const input = raiseInput({ id: 'd-bad' });
        await expect(
          db.transaction((tx) =>
            store.append(tx, { ...input, projection: { ...input.projection, version: 7 } }),
          ),
        ).rejects.toThrow(/inconsistent input/);
        await expect(
          db.transaction((tx) =>
            store.append(tx, { ...input, notifications: [{ ...input.notifications[0]!, eventIndex: 2 }] }),
          ),
        ).rejects.toThrow(/eventIndex/);
        expect(await store.getProjection(db, 'd-bad')).toBeNull();
      });
    });

    describe('optimistic concurrency', () => {
      beforeEach(migrated);

      async function snapshot(id: string) {
        return {
          events: await store.loadEvents(db, id),
          projection: await store.getProjection(db, id),
          deadlines: await db.query('select * from deadlines where dispute_id = $1 order by key', [id]),
          outbox: await store.outboxFor(db, id),
        };
      }

      it('a stale expected version throws StaleVersionError and writes nothing', async () => {
        const spec: Spec = { id: 'd-stale' };
        await create(spec);
        await db.transaction((tx) => store.append(tx, followUp(spec, 2, [note('moved on')])));
        const before = await snapshot('d-stale');

        const stale = followUp(spec, 2, [note('too late')], {
          deadlines: [
            {
              disputeId: 'd-stale',
              key: 'k-new',
              kind: 'cap',
              stageId: 'stage-1',
              dueAt: '2027-01-20T23:59:59.999Z',
            },
          ],
          notifications: [
            {
              disputeId: 'd-stale',
              recipientId: 'x-1',
              reason: 'told',
              stageId: 'stage-1',
              channel: 'teams',
              idempotencyKey: 'd-stale:4:told:x-1',
              eventIndex: 0,
            },
          ],
        });
        const error = await db.transaction((tx) => store.append(tx, stale)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StaleVersionError);
        expect(error).toMatchObject({ disputeId: 'd-stale', expectedVersion: 2 });
        expect(await snapshot('d-stale')).toEqual(before);
      });

      it('a new dispute whose reference another dispute holds is refused as ReferenceTakenError, nothing written', async () => {
        await create({ id: 'ref-a' });
        const clash = raiseInput({ id: 'ref-b' });
        clash.projection = { ...clash.projection, reference: 'REF-ref-a' };
        await expect(db.transaction((tx) => store.append(tx, clash))).rejects.toBeInstanceOf(
          ReferenceTakenError,
        );
        expect(await countRows(db, 'dispute_events', 'ref-b')).toBe(0);
        expect(await countRows(db, 'deadlines', 'ref-b')).toBe(0);
        expect(await store.getProjection(db, 'ref-b')).toBeNull();
      });

      it('creating a dispute that already exists is stale too', async () => {
        await create({ id: 'd-twice' });
        await expect(create({ id: 'd-twice' })).rejects.toBeInstanceOf(StaleVersionError);
        expect(await countRows(db, 'dispute_events', 'd-twice')).toBe(2);
      });

      it('the caller can carry on in its transaction after a stale append', async () => {
        const spec: Spec = { id: 'd-carry' };
        await create(spec);
        const seqs = await db.transaction(async (tx) => {
          await expect(store.append(tx, followUp(spec, 1, [note('stale')]))).rejects.toBeInstanceOf(
            StaleVersionError,
          );
          return (await store.append(tx, followUp(spec, 2, [note('fresh')]))).events.map((e) => e.seq);
        });
        expect(seqs).toEqual([3]);
      });

      it('two concurrent appends at the same version: exactly one wins', async () => {
        const spec: Spec = { id: 'd-race' };
        await create(spec);
        const results = await Promise.allSettled(
          ['alice', 'bob'].map((who) =>
            db.transaction(async (tx) => {
              await store.lockDispute(tx, 'd-race');
              const version = (await store.loadEvents(tx, 'd-race')).length;
              expect(version).toBeGreaterThanOrEqual(2);
              return store.append(tx, followUp(spec, 2, [note(`from ${who}`, undefined, who)]));
            }),
          ),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(StaleVersionError);
        const events = await store.loadEvents(db, 'd-race');
        expect(events).toHaveLength(3);
        expect((await store.getProjection(db, 'd-race'))!.version).toBe(3);
      });

      it('a writer racing an uncommitted write waits, then finds the version moved (two sessions)', async ({
        skip,
      }) => {
        needsTwoSessions(skip);
        const spec: Spec = { id: 'd-race-2' };
        await create(spec);
        const firstWrote = deferred();
        const release = deferred();
        const first = db.transaction(async (tx) => {
          await store.append(tx, followUp(spec, 2, [note('first')]));
          firstWrote.resolve();
          await release.promise;
        });
        await firstWrote.promise;
        // The second writer's statement blocks on the projection row the first has updated but not committed.
        const second = db.transaction(async (tx) => {
          const outcome = await store.append(tx, followUp(spec, 2, [note('second')])).then(
            () => 'won',
            (e: unknown) => (e instanceof StaleVersionError ? 'stale' : e),
          );
          // A stale append is not an SQL error: the transaction stays usable.
          await tx.query('select 1');
          return outcome;
        });
        await waitForLockWait(db, 'with written as');
        release.resolve();
        await first;
        expect(await second).toBe('stale');
        const texts = (await store.loadEvents(db, 'd-race-2')).map((e) =>
          e.event.type === 'NoteAdded' ? e.event.text : null,
        );
        expect(texts).toEqual([null, null, 'first']);
      });

      it('lockDispute holds other writers until the transaction ends (two sessions)', async ({ skip }) => {
        needsTwoSessions(skip);
        await create({ id: 'd-lock' });
        const locked = deferred();
        const release = deferred();
        const first = db.transaction(async (tx) => {
          await store.lockDispute(tx, 'd-lock');
          locked.resolve();
          await release.promise;
        });
        await locked.promise;
        let secondGotLock = false;
        const second = db.transaction(async (tx) => {
          await store.lockDispute(tx, 'd-lock');
          secondGotLock = true;
        });
        await waitForLockWait(db, 'select 1 from disputes');
        expect(secondGotLock).toBe(false);
        release.resolve();
        await first;
        await second;
        expect(secondGotLock).toBe(true);
        await db.transaction((tx) => store.lockDispute(tx, 'not-there-yet')); // a no-op
      });
    });

    describe('the audit trail is append-only', () => {
      beforeEach(migrated);

      it('events cannot be updated, deleted or truncated', async () => {
        await create({ id: 'd-audit' });
        await expect(
          db.query(`update dispute_events set type = 'Forged' where dispute_id = 'd-audit'`),
        ).rejects.toThrow(/dispute_events is append-only: UPDATE refused/);
        await expect(db.query(`delete from dispute_events where dispute_id = 'd-audit'`)).rejects.toThrow(
          /dispute_events is append-only: DELETE refused/,
        );
        await expect(db.query('truncate dispute_events')).rejects.toThrow(/append-only: TRUNCATE refused/);
        expect((await store.loadEvents(db, 'd-audit')).map((e) => e.event.type)).toEqual([
          'Raised',
          'StageOpened',
        ]);
      });

      it('the read log cannot be updated or deleted', async () => {
        await create({ id: 'd-read-audit' });
        await store.recordRead(db, {
          disputeId: 'd-read-audit',
          personId: 'p',
          at: RAISED_AT,
          what: 'view',
          allowed: true,
        });
        await expect(db.query('update dispute_reads set allowed = false')).rejects.toThrow(/append-only/);
        await expect(db.query('delete from dispute_reads')).rejects.toThrow(/append-only/);
        expect(await store.readsOf(db, 'd-read-audit')).toHaveLength(1);
      });
    });

    describe('queries on the projection', () => {
      beforeEach(migrated);

      it('lists the disputes a person raised, must answer, or is copied on, soonest due first', async () => {
        const P = 'pat';
        await create({ id: 'raised-late', raiserId: P, dueAt: '2026-12-10T17:00:00Z', dueOn: '2026-12-10' });
        await create({ id: 'raised-soon', raiserId: P, dueAt: '2026-11-25T17:00:00Z', dueOn: '2026-11-25' });
        await create({ id: 'raised-closed', raiserId: P, status: 'resolved' });
        await create({ id: 'awaits-late', respondentIds: ['tm-1', P], dueAt: '2026-12-01T17:00:00Z' });
        await create({ id: 'awaits-soon', respondentIds: [P], dueAt: '2026-11-27T17:00:00Z' });
        await create({ id: 'awaits-closed', respondentIds: [P], status: 'withdrawn' });
        await create({ id: 'copied', copiedIds: ['sw-1', P], dueAt: '2026-11-30T17:00:00Z' });
        await create({
          id: 'other-tenant',
          tenantId: OTHER_TENANT,
          raiserId: P,
          respondentIds: [P],
          copiedIds: [P],
        });
        await create({ id: 'unrelated', dueAt: '2026-11-24T17:00:00Z' });

        const ids = async (view: 'raised-by-me' | 'awaiting-me' | 'copied-to-me' | 'all-open', limit = 100) =>
          (await store.list(db, { view, personId: P, tenantId: TENANT, limit })).map((d) => d.id);

        expect(await ids('raised-by-me')).toEqual(['raised-soon', 'raised-closed', 'raised-late']);
        expect(await ids('awaiting-me')).toEqual(['awaits-soon', 'awaits-late']);
        expect(await ids('copied-to-me')).toEqual(['copied']);
        expect(await ids('all-open')).toEqual([
          'unrelated',
          'raised-soon',
          'awaits-soon',
          'copied',
          'awaits-late',
          'raised-late',
        ]);
        expect(await ids('all-open', 2)).toEqual(['unrelated', 'raised-soon']);

        // Issue 17: lists are paged; a page starts after the previous page's last row, in the same
        // order, so paging through a list gives every row once, the ones with no due date last.
        for (const view of ['raised-by-me', 'all-open'] as const) {
          const whole = await ids(view);
          const paged: string[] = [];
          let after: ListPosition | null = null;
          for (let pages = 0; pages < 10; pages++) {
            const page = await store.list(db, { view, personId: P, tenantId: TENANT, limit: 2, after });
            paged.push(...page.map((d) => d.id));
            const last = page.at(-1);
            if (page.length < 2 || !last) break;
            after = { dueAt: last.dueAt, raisedAt: last.raisedAt, id: last.id };
          }
          expect(paged).toEqual(whole);
        }
        expect(
          (await store.list(db, { view: 'awaiting-me', personId: P, tenantId: OTHER_TENANT, limit: 10 })).map(
            (d) => d.id,
          ),
        ).toEqual(['other-tenant']);
        expect(
          await store.list(db, { view: 'awaiting-me', personId: 'nobody', tenantId: TENANT, limit: 10 }),
        ).toEqual([]);
      });

      // Issue 12 item 8: "Awaiting me holds the disputes waiting for her decision, not only those she
      // must answer"; "Lists never mark an answered stage overdue (the projection knows answered)".
      it("awaiting me holds the chair's own disputes waiting for her decision, and the projection keeps whether the stage was answered", async () => {
        const P = 'pat';
        await create({
          id: 'her-decision',
          raiserId: P,
          awaitingChairDecision: true,
          dueAt: '2026-11-25T17:30:00Z',
        });
        await create({ id: 'running', raiserId: P, dueAt: '2026-11-26T17:30:00Z' });
        await create({ id: 'someone-elses-decision', raiserId: 'chair-2', awaitingChairDecision: true });
        await create({
          id: 'answered',
          respondentIds: [P],
          stageAnswered: true,
          dueAt: '2026-11-27T17:30:00Z',
        });
        const awaiting = await store.list(db, {
          view: 'awaiting-me',
          personId: P,
          tenantId: TENANT,
          limit: 10,
        });
        expect(awaiting.map((d) => d.id)).toEqual(['her-decision', 'answered']);
        expect(awaiting.map((d) => d.stageAnswered)).toEqual([false, true]);
        expect((await store.getProjection(db, 'answered'))!.stageAnswered).toBe(true);
      });

      // Issue 12 item 8: "Recurrence matches case numbers written differently ("GL-600", "gl 600")".
      it('finds earlier disputes whose case number is written differently: GL-600, gl 600, GL600', async () => {
        await create({ id: 'gl-a', caseNumber: 'GL-600' });
        await create({ id: 'gl-b', caseNumber: 'gl 600' });
        await create({ id: 'gl-c', caseNumber: 'GL-6000' });
        expect((await store.listByCaseNumber(db, TENANT, 'GL600')).map((d) => d.id)).toEqual([
          'gl-a',
          'gl-b',
        ]);
        expect((await store.listByCaseNumber(db, TENANT, ' gl-600 ')).map((d) => d.id)).toEqual([
          'gl-a',
          'gl-b',
        ]);
      });

      it('lists earlier disputes about the same child by case number, within the tenant', async () => {
        await create({ id: 'c-1', caseNumber: 'C-777', status: 'resolved' });
        await create({ id: 'c-2', caseNumber: 'C-777' });
        await create({ id: 'c-3', caseNumber: 'C-778' });
        await create({ id: 'c-4', caseNumber: 'C-777', tenantId: OTHER_TENANT });
        const found = await store.listByCaseNumber(db, TENANT, 'C-777');
        expect(found.map((d) => [d.id, d.status])).toEqual([
          ['c-1', 'resolved'],
          ['c-2', 'open'],
        ]);
        expect(await store.listByCaseNumber(db, TENANT, 'C-000')).toEqual([]);
      });

      it('lists open disputes due by a date, soonest first', async () => {
        await create({ id: 'due-1', dueOn: '2026-11-25', dueAt: '2026-11-25T17:00:00Z' });
        await create({ id: 'due-2', dueOn: '2026-11-24', dueAt: '2026-11-24T17:00:00Z' });
        await create({ id: 'due-3', dueOn: '2026-11-30', dueAt: '2026-11-30T17:00:00Z' });
        await create({ id: 'due-closed', dueOn: '2026-11-24', status: 'resolved' });
        const due = await store.listDueBy(db, TENANT, '2026-11-25');
        expect(due.map((d) => d.id)).toEqual(['due-2', 'due-1']);
      });
    });

    describe('deadlines', () => {
      beforeEach(migrated);

      const dl = (key: string, dueAt: string): Omit<DeadlineRow, 'disputeId'> => ({
        key,
        kind: 'stage-due',
        stageId: 'stage-1',
        dueAt,
      });

      it('an append replaces the pending deadlines; fired ones are kept and never scheduled again', async () => {
        const spec: Spec = {
          id: 'd-dl',
          deadlines: [
            dl('k1', '2026-11-24T09:00:00.000Z'),
            dl('k2', '2026-11-25T09:00:00.000Z'),
            dl('k3', '2026-11-26T09:00:00.000Z'),
          ],
        };
        await create(spec);
        await db.transaction(async (tx) => {
          expect(await store.claimDeadline(tx, 'd-dl', 'k1', '2026-11-24T09:00:00Z')).not.toBeNull();
          await store.markDeadlineFired(tx, 'd-dl', 'k1', '2026-11-24T09:00:05Z', 'reminded');
        });

        const next = [
          dl('k1', '2026-11-24T09:00:00.000Z'),
          dl('k2', '2026-11-25T09:00:00.000Z'),
          dl('k4', '2026-11-27T09:00:00.000Z'),
        ].map((d) => ({ ...d, disputeId: 'd-dl' }));
        await db.transaction((tx) =>
          store.append(tx, followUp(spec, 2, [note('moved')], { deadlines: next })),
        );

        expect((await store.pendingDeadlines(db, 'd-dl')).map((d) => d.key)).toEqual(['k2', 'k4']);
        const { rows } = await db.query<{ key: string; fired_at: string | null; outcome: string | null }>(
          'select key, fired_at, outcome from deadlines where dispute_id = $1 order by key',
          ['d-dl'],
        );
        expect(rows).toEqual([
          { key: 'k1', fired_at: '2026-11-24T09:00:05.000Z', outcome: 'reminded' },
          { key: 'k2', fired_at: null, outcome: null },
          { key: 'k4', fired_at: null, outcome: null },
        ]);

        // A closed dispute has no pending deadlines: the empty set removes them all.
        await db.transaction((tx) =>
          store.append(tx, followUp(spec, 3, [note('closing')], { deadlines: [] })),
        );
        expect(await store.pendingDeadlines(db, 'd-dl')).toEqual([]);
        expect(await countRows(db, 'deadlines', 'd-dl')).toBe(1);
      });

      it("an append's deadline delete goes by the dispute's primary key, never through every unfired deadline", async () => {
        // Without statistics (PGlite never has autovacuum; this CI server runs with it off), the
        // planner once ANDed the partial index of ALL unfired deadlines into this delete, so each
        // append read every open dispute's deadlines.
        for (let i = 0; i < 300; i++) await create({ id: `many-${i}` });
        const spec: Spec = { id: 'many-7' };
        const { sql, params } = appendStatement(followUp(spec, 2, [note('moved')]));
        const { rows } = await db.query<Record<string, unknown>>(`explain (format json) ${sql}`, params);
        const plan = JSON.stringify(rows[0]);
        expect(plan).toContain('deadlines_pkey');
        expect(plan).not.toContain('deadlines_unfired_due');
      });

      it('dueDeadlines returns unfired deadlines due by now, soonest first, up to the limit', async () => {
        await create({
          id: 'a',
          deadlines: [dl('a1', '2026-11-24T09:00:00.000Z'), dl('a2', '2026-11-28T09:00:00.000Z')],
        });
        await create({
          id: 'b',
          deadlines: [dl('b1', '2026-11-23T17:00:00.000Z'), dl('b2', '2026-11-25T09:00:00.000Z')],
        });
        await db.transaction((tx) => store.markDeadlineFired(tx, 'b', 'b1', '2026-11-23T17:00:01Z', 'done'));

        const now = '2026-11-25T09:00:00+00:00';
        expect(await store.dueDeadlines(db, now, 10)).toEqual([
          {
            disputeId: 'a',
            key: 'a1',
            kind: 'stage-due',
            stageId: 'stage-1',
            dueAt: '2026-11-24T09:00:00.000Z',
          },
          {
            disputeId: 'b',
            key: 'b2',
            kind: 'stage-due',
            stageId: 'stage-1',
            dueAt: '2026-11-25T09:00:00.000Z',
          },
        ]);
        expect((await store.dueDeadlines(db, now, 1)).map((d) => d.key)).toEqual(['a1']);
        expect(await store.dueDeadlines(db, '2026-11-20T00:00:00Z', 10)).toEqual([]);
      });

      it("the sweeper's query can use the partial index on unfired due_at", async () => {
        await create({ id: 'plan' });
        const plan = await db.transaction(async (tx) => {
          await tx.query('set local enable_seqscan = off');
          const { rows } = await tx.query<Record<string, string>>(`explain ${DUE_DEADLINES_SQL}`, [
            '2026-11-25T09:00:00Z',
            100,
          ]);
          return rows.map((r) => Object.values(r)[0]).join('\n');
        });
        expect(plan).toMatch(/deadlines_unfired_due/);
      });

      it('claimDeadline takes a due, unfired deadline; not one that is early or fired', async () => {
        await create({ id: 'cl', deadlines: [dl('k', '2026-11-24T09:00:00.000Z')] });
        expect(await store.claimDeadline(db, 'cl', 'k', '2026-11-24T08:59:59Z')).toBeNull();
        expect(await store.claimDeadline(db, 'cl', 'nope', '2026-11-24T09:00:00Z')).toBeNull();
        const claimed = await db.transaction(async (tx) => {
          const row = await store.claimDeadline(tx, 'cl', 'k', '2026-11-24T09:00:00Z');
          if (row)
            await store.markDeadlineFired(tx, row.disputeId, row.key, '2026-11-24T09:00:00Z', 'missed');
          return row;
        });
        expect(claimed).toEqual({
          disputeId: 'cl',
          key: 'k',
          kind: 'stage-due',
          stageId: 'stage-1',
          dueAt: '2026-11-24T09:00:00.000Z',
        });
        expect(
          await db.transaction((tx) => store.claimDeadline(tx, 'cl', 'k', '2026-11-25T00:00:00Z')),
        ).toBeNull();
      });

      it('a deadline claimed in one session is skipped by another (SKIP LOCKED)', async ({ skip }) => {
        needsTwoSessions(skip);
        await create({ id: 'sk', deadlines: [dl('k', '2026-11-24T09:00:00.000Z')] });
        const now = '2026-11-24T10:00:00Z';
        const claimed = deferred();
        const release = deferred();
        const first = db.transaction(async (tx) => {
          const row = await store.claimDeadline(tx, 'sk', 'k', now);
          claimed.resolve();
          await release.promise;
          if (row) await store.markDeadlineFired(tx, 'sk', 'k', now, 'escalated');
          return row;
        });
        await claimed.promise;
        expect(await db.transaction((tx) => store.claimDeadline(tx, 'sk', 'k', now))).toBeNull();
        release.resolve();
        expect(await first).not.toBeNull();
        expect(await db.transaction((tx) => store.claimDeadline(tx, 'sk', 'k', now))).toBeNull();

        // A claim rolled back (the worker crashed) leaves the deadline for the next sweep.
        await create({ id: 'sk2', deadlines: [dl('k', '2026-11-24T09:00:00.000Z')] });
        await expect(
          db.transaction(async (tx) => {
            expect(await store.claimDeadline(tx, 'sk2', 'k', now)).not.toBeNull();
            throw new Error('crash');
          }),
        ).rejects.toThrow('crash');
        expect(await db.transaction((tx) => store.claimDeadline(tx, 'sk2', 'k', now))).not.toBeNull();
      });
    });

    describe('the outbox', () => {
      beforeEach(migrated);

      it('append writes outbox rows pointing at their events, once per idempotency key', async () => {
        const spec: Spec = { id: 'ob', respondentIds: ['tm-1'], copiedIds: ['sw-1'] };
        const input = raiseInput(spec);
        await db.transaction((tx) => store.append(tx, input));
        // Replaying the same notifications (in a later append, or inserted directly) adds nothing.
        await db.transaction((tx) =>
          store.append(tx, {
            ...followUp(spec, 2, [note('again')]),
            notifications: input.notifications.map((n) => ({ ...n, eventIndex: 0 })),
          }),
        );
        await store.insertOutbox(db, [{ ...input.notifications[0]!, eventSeq: 2 }]);
        await store.insertOutbox(db, [
          {
            disputeId: 'ob',
            eventSeq: 3,
            recipientId: 'hos-1',
            reason: 'told',
            stageId: null,
            channel: 'log',
            idempotencyKey: 'ob:3:told:hos-1',
          },
        ]);

        const rows = await store.outboxFor(db, 'ob');
        expect(rows.map((r) => [r.idempotencyKey, r.eventSeq, r.recipientId, r.reason, r.channel])).toEqual([
          ['ob:2:respond:tm-1', 2, 'tm-1', 'respond', 'teams'],
          ['ob:2:copied:sw-1', 2, 'sw-1', 'copied', 'email'],
          ['ob:3:told:hos-1', 3, 'hos-1', 'told', 'log'],
        ]);
        const first = rows[0]!;
        expect(typeof first.id).toBe('number');
        expect(first).toMatchObject({
          disputeId: 'ob',
          stageId: 'stage-1',
          status: 'pending',
          attempts: 0,
          lastError: null,
          deliveredAt: null,
          // The first attempt is due when the causing event happened (the app's clock).
          nextAttemptAt: '2026-11-23T10:00:00.000Z',
        });
        expect(first.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(rows[2]!.nextAttemptAt).toBe('2026-11-24T11:00:00.000Z');
        const { rows: tenants } = await db.query<{ tenant_id: string }>(
          'select distinct tenant_id from outbox',
        );
        expect(tenants).toEqual([{ tenant_id: TENANT }]);
      });

      it('claimOutbox takes pending rows whose next attempt is due, oldest first, up to the limit', async () => {
        await create({ id: 'o1', respondentIds: ['r1', 'r2'], copiedIds: ['c1'] });
        const all = await store.outboxFor(db, 'o1');
        expect(all).toHaveLength(3);
        expect(await store.claimOutbox(db, '2026-11-23T09:59:59Z', 10)).toEqual([]);
        const claimed = await db.transaction((tx) => store.claimOutbox(tx, '2026-11-23T10:00:00Z', 2));
        expect(claimed.map((r) => r.id)).toEqual(all.slice(0, 2).map((r) => r.id));
        expect(claimed[0]).toEqual(all[0]);
      });

      it('leasing the next rows reads the pending ones only, not every notification ever delivered', async () => {
        for (let i = 0; i < 200; i++)
          await create({ id: `sent-${i}`, respondentIds: ['r1'], copiedIds: ['c1'] });
        const sent = await db.query<{ id: number }>('select id from outbox order by id');
        await store.markDelivered(db, sent.rows.map((r) => r.id).slice(0, 380), '2026-11-23T10:00:01Z');
        const plan = async () => {
          const { rows } = await db.transaction((tx) =>
            tx.query<Record<string, unknown>>(`explain (analyze, format json) ${LEASE_DUE_OUTBOX_SQL}`, [
              '2026-11-23T10:00:00Z',
              '2026-11-23T10:02:00Z',
              50,
            ]),
          );
          return JSON.stringify(rows[0]);
        };
        const removed = (p: string) =>
          [...p.matchAll(/"Rows Removed by Filter": (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
        // Before and after statistics (PGlite has none until the app analyzes).
        for (const before of [await plan(), (await db.query('analyze outbox'), await plan())]) {
          expect(before).toContain('outbox_pending_in_order');
          expect(removed(before)).toBeLessThan(50);
        }
      });

      it('failed attempts are retried later, dead rows never; delivered rows are done', async () => {
        await create({ id: 'o2', respondentIds: ['r1', 'r2'], copiedIds: ['c1'] });
        const [a, b, c] = await store.outboxFor(db, 'o2');
        const now = '2026-11-23T10:00:00Z';
        await db.transaction(async (tx) => {
          await store.markAttemptFailed(tx, a!.id, 'HTTP 429', '2026-11-23T10:05:00Z', false);
          await store.markAttemptFailed(tx, b!.id, 'HTTP 403: not in team', '2026-11-23T10:05:00Z', true);
          await store.markDelivered(tx, [c!.id], '2026-11-23T10:00:01Z');
        });
        expect(await store.claimOutbox(db, now, 10)).toEqual([]);
        const later = await store.claimOutbox(db, '2026-11-23T10:05:00Z', 10);
        expect(later.map((r) => r.id)).toEqual([a!.id]);
        expect(later[0]).toMatchObject({
          attempts: 1,
          lastError: 'HTTP 429',
          nextAttemptAt: '2026-11-23T10:05:00.000Z',
          status: 'pending',
        });

        const after = await store.outboxFor(db, 'o2');
        expect(after[1]).toMatchObject({ status: 'dead', attempts: 1, lastError: 'HTTP 403: not in team' });
        expect(after[2]).toMatchObject({
          status: 'delivered',
          attempts: 1,
          deliveredAt: '2026-11-23T10:00:01.000Z',
        });
      });

      it('a lease pushes the next attempt out so no other worker takes the row meanwhile', async () => {
        await create({ id: 'o3', respondentIds: ['r1'], copiedIds: [] });
        const [row] = await store.outboxFor(db, 'o3');
        await db.transaction(async (tx) => {
          const [claimed] = await store.claimOutbox(tx, '2026-11-23T10:00:00Z', 1);
          expect(claimed!.id).toBe(row!.id);
          await store.leaseOutbox(tx, claimed!.id, '2026-11-23T10:02:00Z');
        });
        expect(await store.claimOutbox(db, '2026-11-23T10:01:00Z', 10)).toEqual([]);
        expect(await store.claimOutbox(db, '2026-11-23T10:02:00Z', 10)).toHaveLength(1);
      });

      it('leaseDueOutbox claims and leases in one statement: the next worker finds nothing until the lease ends', async () => {
        await create({ id: 'o5', respondentIds: ['r1', 'r2'], copiedIds: ['c1'] });
        const all = await store.outboxFor(db, 'o5');
        const now = '2026-11-23T10:00:00Z';
        expect(await store.leaseDueOutbox(db, '2026-11-23T09:59:59Z', now, 10)).toEqual([]);
        const leased = await store.leaseDueOutbox(db, now, '2026-11-23T10:02:00Z', 2);
        expect(leased.map((r) => r.id)).toEqual(all.slice(0, 2).map((r) => r.id));
        expect(leased[0]).toEqual({ ...all[0], nextAttemptAt: '2026-11-23T10:02:00.000Z' });
        const next = await store.leaseDueOutbox(db, '2026-11-23T10:01:00Z', '2026-11-23T10:03:00Z', 10);
        expect(next.map((r) => r.id)).toEqual([all[2]!.id]);
        expect(await store.leaseDueOutbox(db, '2026-11-23T10:01:30Z', '2026-11-23T10:04:00Z', 10)).toEqual(
          [],
        );
        const lapsed = await store.leaseDueOutbox(db, '2026-11-23T10:02:00Z', '2026-11-23T10:05:00Z', 10);
        expect(lapsed.map((r) => r.id)).toEqual(all.slice(0, 2).map((r) => r.id));
      });

      it('leaseDueOutbox skips rows another session holds (SKIP LOCKED)', async ({ skip }) => {
        needsTwoSessions(skip);
        await create({ id: 'o6', respondentIds: ['r1', 'r2'], copiedIds: [] });
        const all = await store.outboxFor(db, 'o6');
        const now = '2026-11-23T10:00:00Z';
        const held = deferred();
        const release = deferred();
        const first = db.transaction(async (tx) => {
          await store.claimOutbox(tx, now, 1);
          held.resolve();
          await release.promise;
        });
        await held.promise;
        const leased = await store.leaseDueOutbox(db, now, '2026-11-23T10:02:00Z', 10);
        expect(leased.map((r) => r.id)).toEqual([all[1]!.id]);
        release.resolve();
        await first;
      });

      it('rows claimed in one session are skipped by another (SKIP LOCKED)', async ({ skip }) => {
        needsTwoSessions(skip);
        await create({ id: 'o4', respondentIds: ['r1', 'r2'], copiedIds: ['c1'] });
        const all = await store.outboxFor(db, 'o4');
        const now = '2026-11-23T10:00:00Z';
        const claimed = deferred<number[]>();
        const release = deferred();
        const first = db.transaction(async (tx) => {
          claimed.resolve((await store.claimOutbox(tx, now, 1)).map((r) => r.id));
          await release.promise;
        });
        expect(await claimed.promise).toEqual([all[0]!.id]);
        const second = await db.transaction((tx) => store.claimOutbox(tx, now, 10));
        expect(second.map((r) => r.id)).toEqual([all[1]!.id, all[2]!.id]);
        release.resolve();
        await first;
      });
    });

    describe('the read log', () => {
      beforeEach(migrated);

      it('records who looked at a dispute, allowed or not, in time order', async () => {
        await create({ id: 'r-1' });
        await store.recordRead(db, {
          disputeId: 'r-1',
          personId: 'stranger',
          at: '2026-11-23T12:00:00+00:00',
          what: 'view',
          allowed: false,
        });
        await store.recordRead(db, {
          disputeId: 'r-1',
          personId: 'tm-1',
          at: '2026-11-23T11:00:00Z',
          what: 'case-note',
          allowed: true,
        });
        await store.recordRead(db, {
          disputeId: 'r-unknown',
          personId: 'stranger',
          at: '2026-11-23T11:00:00Z',
          what: 'view',
          allowed: false,
        });
        expect(await store.readsOf(db, 'r-1')).toEqual([
          { personId: 'tm-1', at: '2026-11-23T11:00:00.000Z', what: 'case-note', allowed: true },
          { personId: 'stranger', at: '2026-11-23T12:00:00.000Z', what: 'view', allowed: false },
        ]);
        expect(await store.readsOf(db, 'r-unknown')).toHaveLength(1);
        const { rows } = await db.query('select dispute_id, tenant_id from dispute_reads order by id');
        expect(rows).toEqual([
          { dispute_id: 'r-1', tenant_id: TENANT },
          { dispute_id: 'r-1', tenant_id: TENANT },
          { dispute_id: 'r-unknown', tenant_id: '' },
        ]);
      });

      it('records a list of reads in one call, in the order given', async () => {
        await create({ id: 'r-2' });
        await create({ id: 'r-3', caseNumber: 'C-200' });
        const at = '2026-11-23T13:00:00+00:00';
        await store.recordReads(db, [
          { disputeId: 'r-3', personId: 'tm-1', at, what: 'list:awaiting-me', allowed: true },
          { disputeId: 'r-2', personId: 'tm-1', at, what: 'list:awaiting-me', allowed: true },
        ]);
        await store.recordReads(db, []);
        const { rows } = await db.query('select dispute_id, what from dispute_reads order by id');
        expect(rows).toEqual([
          { dispute_id: 'r-3', what: 'list:awaiting-me' },
          { dispute_id: 'r-2', what: 'list:awaiting-me' },
        ]);
      });

      it('an append audits its reads with the write, and still does when it is stale', async () => {
        const spec: Spec = { id: 'r-append' };
        const created = await store.append(db, {
          ...raiseInput(spec),
          reads: [{ personId: 'chair-1', at: '2026-11-23T10:00:00+00:00', what: 'view' }],
        });
        expect(created.events.map((e) => e.seq)).toEqual([1, 2]);
        const stale = await store
          .append(db, {
            ...followUp(spec, 1, [note('stale')]),
            reads: [{ personId: 'tm-1', at: '2026-11-24T11:00:00+00:00', what: 'api:add-note' }],
          })
          .catch((e: unknown) => e);
        expect(stale).toBeInstanceOf(StaleVersionError);
        expect(await store.readsOf(db, 'r-append')).toEqual([
          { personId: 'chair-1', at: '2026-11-23T10:00:00.000Z', what: 'view', allowed: true },
          { personId: 'tm-1', at: '2026-11-24T11:00:00.000Z', what: 'api:add-note', allowed: true },
        ]);
        expect(await countRows(db, 'dispute_events', 'r-append')).toBe(2);
      });
    });

    describe('planner statistics', () => {
      beforeEach(migrated);

      it('where no autovacuum keeps them, tables that changed enough are analyzed, once', async () => {
        const keeps = await appKeepsStatistics(db);
        // PGlite has no autovacuum; a PostgreSQL server has it unless configured off.
        if (db.kind === 'pglite') expect(keeps).toBe(true);
        const { rows: av } = await db.query<{ on: string }>(`select current_setting('autovacuum') as on`);
        if (db.kind === 'postgres') expect(keeps).toBe(av[0]!.on === 'off');
        expect(await analyzeStaleTables(db)).toEqual([]); // nothing has changed yet
        for (let i = 0; i < 60; i++) await create({ id: `stat-${i}` });
        if (!keeps) {
          expect(await analyzeStaleTables(db)).toEqual([]);
          return;
        }
        // 60 disputes: 120 events, 120 deadlines... past the threshold of 50 rows on an empty table.
        // Other connections report their counts within a second or so of going idle: poll.
        await vi.waitFor(
          async () =>
            expect(await analyzeStaleTables(db)).toEqual(
              expect.arrayContaining(['disputes', 'deadlines', 'dispute_events']),
            ),
          { timeout: 20_000, interval: 500 },
        );
        const { rows } = await db.query<{ relname: string; reltuples: number }>(
          `select c.relname, c.reltuples::int as reltuples from pg_class c
           where c.relnamespace = current_schema()::regnamespace and c.relname in ('disputes', 'deadlines')
           order by c.relname`,
        );
        expect(rows).toEqual([
          { relname: 'deadlines', reltuples: 120 },
          { relname: 'disputes', reltuples: 60 },
        ]);
        // Analyzed: not again until 50 more rows plus 10% have changed.
        expect(await analyzeStaleTables(db)).toEqual([]);
      });
    });

    describe('snapshots', () => {
      beforeEach(migrated);

      it('reads projection and events, and on request outbox rows and first reads, as the other methods do', async () => {
        const spec: Spec = { id: 's-1' };
        const created = await store.append(db, raiseInput(spec));
        const queued = await store.outboxFor(db, 's-1');
        expect(created.outbox).toEqual(queued); // the append hands back the rows it queued
        expect(queued.length).toBeGreaterThan(0);
        for (const [personId, at] of [
          ['tm-1', '2026-11-23T11:00:00+00:00'],
          ['chair-1', '2026-11-23T12:00:00+00:00'],
          ['tm-1', '2026-11-23T13:00:00+00:00'],
        ] as const)
          await store.recordRead(db, { disputeId: 's-1', personId, at, what: 'view', allowed: true });
        await store.recordRead(db, {
          disputeId: 's-1',
          personId: 'stranger',
          at: '2026-11-23T10:30:00+00:00',
          what: 'view',
          allowed: false,
        });

        const bare = await store.snapshot(db, 's-1');
        expect(bare).toEqual({
          projection: await store.getProjection(db, 's-1'),
          events: await store.loadEvents(db, 's-1'),
          outbox: [],
          firstReads: [],
        });
        const full = await store.snapshot(db, 's-1', { outbox: true, firstReads: true });
        expect(full!.outbox).toEqual(queued);
        // Who has seen it: each person's first allowed read, oldest first; a refused look is not "seen".
        expect(full!.firstReads).toEqual([
          { personId: 'tm-1', at: '2026-11-23T11:00:00.000Z', what: 'view', allowed: true },
          { personId: 'chair-1', at: '2026-11-23T12:00:00.000Z', what: 'view', allowed: true },
        ]);
        expect(await store.snapshot(db, 'no-such-dispute')).toBeNull();
      });
    });
  });
}
