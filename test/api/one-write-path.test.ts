// The system writes as people do (issue 15 item 5): load, decide, append against the version
// loaded, again from the load when another write got in first; and no directory or calendar call
// (Graph, in production) is made while this app holds a transaction, or a lock on the dispute.
// On PostgreSQL each call also checks, from another connection, that the dispute's row and its
// deadline rows can be locked at that moment.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../../src/app/deadline-sweeper.ts';
import { createMeetingJobDelivery, routeDeliveries } from '../../src/app/meeting-jobs.ts';
import { deliverOutbox } from '../../src/app/outbox-worker.ts';
import { PersonDisputes } from '../../src/app/person-disputes.ts';
import type { Delivery } from '../../src/app/ports/delivery.ts';
import type { Directory, Person } from '../../src/app/ports/directory.ts';
import type { MeetingCalendar } from '../../src/app/ports/meeting-calendar.ts';
import type { SqlDatabase } from '../../src/app/ports/sql-database.ts';
import { raiseAtStage2, stateOf } from '../meetings/meeting-test-kit.ts';
import { raiseBody } from '../support/raise-body.ts';
import { apiAs, startTestApp, storeKinds, type TestApp } from '../support/test-app.ts';

/** Watches the app's transactions and answers whether a network call now would be made under a lock. */
function lockWatch(app: TestApp, kind: 'pglite' | 'postgres') {
  const council = app.councils.all[0]!;
  const db = council.services.db;
  let open = 0;
  const watched: SqlDatabase = {
    kind: db.kind,
    get tenantId() {
      return db.tenantId;
    },
    query: (sql, params, options) => db.query(sql, params, options),
    transaction: async (work) => {
      open++;
      try {
        return await db.transaction(work);
      } finally {
        open--;
      }
    },
    forTenant: (t) => db.forTenant(t),
    close: () => db.close(),
  };
  council.services.db = watched;
  const violations: string[] = [];
  let disputeId: string | null = null;
  let probes: Promise<void> = Promise.resolve();
  return {
    violations,
    watch(id: string) {
      disputeId = id;
    },
    /** Called at the start of every network call. */
    async check(what: string) {
      if (open > 0) violations.push(`${what} with ${open} transaction(s) of this app open`);
      if (kind !== 'postgres' || !disputeId) return;
      const id = disputeId;
      // Another connection of the same database: would it get the locks a writer takes? One probe
      // at a time (calls made together would otherwise find each other's probe).
      const probe = probes.then(() =>
        app.database
          .transaction(async (tx) => {
            await tx.query('select 1 from disputes where id = $1 for update nowait', [id]);
            await tx.query('select 1 from deadlines where dispute_id = $1 for update nowait', [id]);
          })
          .catch((e: unknown) => {
            violations.push(`${what} while the dispute's rows are locked: ${(e as Error).message}`);
          }),
      );
      probes = probe;
      await probe;
    },
  };
}

/** The council's directory, `before` awaited at the start of each call. */
function watchedDirectory(directory: Directory, before: (what: string) => Promise<void>): Directory {
  const checked =
    <A extends unknown[], R>(name: string, f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      await before(`directory.${name}`);
      return f(...a);
    };
  return {
    kind: directory.kind,
    byId: checked('byId', (id) => directory.byId(id)),
    byAadObjectId: checked('byAadObjectId', (t, a) => directory.byAadObjectId(t, a)),
    holdersOfPost: checked('holdersOfPost', (p) => directory.holdersOfPost(p)),
    managerChain: checked('managerChain', (id) => directory.managerChain(id)),
    search: checked('search', (q) => directory.search(q)),
    all: checked('all', () => directory.all()),
    standInFor: checked('standInFor', (p: Person, d: string) =>
      directory.standInFor ? directory.standInFor(p, d) : Promise.resolve(null),
    ),
  };
}

