// A card press costs one read and one write (issue 15 item 5): the dispute is read once, the action
// and its audit are written in one statement, and the card the person gets back is drawn from the
// view the action answers with. Pressing the same card twice records one event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/app/ports/directory.ts';
import type { SqlDatabase, SqlExecutor } from '../../src/app/ports/sql-database.ts';
import { cardText, executeActions } from '../support/card-inspection.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../support/fake-bot-connector.ts';
import { teamsClient, teamsUser, type TeamsUser } from '../support/teams-client.ts';
import { raiseBody } from '../support/raise-body.ts';
import { apiAs, startTestApp, storeKinds, type TestApp } from '../support/test-app.ts';

/** Counts the statements the council's database is sent: each query, and a transaction's BEGIN and COMMIT. */
function countRoundTrips(app: TestApp) {
  const council = app.councils.all[0]!;
  const db = council.services.db;
  const counter = { statements: [] as string[] };
  const counted = (tx: SqlExecutor): SqlExecutor => ({
    query: (sql, params, options) => {
      counter.statements.push(sql.trim().split(/\s+/).slice(0, 3).join(' '));
      return tx.query(sql, params, options);
    },
  });
  const watched: SqlDatabase = {
    kind: db.kind,
    get tenantId() {
      return db.tenantId;
    },
    query: (sql, params, options) => counted(db).query(sql, params, options),
    transaction: (work) => {
      counter.statements.push('begin');
      return db.transaction((tx) => work(counted(tx))).finally(() => counter.statements.push('commit'));
    },
    forTenant: (t) => db.forTenant(t),
    close: () => db.close(),
  };
  council.services.db = watched;
  return counter;
}

for (const store of storeKinds) {
  describe.skipIf(!store.run)(`a card press ${store.label}`, () => {
    let app: TestApp;
    let connector: FakeBotConnector;
    let client: ReturnType<typeof teamsClient>;
    const users: Record<string, TeamsUser> = {};
    beforeAll(async () => {
      connector = await startFakeBotConnector();
      app = await startTestApp(store.kind);
      client = teamsClient(app, connector.serviceUrl);
      for (const id of ['chair-amara', 'sw-ben', 'tm-carla']) {
        users[id] = teamsUser((await app.services.directory.byId(id)) as Person);
        expect((await client.install(users[id])).status).toBe(200);
      }
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await connector?.close();
    });

    it('costs one read and one write, and the same card pressed twice records one event', async () => {
      app.testClock!.set('2026-11-23T09:00:00Z');
      const raised = await apiAs(app, 'chair-amara').post('/api/disputes', raiseBody);
      expect(raised.status).toBe(201);
      const card = { disputeId: raised.body.id, version: raised.body.version };

      const counter = countRoundTrips(app);
      const first = await client.press(users['sw-ben']!, 'acknowledge', card);
      expect(first.status).toBe(200);
      expect(cardText(first.card)).toMatch(/acknowledgement is recorded/);
      // The card answered is the new version's: its buttons carry the version after the action.
      const versions = executeActions(first.card!).map((a) => (a.data as { version?: number }).version);
      expect(versions.filter((v) => v !== undefined)).toContain(raised.body.version + 1);
      expect(counter.statements, counter.statements.join('\n')).toHaveLength(2);

      const second = await client.press(users['sw-ben']!, 'acknowledge', card);
      expect(second.status).toBe(200);
      expect(cardText(second.card)).toMatch(/out of date/);
      const { rows } = await app.database.query<{ n: number }>(
        `select count(*)::int as n from dispute_events where dispute_id = $1 and type = 'Acknowledged'`,
        [raised.body.id],
      );
      expect(rows[0]!.n).toBe(1);
    }, 120_000);
  });
}
