// Two real server processes (`node --import tsx src/main.ts`) on one PostgreSQL schema: each due
// deadline fires exactly once however the instances race, and a process killed mid-sweep leaves
// nothing half-written for the other to trip over. The background timers are parked (3600 s), so
// sweeps come from the explicit test-clock calls and from each process's deadline alarm (which
// wakes for the next due deadline by that process's test clock).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { raiseBody } from '../support/raise-body.ts';
import { freshPostgresSchema, postgresUrl } from '../support/test-app.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const chairs = ['chair-amara', 'chair-idris', 'chair-jun'];
const socialWorkers = ['sw-ben', 'sw-dana', 'sw-fern', 'sw-gus'];

interface SweepResult {
  applied: number;
  stale: number;
}

interface Server {
  name: string;
  base: string;
  child: ChildProcess;
  output: string[];
  exited: Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startServer(name: string, databaseUrl: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      TEST_CLOCK: 'on',
      NODE_ENV: 'development',
      // A thousand raises from three chairs at machine speed: this test is about exactly-once
      // sweeps, not the rate limits a person meets (test/security has those).
      RATE_LIMIT_PER_PERSON: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
      SWEEP_INTERVAL_SECONDS: '3600',
      OUTBOX_INTERVAL_SECONDS: '3600',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: Server = { name, base: `http://127.0.0.1:${port}`, child, output, exited };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited (${child.exitCode}) at start:\n${output.join('')}`);
    try {
      const res = await fetch(`${server.base}/healthz`);
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${name} did not answer /healthz in 30 s:\n${output.join('')}`);
    await sleep(100);
  }
}

async function stopServer(server: Server | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const timeout = sleep(5_000).then(() => 'timeout' as const);
  if ((await Promise.race([server.exited, timeout])) === 'timeout') {
    server.child.kill('SIGKILL');
    await server.exited;
  }
}

