// The dispute store on PGlite (PostgreSQL in WASM): the shared suite on one in-memory engine with a
// fresh schema per test, plus what only the embedded engine needs showing — data kept in a
// directory across close and reopen, and one connection shared safely by concurrent callers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteDatabase } from '../../src/adapters/sql/pglite-database.ts';
import type { AppendInput } from '../../src/app/ports/dispute-event-store.ts';
import type { SqlDatabase, SqlExecutor, SqlResult } from '../../src/app/ports/sql-database.ts';
import { describeDisputeStore } from './dispute-store.suite.ts';
import { createProbedStore } from '../support/store-probes.ts';

let engine: SqlDatabase | undefined;
let schemas = 0;

/** A fresh schema on the file's one in-memory engine (starting PGlite takes seconds; a schema, not). */
async function openDb(): Promise<SqlDatabase> {
  engine ??= await openPgliteDatabase();
  const db = engine;
  const schema = `cpd_test_${++schemas}`;
  await db.query(`create schema ${schema}`);
  await db.query(`set search_path to ${schema}`);
  return {
    kind: db.kind,
    tenantId: null,
    forTenant: (tenantId) => db.forTenant(tenantId),
    query: <Row>(sql: string, params?: readonly unknown[]): Promise<SqlResult<Row>> =>
      db.query<Row>(sql, params),
    transaction: <T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> => db.transaction(work),
    close: async () => {
      await db.query('set search_path to public');
      await db.query(`drop schema ${schema} cascade`);
    },
  };
}

// Starting PGlite takes a few seconds, far more on a busy machine: once per file, not in a test's hooks.
beforeAll(async () => {
  engine = await openPgliteDatabase();
}, 120_000);

afterAll(async () => {
  await engine?.close();
});

describeDisputeStore('PGlite dispute store (in memory)', openDb);

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PGlite database', () => {
  it('keeps its data in a directory (created if missing) across close and reopen', async () => {
    const root = await mkdtemp(join(tmpdir(), 'cpd-pglite-'));
    const dataDir = join(root, 'not', 'yet', 'there');
    try {
      const input: AppendInput = {
        disputeId: 'kept',
        tenantId: 't',
        expectedVersion: 0,
        events: [
          {
            type: 'NoteAdded',
            at: '2026-11-23T10:00:00+00:00',
            actorId: 'chair-1',
            stageId: 'stage-1',
            text: "Zoë O'Neill's plan — 🧒",
          },
        ],
        projection: {
          id: 'kept',
          tenantId: 't',
          reference: 'CPD-1',
          protocolId: 'p',
          version: 1,
          status: 'open',
          raiserId: 'chair-1',
          socialWorkerId: 'sw-1',
          caseNumber: 'C-1',
          theme: 'plan',
          stageId: 'stage-1',
          stageOpenedOn: '2026-11-23',
          dueOn: '2026-11-26',
          dueAt: '2026-11-26T23:59:59.999Z',
          capOn: null,
          respondentIds: ['tm-1'],
          copiedIds: [],
          participantIds: ['chair-1', 'tm-1'],
          awaitingChairDecision: false,
          stageAnswered: false,
          raisedAt: '2026-11-23T10:00:00.000Z',
          closedAt: null,
        },
        deadlines: [
          {
            disputeId: 'kept',
            key: 'k',
            kind: 'stage-due',
            stageId: 'stage-1',
            dueAt: '2026-11-26T23:59:59.999Z',
          },
        ],
        notifications: [],
      };

      const first = await openPgliteDatabase({ dataDir });
      const store1 = createProbedStore(first);
      await store1.migrate();
      await first.transaction((tx) => store1.append(tx, input));
      await first.close();

      const second = await openPgliteDatabase({ dataDir });
      try {
        const store2 = createProbedStore(second);
        await store2.migrate(); // already current: nothing to do
        expect(await store2.loadEvents(second, 'kept')).toEqual([
          { disputeId: 'kept', seq: 1, event: input.events[0] },
        ]);
        expect(await store2.getProjection(second, 'kept')).toEqual(input.projection);
        expect(await store2.pendingDeadlines(second, 'kept')).toEqual(input.deadlines);
      } finally {
        await second.close();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);

  it("serialises concurrent callers: nothing runs inside another caller's transaction, no dirty reads", async () => {
    const db = await openDb();
    try {
      await db.query('create table t (v text)');
      const log: string[] = [];
      const firstWrote = deferred();
      const first = db.transaction(async (tx) => {
        await tx.query(`insert into t values ('first')`);
        firstWrote.resolve();
        await sleep(50); // others queue up meanwhile
        const { rows } = await tx.query<{ v: string }>('select v from t order by v');
        log.push(`first sees ${rows.map((r) => r.v).join(',')}`);
        throw new Error('first rolls back');
      });
      await firstWrote.promise;
      const plainInsert = db
        .query(`insert into t values ('plain')`)
        .then(() => log.push('plain insert done'));
      const plainRead = db
        .query<{ v: string }>('select v from t order by v')
        .then((r) => log.push(`plain read sees ${r.rows.map((x) => x.v).join(',')}`));
      const second = db.transaction(async (tx) => {
        const { rows } = await tx.query<{ v: string }>('select v from t order by v');
        log.push(`second sees ${rows.map((r) => r.v).join(',')}`);
      });

      await expect(first).rejects.toThrow('first rolls back');
      await Promise.all([plainInsert, plainRead, second]);
      expect(log).toEqual([
        'first sees first',
        // Waited for the first transaction, so was not rolled back with it:
        'plain insert done',
        'plain read sees plain',
        'second sees plain',
      ]);
    } finally {
      await db.close();
    }
  });

  it('refuses db.query()/db.transaction() inside a transaction instead of waiting for itself forever', async () => {
    const db = await openDb();
    try {
      await expect(db.transaction(() => db.query('select 1'))).rejects.toThrow(/inside a transaction/);
      await expect(db.transaction(() => db.transaction(async () => 1))).rejects.toThrow(
        /inside a transaction/,
      );
      // Work started inside a transaction but run after it ended is fine.
      let later: (() => Promise<unknown>) | undefined;
      await db.transaction(async () => {
        later = () => db.query('select 1 as one');
      });
      expect((await later!()) as unknown).toMatchObject({ rows: [{ one: 1 }] });
    } finally {
      await db.close();
    }
  });
});
