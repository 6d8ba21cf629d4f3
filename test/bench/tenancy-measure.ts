// `npx tsx test/bench/tenancy-measure.ts` (a script, not a test; TEST_DATABASE_URL set): raise +
// respond through the API in-process, 20 clients at once, on PostgreSQL as (a) one superuser role
// (row-level security bypassed) and (b) an app role that owns nothing (row-level security
// enforced), and on PGlite (ONLY_PGLITE=1: PGlite alone). Prints pairs per second and, for the
// app role, its connections afterwards (the pipelined lanes and the pool). Figures in docs/tenancy.md.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.ts';
import { startApp } from '../../src/start-app.ts';
import { raiseBody } from '../support/raise-body.ts';
import { freshPostgresSchema, postgresUrl } from '../support/test-app.ts';
import { createTwoRoleDatabase } from '../support/two-councils.ts';

async function run(label: string, env: Record<string, string>, appRole?: string) {
  const full = { NODE_ENV: 'test', DELIVERY: 'log', ...env };
  const app = await startApp(loadConfig(full), pino({ level: 'silent' }), {
    listen: false,
    background: false,
    env: full,
  });
  app.testClock!.set('2026-11-23T10:00:00Z');
  const post = async (person: string, url: string, body: unknown) => {
    const r = await app.server.inject({
      method: 'POST',
      url,
      headers: { 'x-dev-user': person, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    if (r.statusCode >= 300) throw new Error(`${url} ${r.statusCode} ${r.body}`);
    return JSON.parse(r.body);
  };
  let n = 0;
  const pair = async () => {
    const child = { ...raiseBody.child, caseNumber: `NB-${++n}` };
    const d = await post('chair-amara', '/api/disputes', { ...raiseBody, child });
    await post('sw-ben', `/api/disputes/${d.id}/responses`, {
      version: d.version,
      outcome: 'disagree',
      text: 'x',
    });
  };
  for (let i = 0; i < 40; i++) await pair(); // warm-up
  const clients = 20,
    each = 15;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < each; i++) await pair();
    }),
  );
  const ms = performance.now() - t0;
  let connections = '';
  if (appRole) {
    const c = new pg.Client({ connectionString: postgresUrl });
    await c.connect();
    const { rows } = await c.query('select count(*)::int n from pg_stat_activity where usename = $1', [
      appRole,
    ]);
    connections = ` app-role connections: ${rows[0].n}`;
    await c.end();
  }
  console.log(
    `${label}: ${clients * each} raise+respond pairs in ${Math.round(ms)} ms = ${Math.round((clients * each * 1000) / ms)} pairs/s${connections}`,
  );
  await app.stop();
}

if (process.env.ONLY_PGLITE) {
  await run('pglite', { DATA_DIR: 'memory://' });
  process.exit(0);
}
const fresh = await freshPostgresSchema('cpd_measure');
await run('postgres, one superuser role (RLS bypassed)', { DATABASE_URL: fresh.url });
await fresh.drop();
const two = await createTwoRoleDatabase(postgresUrl!);
await run(
  'postgres, app role (RLS enforced)',
  { DATABASE_URL: two.appUrl, MIGRATION_DATABASE_URL: two.ownerUrl },
  two.appRole,
);
await two.drop();
await run('pglite', { DATA_DIR: 'memory://' });