async function post(server: Server, path: string, body: unknown, user = 'chair-amara') {
  const res = await fetch(`${server.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-user': user },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function setClock(
  server: Server,
  now: string,
): Promise<{ now: string; sweep: SweepResult; outbox: unknown }> {
  const res = await post(server, '/api/dev/clock', { now });
  if (res.status !== 200)
    throw new Error(`${server.name} clock ${now}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Raises `count` Gloucestershire disputes through the REST API, `concurrency` at a time; returns their ids. */
async function raiseMany(
  server: Server,
  prefix: string,
  count: number,
  conferenceDate: string,
  concurrency = 20,
) {
  const ids: string[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const res = await post(
        server,
        '/api/disputes',
        {
          ...raiseBody,
          conferenceDate,
          socialWorkerId: socialWorkers[i % socialWorkers.length],
          child: { ...raiseBody.child, caseNumber: `${prefix}-${String(i).padStart(5, '0')}` },
        },
        chairs[i % chairs.length],
      );
      if (res.status !== 201)
        throw new Error(`raise ${prefix} #${i}: ${res.status} ${JSON.stringify(res.body)}`);
      ids[i] = res.body.id;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

const run = Boolean(postgresUrl);
(run ? describe : describe.skip)(
  run
    ? 'two server processes on one PostgreSQL schema'
    : 'two server processes on one PostgreSQL schema (TEST_DATABASE_URL not set)',
  () => {
    let schema: { url: string; drop: () => Promise<void> };
    let db: pg.Client;
    let a: Server | undefined;
    let b: Server | undefined;
    const count = async (sql: string, params: unknown[] = []) =>
      Number((await db.query<{ n: string }>(sql, params)).rows[0]?.n ?? NaN);
    /** Every projection's version equals its stream's last seq (nothing half-written). */
    const torn = async () =>
      (
        await db.query(
          `select d.id from disputes d
             join (select dispute_id, max(seq) m from dispute_events group by 1) e on e.dispute_id = d.id
           where d.version <> e.m`,
        )
      ).rowCount;

    /**
     * Each person's change kicks an outbox delivery in the process that made it (and in development
     * every Teams delivery fails and is recorded): wait until that work has drained, so the sweeps
     * below race each other rather than the raising process's delivery backlog.
     */
    const settle = async () => {
      const t0 = Date.now();
      let last = '';
      let same = 0;
      const until = Date.now() + 20_000;
      while (same < 4 && Date.now() < until) {
        const { rows } = await db.query(
          `select count(*) n, count(*) filter (where status = 'pending') pending, coalesce(sum(attempts), 0) attempts from outbox`,
        );
        const now = JSON.stringify(rows[0]);
        same = now === last ? same + 1 : 0;
        last = now;
        await sleep(250);
      }
      return Date.now() - t0;
    };

    beforeAll(async () => {
      schema = await freshPostgresSchema('cpd_mp');
      db = new pg.Client({ connectionString: schema.url });
      await db.connect();
      // Migrated by one, then the other: the advisory lock makes the second a no-op.
      [a, b] = await Promise.all([startServer('A', schema.url), startServer('B', schema.url)]);
    }, 60_000);

    afterAll(async () => {
      await Promise.all([stopServer(a), stopServer(b)]);
      await db?.end();
      await schema?.drop();
    }, 30_000);

    it("fires each of 1,000 disputes' deadlines exactly once when both sweep at the same moment", async () => {
      const started = Date.now();
      await setClock(a!, '2026-11-23T10:00:00Z');
      const ids = await raiseMany(a!, 'MP1', 1000, '2026-11-16');
      const raisedMs = Date.now() - started;
      expect(await count('select count(*) n from disputes')).toBe(1000);
      const sweepAt = '2026-11-26T12:00:00Z';
      const due = await count('select count(*) n from deadlines where fired_at is null and due_at <= $1', [
        sweepAt,
      ]);
      const settledMs = await settle();

      const t0 = Date.now();
      const [ra, rb] = await Promise.all([setClock(a!, sweepAt), setClock(b!, sweepAt)]);
      const sweepMs = Date.now() - t0;

      const missed = await db.query<{ dispute_id: string; n: string }>(
        `select dispute_id, count(*) n from dispute_events where type = 'DeadlineMissed' group by 1`,
      );
      expect(missed.rowCount).toBe(ids.length);
      expect(missed.rows.every((r) => Number(r.n) === 1)).toBe(true);
      expect(new Set(missed.rows.map((r) => r.dispute_id))).toEqual(new Set(ids));
      expect(
        await count('select count(*) n from deadlines where fired_at is null and due_at <= $1', [sweepAt]),
      ).toBe(0);
      const appliedRows = await count(`select count(*) n from deadlines where outcome = 'applied'`);
      const staleRows = await count(`select count(*) n from deadlines where outcome like 'stale%'`);
      // What the two clock calls report is what they did; a process's deadline alarm may take a row
      // the other had in hand when its own sweep ended, so the table, not the sum, is exact.
      expect(ra.sweep.applied + rb.sweep.applied).toBeLessThanOrEqual(appliedRows);
      expect(ra.sweep.stale + rb.sweep.stale).toBeLessThanOrEqual(staleRows);
      expect(await torn()).toBe(0);

      console.log(
        `[exactly-once] raised 1000 via A in ${raisedMs} ms (its deliveries drained ${settledMs} ms later); ${due} deadline rows due; sweep on A+B together took ${sweepMs} ms\n` +
          `  A: ${JSON.stringify(ra.sweep)}\n  B: ${JSON.stringify(rb.sweep)}\n` +
          `  table: applied=${appliedRows} stale=${staleRows}; DeadlineMissed per dispute = 1 for all ${ids.length}`,
      );
      // Both instances swept at once over the same rows and each claimed the next row nobody else
      // held, so the work is shared between them rather than fought over.
      expect(ra.sweep.applied + ra.sweep.stale).toBeGreaterThan(0);
      expect(rb.sweep.applied + rb.sweep.stale).toBeGreaterThan(0);
    }, 150_000);

    it('a process killed mid-sweep leaves nothing half-written; the other finishes the work', async () => {
      // An earlier week than the first batch, so none of the first batch's deadlines fall due here.
      const raiseAt = '2026-11-09T10:00:00Z';
      const sweepAt = '2026-11-12T12:00:00Z';
      const raiseStarted = Date.now();
      // Both clocks go back: each process also wakes by itself for the next due deadline (its
      // deadline alarm), by its own test clock, and B's still read the first test's sweep time.
      await Promise.all([setClock(a!, raiseAt), setClock(b!, raiseAt)]);
      const ids = await raiseMany(a!, 'MP2', 500, '2026-11-02');
      const batchDue = `select count(*) n from deadlines where dispute_id = any($1) and due_at <= $2`;
      const total = await count(batchDue, [ids, sweepAt]);
      const fired = () => count(`${batchDue} and fired_at is not null`, [ids, sweepAt]);
      expect(await fired()).toBe(0);
      // No waiting for A's delivery backlog here: A is killed while it sweeps *and* delivers.
      const raisedMs = Date.now() - raiseStarted;

      // Start A's sweep, wait until it is well under way (at least 150 ms, at least 5% fired), kill it.
      const t0 = Date.now();
      const pending = post(a!, '/api/dev/clock', { now: sweepAt }).catch((e: Error) => ({
        status: 0,
        body: e.message,
      }));
      let firedAtKill = 0;
      for (;;) {
        await sleep(20);
        firedAtKill = await fired();
        const elapsed = Date.now() - t0;
        if ((elapsed >= 150 && firedAtKill >= total * 0.05) || firedAtKill >= total * 0.5 || elapsed > 10_000)
          break;
      }
      a!.child.kill('SIGKILL');
      await a!.exited;
      const killedAfterMs = Date.now() - t0;
      const answered = await pending;
      const firedAfterKill = await fired();
      // Killed in the middle: some fired, not all (and nothing more fired after the kill).
      expect(firedAfterKill).toBeGreaterThan(0);
      expect(firedAfterKill).toBeLessThan(total);
      expect(answered.status).toBe(0);

      // The killed process's open transaction is rolled back by the server once it sees the socket
      // close; wait until no other session holds a lock in this schema, so B finds every row free.
      let lockWaitMs = 0;
      while (
        (await count(
          `select count(*) n from pg_locks l join pg_class c on c.oid = l.relation
           where c.relnamespace = current_schema()::text::regnamespace and l.pid <> pg_backend_pid()`,
        )) > 0 &&
        lockWaitMs < 5_000
      ) {
        await sleep(20);
        lockWaitMs += 20;
      }
      expect(await torn()).toBe(0);

      const t1 = Date.now();
      const rb = await setClock(b!, sweepAt);
      const finishMs = Date.now() - t1;

      const missed = await db.query<{ dispute_id: string; n: string }>(
        `select dispute_id, count(*) n from dispute_events where type = 'DeadlineMissed' and dispute_id = any($1) group by 1`,
        [ids],
      );
      expect(missed.rowCount).toBe(ids.length);
      expect(missed.rows.every((r) => Number(r.n) === 1)).toBe(true);
      expect(
        await count('select count(*) n from deadlines where fired_at is null and due_at <= $1', [sweepAt]),
      ).toBe(0);
      expect(await torn()).toBe(0);
      // Every outbox row points at an event that exists (no notification without its cause).
      expect(
        await count(
          `select count(*) n from outbox o left join dispute_events e on e.dispute_id = o.dispute_id and e.seq = o.event_seq
           where e.dispute_id is null`,
        ),
      ).toBe(0);
      // B applied exactly what A had not committed.
      expect(rb.sweep.applied + rb.sweep.stale).toBe(total - firedAfterKill);

      console.log(
        `[crash] 500 disputes raised via A in ${raisedMs} ms, ${total} deadline rows due; A SIGKILLed after ${killedAfterMs} ms with ${firedAfterKill}/${total} fired ` +
          `(${firedAtKill} at the last poll; locks gone ${lockWaitMs} ms later)\n` +
          `  B finished in ${finishMs} ms: ${JSON.stringify(rb.sweep)}`,
      );
    }, 150_000);
  },
);
