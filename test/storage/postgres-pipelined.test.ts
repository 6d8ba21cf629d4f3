// Single statements share a few pipelined connections (pipelined-lanes.ts). What a person relies
// on: each request gets its own answer, one failing statement fails nobody else's, and a lost
// connection costs only the statements that were on it.
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '../../src/adapters/sql/postgres-database.ts';
import type { SqlDatabase } from '../../src/app/ports/sql-database.ts';

const url = process.env.TEST_DATABASE_URL;

if (!url) {
  describe.skip('PostgreSQL pipelined statements (TEST_DATABASE_URL not set)', () => {
    it('answers concurrent statements each with its own result', () => {});
  });
} else {
  describe('PostgreSQL pipelined statements', () => {
    let db: SqlDatabase | undefined;
    afterEach(async () => {
      await db?.close();
      db = undefined;
    });

    it('answers 200 concurrent statements on 2 connections each with its own rows, and fails only the bad one', async () => {
      db = await openPostgresDatabase({ connectionString: url, max: 2, pipelined: 2 });
      const open = db;
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) =>
          open.query<{ n: number; pid: number }>(
            // Statement 77 divides by zero: an error inside the pipeline, between the others.
            `select $1::int / (case when $1::int = 77 then 0 else 1 end) as n, pg_backend_pid() as pid`,
            [i],
            { name: 'pipelined_probe' },
          ),
        ),
      );
      results.forEach((r, i) => {
        if (i === 77) expect(r).toMatchObject({ status: 'rejected', reason: { code: '22012' } });
        else expect(r).toMatchObject({ status: 'fulfilled', value: { rows: [{ n: i }] } });
      });
      // Two connections carried them, not one each.
      const pids = new Set(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.rows[0]!.pid] : [])));
      expect(pids.size).toBe(2);
    });

    it('a connection lost mid-way fails its own statements, and the next ones run on a new connection', async () => {
      db = await openPostgresDatabase({ connectionString: url, max: 2, pipelined: 1 });
      const open = db;
      const before = (await open.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      const slow = expect(open.query('select pg_sleep(5)')).rejects.toThrow();
      // Terminated from a pooled connection (a transaction), as an administrator or a failover would.
      await open.transaction((tx) =>
        tx.query('select pg_terminate_backend($1) from pg_sleep(0.2)', [before]),
      );
      await slow;
      const after = (await open.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      expect(after).not.toBe(before);
    });

    it('a statement waiting for a row lock does not hold up the statements sent after it', async () => {
      db = await openPostgresDatabase({ connectionString: url, max: 2, pipelined: 2 });
      const open = db;
      const table = `lane_lock_${process.pid}_${Date.now()}`;
      await open.query(`create table ${table} (id int primary key, n int)`);
      try {
        await open.query(`insert into ${table} values (1, 0)`);
        let release!: () => void;
        const held = new Promise<void>((r) => (release = r));
        let locked!: () => void;
        const isLocked = new Promise<void>((r) => (locked = r));
        // A transaction (as the sweeper's) holds the row ...
        const holder = open.transaction(async (tx) => {
          await tx.query(`select 1 from ${table} where id = 1 for update`);
          locked();
          await held;
        });
        await isLocked;
        // ... a pipelined write to it waits on one connection, long enough to count as stalled ...
        const waiting = open.query(`update ${table} set n = n + 1 where id = 1`);
        await new Promise((r) => setTimeout(r, 300));
        // ... and what comes after goes by the other one, answered while the lock is still held.
        const quick = await Promise.all(
          Array.from({ length: 5 }, (_, i) => open.query<{ n: number }>('select $1::int as n', [i])),
        );
        expect(quick.map((r) => r.rows[0]!.n)).toEqual([0, 1, 2, 3, 4]);
        release();
        await holder;
        expect((await waiting).rowCount).toBe(1);
      } finally {
        await open.query(`drop table ${table}`);
      }
    });

    it('a transaction keeps to its own connection: its statements do not mix with pipelined ones', async () => {
      db = await openPostgresDatabase({ connectionString: url, max: 2, pipelined: 1 });
      const open = db;
      const seen = await open.transaction(async (tx) => {
        await tx.query(`set local application_name = 'in-transaction'`);
        const outside = await open.query<{ name: string }>(
          `select current_setting('application_name') as name`,
        );
        const inside = await tx.query<{ name: string }>(`select current_setting('application_name') as name`);
        return { outside: outside.rows[0]!.name, inside: inside.rows[0]!.name };
      });
      expect(seen.inside).toBe('in-transaction');
      expect(seen.outside).not.toBe('in-transaction');
    });
  });
}