for (const store of storeKinds) {
  describe.skipIf(!store.run)(`one write path ${store.label}`, () => {
    let app: TestApp;
    beforeEach(async () => {
      app = await startTestApp(store.kind);
    }, 120_000);
    afterEach(async () => {
      await app?.close();
    });

    it('the sweeper looks people up in the directory with no transaction open and no row locked', async () => {
      app.testClock!.set('2026-11-23T09:00:00Z');
      const raised = await apiAs(app, 'chair-amara').post('/api/disputes', raiseBody);
      expect(raised.status).toBe(201);
      const watch = lockWatch(app, store.kind);
      watch.watch(raised.body.id);
      const council = app.councils.all[0]!;
      const counter = { calls: 0 };
      council.services.directory = watchedDirectory(council.services.directory, (what) => {
        counter.calls++;
        return watch.check(what);
      });

      app.testClock!.set('2026-12-03T09:00:00Z'); // the informal stage's two working days are long past
      const swept = await sweepDeadlines(council.services);
      expect(swept.applied).toBeGreaterThanOrEqual(1);
      expect(counter.calls).toBeGreaterThan(0); // the roster was looked up: the check ran
      expect(watch.violations).toEqual([]);
      const state = await stateOf(app, raised.body.id);
      expect(state.version).toBeGreaterThan(raised.body.version);
    }, 120_000);

    it('a person writing while the sweeper looks people up: the sweeper decides again on the new version', async () => {
      app.testClock!.set('2026-11-23T09:00:00Z');
      const raised = await apiAs(app, 'chair-amara').post('/api/disputes', raiseBody);
      const council = app.councils.all[0]!;
      const directory = council.services.directory;
      const ben = (await directory.byId('sw-ben'))!;
      let interfered = false;
      // The first directory call of the sweep (the roster): the social worker acknowledges meanwhile
      // (no lock stops him), so the sweeper's first append finds the dispute moved on.
      council.services.directory = watchedDirectory(directory, async () => {
        if (interfered) return;
        interfered = true;
        await new PersonDisputes(council.services, ben).act(raised.body.id, raised.body.version, {
          type: 'acknowledge',
        });
      });
      app.testClock!.set('2026-12-03T09:00:00Z');
      const swept = await sweepDeadlines(council.services);
      expect(interfered).toBe(true);
      expect(swept.applied).toBeGreaterThanOrEqual(1);
      const state = await stateOf(app, raised.body.id);
      const { rows } = await app.database.query<{ type: string; seq: number }>(
        'select type, seq from dispute_events where dispute_id = $1 order by seq',
        [raised.body.id],
      );
      // The acknowledgement follows the raise; the sweeper's events follow it, each deadline once.
      expect(rows[raised.body.version]).toMatchObject({ type: 'Acknowledged', seq: raised.body.version + 1 });
      expect(rows.filter((r) => r.type === 'DeadlineMissed')).toHaveLength(1);
      expect(state.version).toBe(rows.length);
      const unfired = await app.database.query(
        `select 1 from deadlines where dispute_id = $1 and fired_at is null and due_at <= $2`,
        [raised.body.id, app.testClock!.now()],
      );
      expect(unfired.rows).toEqual([]);
    }, 120_000);

    it('meeting jobs call the calendar and the directory with no transaction open and no row locked', async () => {
      app.testClock!.set('2026-10-19T07:00:00Z'); // Monday 19 October 2026, 08:00 in London
      const dispute = await raiseAtStage2(app);
      const watch = lockWatch(app, store.kind);
      watch.watch(dispute.id);
      const council = app.councils.all[0]!;
      const counter = { calls: 0 };
      council.services.directory = watchedDirectory(council.services.directory, (what) => {
        counter.calls++;
        return watch.check(what);
      });
      const calendarCalls: string[] = [];
      const calendar: MeetingCalendar = {
        kind: 'ics',
        async availability() {
          calendarCalls.push('availability');
          await watch.check('calendar.availability');
          return [];
        },
        async book(request) {
          calendarCalls.push('book');
          await watch.check('calendar.book');
          return { provider: 'ics', eventId: `evt-${request.meetingKey}`, joinUrl: null, warnings: [] };
        },
        async move(eventId) {
          calendarCalls.push('move');
          await watch.check('calendar.move');
          return { provider: 'ics', eventId, joinUrl: null, warnings: [] };
        },
        async cancel() {
          calendarCalls.push('cancel');
          await watch.check('calendar.cancel');
        },
        async responses() {
          return [];
        },
      };
      const messages: Delivery = { kind: 'none', deliver: async () => {} };
      const delivery = routeDeliveries(
        messages,
        createMeetingJobDelivery(council.services, {
          calendar,
          organiser: null,
          appBaseUrl: 'https://cp.example',
        }),
      );
      await deliverOutbox(council.services, delivery);
      expect(calendarCalls).toContain('book');
      expect(counter.calls).toBeGreaterThan(0);
      expect(watch.violations).toEqual([]);
      const state = await stateOf(app, dispute.id);
      expect(state.meetings.map((m) => m.eventId)).toHaveLength(1);
    }, 120_000);
  });
}
