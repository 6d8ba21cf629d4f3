// A server process whose database stops taking writes (here: PostgreSQL's
// default_transaction_read_only, as after a failover to a read-only replica) reports itself
// unready, refuses writes with a 5xx that loses nothing, and stays up with its background work
// running; once writes succeed again it is ready again without a restart. The database is one of
// its own, because the setting applies to every session on it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { raiseBody } from '../support/raise-body.ts';
import { postgresUrl } from '../support/test-app.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: postgresUrl });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** Sets or clears read-only for new sessions, and ends the server's sessions so it reconnects. */
async function setReadOnly(db: string, on: boolean) {
  await admin(async (c) => {
    await c.query(
      on
        ? `alter database ${db} set default_transaction_read_only = on`
        : `alter database ${db} reset default_transaction_read_only`,
    );
    await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [db]);
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

const run = Boolean(postgresUrl);
(run ? describe : describe.skip)(
  run
    ? 'readiness while the database refuses writes'
    : 'readiness while the database refuses writes (TEST_DATABASE_URL not set)',
  () => {
    const db = `cpd_readonly_${randomBytes(4).toString('hex')}`;
    let child: ChildProcess;
    let base: string;
    const output: string[] = [];
    let exitCode: number | null = null;

    beforeAll(async () => {
      await admin((c) => c.query(`create database ${db}`));
      const url = new URL(postgresUrl!);
      url.pathname = `/${db}`;
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: repoRoot,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          DATABASE_URL: url.toString(),
          PORT: String(port),
          HOST: '127.0.0.1',
          NODE_ENV: 'development',
          TEST_CLOCK: 'on',
          // The sweep and the outbox run every second, into the read-only database too.
          SWEEP_INTERVAL_SECONDS: '1',
          OUTBOX_INTERVAL_SECONDS: '1',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (b: Buffer) => output.push(b.toString()));
      child.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
      child.once('exit', (code) => (exitCode = code ?? -1));
      await until('the server to be ready', async () =>
        (await fetch(`${base}/readyz`)).ok ? true : undefined,
      ).catch((e) => {
        throw new Error(`${(e as Error).message}:\n${output.join('')}`);
      });
    }, 60_000);

    afterAll(async () => {
      if (child && exitCode === null) {
        child.kill('SIGTERM');
        await until('the server to stop', async () => (exitCode !== null ? true : undefined), 10_000).catch(
          () => child.kill('SIGKILL'),
        );
      }
      await admin((c) => c.query(`drop database if exists ${db} with (force)`));
    }, 30_000);

    const raise = (caseNumber: string) =>
      fetch(`${base}/api/disputes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dev-user': 'chair-amara' },
        body: JSON.stringify({ ...raiseBody, child: { ...raiseBody.child, caseNumber } }),
      });

    it('is unready while writes fail, stays up, and is ready again once they succeed', async () => {
      expect((await raise('RO-00001')).status).toBe(201);

      await setReadOnly(db, true);
      const unready = await until('/readyz to answer 503', async () => {
        const r = await fetch(`${base}/readyz`);
        return r.status === 503 ? ((await r.json()) as { reason: string }) : undefined;
      });
      expect(unready.reason).toMatch(/refused a write \(SQLSTATE 25006\)/);
      // Liveness does no I/O: the platform must not restart an instance for its database's state.
      expect((await fetch(`${base}/livez`)).status).toBe(200);
      const refused = await raise('RO-00002');
      expect(refused.status).toBeGreaterThanOrEqual(500);
      // Several sweeps and outbox runs hit the read-only database meanwhile.
      await sleep(3_000);
      expect(exitCode).toBeNull();
      expect((await fetch(`${base}/readyz`)).status).toBe(503);

      await setReadOnly(db, false);
      await until('/readyz to answer 200', async () =>
        (await fetch(`${base}/readyz`)).status === 200 ? true : undefined,
      );
      expect((await raise('RO-00003')).status).toBe(201);
      expect(exitCode).toBeNull();
      // The refused raise wrote nothing; the two accepted ones are there.
      const own = new pg.Client({
        connectionString: Object.assign(new URL(postgresUrl!), { pathname: `/${db}` }).toString(),
      });
      await own.connect();
      const cases = (await own.query<{ case_number: string }>('select case_number from disputes order by 1'))
        .rows;
      await own.end();
      expect(cases.map((r) => r.case_number)).toEqual(['RO-00001', 'RO-00003']);
    }, 60_000);
  },
);
