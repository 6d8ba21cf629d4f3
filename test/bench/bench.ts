// `npm run bench`: a script, not a test. Measures, on this machine:
//   1. raise + respond through the REST API over real HTTP (127.0.0.1), 50 concurrent clients,
//      on PGlite (temp DATA_DIR) and on PostgreSQL (TEST_DATABASE_URL, fresh schema);
//   2. the deadline sweep with 100,000 open disputes of which 1,000 are due (seeded in bulk SQL
//      from disputes raised through the real write path), with EXPLAIN (ANALYZE, BUFFERS) of the
//      sweeper's due-row query;
//   3. resident memory: the app idle 3 s after start (PGlite), and after the HTTP load.
// Bounded counts and a time limit: it stops by itself. Nothing listens beyond 127.0.0.1.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { CLAIM_NEXT_DEADLINE_SQL } from '../../src/adapters/sql/sql-dispute-store.ts';
import { sweepDeadlines } from '../../src/app/deadline-sweeper.ts';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { raiseBody } from '../support/raise-body.ts';
import { freshPostgresSchema, postgresUrl } from '../support/test-app.ts';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 1000); // raise + respond: 2 requests each
const WARMUP_PAIRS = 50;
const BASELINE_PAIRS = 100; // one client alone: the service time without queueing
const OPEN_DISPUTES = 100_000;
const DUE_DISPUTES = 1_000;
const SWEEP_ON_PGLITE = process.env.BENCH_PGLITE_SWEEP !== 'off';
const TIME_LIMIT_MS = 15 * 60_000;
const P99_TARGET_MS = 50;
const IDLE_RSS_TARGET_MB = 200;

const chairs = ['chair-amara', 'chair-idris', 'chair-jun'];
const socialWorkers = ['sw-ben', 'sw-dana', 'sw-fern', 'sw-gus'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const rssMb = () => mb(process.memoryUsage().rss);
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const thousands = (n: number) => n.toLocaleString('en-GB');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    '| ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
  const rule = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|';
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// the app, listening on 127.0.0.1

interface Listening {
  app: RunningApp;
  base: string;
}

async function startListening(env: Record<string, string>): Promise<Listening> {
  const config = loadConfig({ NODE_ENV: 'test', TEST_CLOCK: 'on', PORT: '0', HOST: '127.0.0.1', ...env });
  const app = await startApp(config, pino({ level: 'silent' }), { listen: true, background: false });
  const address = app.server.server.address();
  if (!address || typeof address === 'string') throw new Error('the server did not report a TCP port');
  return { app, base: `http://127.0.0.1:${address.port}` };
}

async function call(base: string, method: 'GET' | 'POST', path: string, user: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-dev-user': user, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

// ---------------------------------------------------------------------------------------------
// 1. HTTP: each client raises a dispute as a chair, then answers it as the social worker

interface HttpResult {
  store: string;
  clients: number;
  requests: number;
  wallMs: number;
  errors: number;
  raise: number[];
  respond: number[];
}

async function httpRun(
  base: string,
  store: string,
  prefix: string,
  pairs: number,
  clients: number,
): Promise<HttpResult> {
  const raise: number[] = [];
  const respond: number[] = [];
  let errors = 0;
  let next = 0;
  const client = async () => {
    for (let i = next++; i < pairs; i = next++) {
      const chair = chairs[i % chairs.length]!;
      const sw = socialWorkers[i % socialWorkers.length]!;
      let t = performance.now();
      const raised = await call(base, 'POST', '/api/disputes', chair, {
        ...raiseBody,
        socialWorkerId: sw,
        child: { ...raiseBody.child, caseNumber: `${prefix}-${i}` },
      });
      raise.push(performance.now() - t);
      if (raised.status !== 201) {
        errors++;
        if (errors <= 3) console.error(`raise: ${raised.status} ${JSON.stringify(raised.body)}`);
        continue;
      }
      t = performance.now();
      const answered = await call(base, 'POST', `/api/disputes/${raised.body.id}/responses`, sw, {
        version: raised.body.version,
        outcome: 'actions-agreed',
        text: 'A visit is booked for Thursday; I will see the child alone and record it.',
      });
      respond.push(performance.now() - t);
      if (answered.status !== 200) {
        errors++;
        if (errors <= 3) console.error(`respond: ${answered.status} ${JSON.stringify(answered.body)}`);
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  const wallMs = performance.now() - t0;
  raise.sort((x, y) => x - y);
  respond.sort((x, y) => x - y);
  return { store, clients, requests: raise.length + respond.length, wallMs, errors, raise, respond };
}

/** Warm-up (not counted), one client alone, then the concurrent load. */
async function httpLoad(base: string, store: string): Promise<HttpResult[]> {
  await call(base, 'POST', '/api/dev/clock', 'chair-amara', { now: '2026-11-23T10:00:00Z' });
  await httpRun(base, store, `WARM-${store}`, WARMUP_PAIRS, 10);
  const alone = await httpRun(base, store, `ONE-${store}`, BASELINE_PAIRS, 1);
  const loaded = await httpRun(base, store, `LOAD-${store}`, PAIRS, CLIENTS);
  return [alone, loaded];
}

// ---------------------------------------------------------------------------------------------
// the real server as its own process (`node --import tsx src/main.ts`): resident memory when idle

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts the server, waits for /healthz and 3 s idle, reads its RSS (Linux /proc), stops it. */
async function serverIdleRss(
  env: Record<string, string>,
): Promise<{ startMs: number; rssMb: number | null }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'development',
      TEST_CLOCK: 'on',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const t0 = performance.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited at start: ${stderr}`);
      if (performance.now() - t0 > 60_000)
        throw new Error(`server did not answer /healthz in 60 s: ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await sleep(100);
    }
    const startMs = performance.now() - t0;
    await sleep(3000);
    let rss: number | null = null;
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      rss = kb ? Math.round(Number(kb) / 1024) : null;
    } catch {
      rss = null; // not Linux
    }
    return { startMs, rssMb: rss };
  } finally {
    child.kill('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
    if (timedOut) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 2. the sweep: 100,000 open disputes, 1,000 due

interface SweepBench {
  store: string;
  seedMs: number;
  disputes: number;
  deadlineRows: number;
  dueRows: number;
  sweepMs: number;
  applied: number;
  stale: number;
  plan: string;
  planLimit: number;
  indexScan: boolean;
  planRows: string;
  planExecMs: string;
}

const PROJECTION_COPY = `tenant_id, protocol_id, version, status, raiser_id, social_worker_id, theme, stage_id,
  stage_opened_on, due_on, due_at, cap_on, respondent_ids, copied_ids, participant_ids, awaiting_chair_decision,
  raised_at, closed_at`;

/**
 * Clones a dispute raised through the real write path `count` times (ids `${prefix}-n`): the
 * projection, its events (the Raised event's disputeId and case number rewritten) and its deadline
 * rows; `preFired` deadline kinds are marked as already fired on their due time.
 */
async function cloneDispute(
  app: RunningApp,
  templateId: string,
  prefix: string,
  from: number,
  count: number,
  preFired: string[],
) {
  const { db } = app.services;
  const id = `'${prefix}-' || lpad(g::text, 6, '0')`;
  const series = `generate_series(${from}, ${from + count - 1}) g`;
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into disputes (id, reference, case_number, ${PROJECTION_COPY})
       select ${id}, 'CPD-${prefix}' || lpad(g::text, 6, '0'), '${prefix}-' || g, ${PROJECTION_COPY}
       from disputes t cross join ${series} where t.id = $1`,
      [templateId],
    );
    await tx.query(
      `insert into dispute_events (dispute_id, seq, type, at, actor_id, data, tenant_id)
       select ${id}, e.seq, e.type, e.at, e.actor_id,
         case when e.type = 'Raised'
           then jsonb_set(jsonb_set(e.data, '{disputeId}', to_jsonb(${id})), '{child,caseNumber}', to_jsonb('${prefix}-' || g))
           else e.data end,
         e.tenant_id
       from dispute_events e cross join ${series} where e.dispute_id = $1`,
      [templateId],
    );
    await tx.query(
      `insert into deadlines (dispute_id, key, kind, stage_id, due_at, fired_at, outcome, tenant_id)
       select ${id}, d.key, d.kind, d.stage_id, d.due_at,
         case when d.kind = any($2::text[]) then d.due_at end,
         case when d.kind = any($2::text[]) then 'applied' end,
         d.tenant_id
       from deadlines d cross join ${series} where d.dispute_id = $1`,
      [templateId, preFired],
    );
  });
}

async function sweepBench(app: RunningApp, store: string): Promise<SweepBench> {
  const { db } = app.services;
  const clock = app.testClock!;
  const raiseTemplate = async (at: string, caseNumber: string) => {
    clock.set(at); // set directly: POST /api/dev/clock would also sweep
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/disputes',
      headers: { 'x-dev-user': 'chair-amara', 'content-type': 'application/json' },
      payload: JSON.stringify({ ...raiseBody, child: { ...raiseBody.child, caseNumber } }),
    });
    if (res.statusCode !== 201) throw new Error(`template raise: ${res.statusCode} ${res.body}`);
    return (JSON.parse(res.body) as { id: string }).id;
  };
  // Due: raised Monday 23 November, informal stage due end of Wednesday 25th; its reminders went out.
  const dueTemplate = await raiseTemplate('2026-11-23T10:00:00Z', 'TPL-DUE');
  // Not due: raised Monday 7 December, due Wednesday 9th.
  const futureTemplate = await raiseTemplate('2026-12-07T10:00:00Z', 'TPL-FUTURE');
  const reminders = ['reminder-before-due', 'reminder-due-today'];
  await db.query(
    `update deadlines set fired_at = due_at, outcome = 'applied' where dispute_id = $1 and kind = any($2::text[])`,
    [dueTemplate, reminders],
  );

  const t0 = performance.now();
  await cloneDispute(app, dueTemplate, 'BD', 1, DUE_DISPUTES - 1, reminders);
  const chunk = 10_000;
  const futureClones = OPEN_DISPUTES - DUE_DISPUTES - 1;
  for (let from = 1; from <= futureClones; from += chunk)
    await cloneDispute(app, futureTemplate, 'BF', from, Math.min(chunk, futureClones - from + 1), []);
  for (const t of ['disputes', 'dispute_events', 'deadlines']) await db.query(`analyze ${t}`);
  const seedMs = performance.now() - t0;

  const sweepAt = '2026-11-26T12:00:00.000Z';
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.query<{ n: number }>(sql, params)).rows[0]?.n);
  const disputes = await count(`select count(*) n from disputes where status = 'open'`);
  const deadlineRows = await count('select count(*) n from deadlines');
  const dueRows = await count('select count(*) n from deadlines where fired_at is null and due_at <= $1', [
    sweepAt,
  ]);

  // The sweeper's due-row query, as the store runs it (its batch of 200), with the values inlined.
  const planLimit = 1; // the sweeper claims one row per transaction
  const explained = CLAIM_NEXT_DEADLINE_SQL.replace('$1', `'${sweepAt}'::timestamptz`);
  const planRows = (
    await db.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${explained}`)
  ).rows.map((r) => r['QUERY PLAN']);
  const plan = planRows.join('\n');
  const scanLine = planRows.find((l) => /deadlines_unfired_due/.test(l)) ?? '';

  clock.set(sweepAt);
  const t1 = performance.now();
  const result = await sweepDeadlines(app.services);
  const sweepMs = performance.now() - t1;
  const missed = await count(`select count(*) n from dispute_events where type = 'DeadlineMissed'`);
  if (missed !== DUE_DISPUTES || result.applied !== DUE_DISPUTES)
    throw new Error(
      `sweep on ${store}: ${JSON.stringify(result)}, ${missed} DeadlineMissed events (expected ${DUE_DISPUTES})`,
    );
  return {
    store,
    seedMs,
    disputes,
    deadlineRows,
    dueRows,
    sweepMs,
    ...result,
    plan,
    planLimit,
    indexScan: /Index (Only )?Scan/.test(scanLine),
    planRows: /actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/.exec(scanLine)?.[1] ?? '?',
    planExecMs: /Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? '?',
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const watchdog = setTimeout(() => {
    console.error(`bench: stopped at the ${TIME_LIMIT_MS / 60_000}-minute limit`);
    process.exit(2);
  }, TIME_LIMIT_MS);
  watchdog.unref();
  const started = performance.now();
  const log = (s: string) => console.log(`[${fmt((performance.now() - started) / 1000)} s] ${s}`);
  console.log(
    `CP Disputes bench — node ${process.version}, ${cpus().length} CPU (${cpus()[0]?.model.trim()}), ${mb(totalmem())} MB RAM, ` +
      `PostgreSQL: ${postgresUrl ? 'TEST_DATABASE_URL' : 'not set (PGlite only)'}`,
  );

  const http: HttpResult[] = [];
  const sweeps: SweepBench[] = [];
  const servers: { what: string; startMs: number; rssMb: number | null }[] = [];
  const skippedNotes: string[] = [];
  const temp = mkdtempSync(join(tmpdir(), 'cpd-bench-'));
  let idleRss = 0;
  let loadRss = 0;
  let rssBefore = 0;
  try {
    // RSS idle, then the HTTP load, on PGlite in a data directory, in this process.
    log('PGlite: starting the app in-process (temp DATA_DIR), idle 3 s');
    rssBefore = rssMb();
    const lite = await startListening({ DATA_DIR: join(temp, 'http') });
    await sleep(3000);
    idleRss = rssMb();
    log(`PGlite: in-process RSS ${idleRss} MB idle (${rssBefore} MB before the app started); HTTP load`);
    http.push(...(await httpLoad(lite.base, 'PGlite')));
    loadRss = rssMb();
    await lite.app.stop();

    // The real server on its own, as `npm start` runs it.
    log('server process: PGlite first start (empty DATA_DIR), restart, PostgreSQL');
    const dataDir = join(temp, 'server');
    servers.push({
      what: 'PGlite, first start (creates the database)',
      ...(await serverIdleRss({ DATA_DIR: dataDir })),
    });
    servers.push({
      what: 'PGlite, restart on the same DATA_DIR',
      ...(await serverIdleRss({ DATA_DIR: dataDir })),
    });
    if (postgresUrl) {
      const schema = await freshPostgresSchema('cpd_bench_rss');
      try {
        servers.push({
          what: 'PostgreSQL (DATABASE_URL)',
          ...(await serverIdleRss({ DATABASE_URL: schema.url })),
        });
      } finally {
        await schema.drop();
      }
    }

    if (postgresUrl) {
      log('PostgreSQL: HTTP load (fresh schema)');
      const schema = await freshPostgresSchema('cpd_bench_http');
      try {
        const pgApp = await startListening({ DATABASE_URL: schema.url });
        try {
          http.push(...(await httpLoad(pgApp.base, 'PostgreSQL')));
        } finally {
          await pgApp.app.stop();
        }
      } finally {
        await schema.drop();
      }

      log(`PostgreSQL: seeding ${thousands(OPEN_DISPUTES)} open disputes (fresh schema), then the sweep`);
      const sweepSchema = await freshPostgresSchema('cpd_bench_sweep');
      try {
        const pgApp = await startListening({ DATABASE_URL: sweepSchema.url });
        try {
          sweeps.push(await sweepBench(pgApp.app, 'PostgreSQL'));
        } finally {
          await pgApp.app.stop();
        }
      } finally {
        await sweepSchema.drop();
      }
    } else skippedNotes.push('PostgreSQL: skipped (TEST_DATABASE_URL not set)');

    if (SWEEP_ON_PGLITE) {
      log(`PGlite: seeding ${thousands(OPEN_DISPUTES)} open disputes (temp DATA_DIR), then the sweep`);
      const liteSweep = await startListening({ DATA_DIR: join(temp, 'sweep') });
      try {
        sweeps.push(await sweepBench(liteSweep.app, 'PGlite'));
      } finally {
        await liteSweep.app.stop();
      }
    } else skippedNotes.push('PGlite sweep: skipped (BENCH_PGLITE_SWEEP=off)');
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  const totalS = (performance.now() - started) / 1000;

  // -------------------------------------------------------------------------------------------
  const p99Of = (h: HttpResult) => Math.max(percentile(h.raise, 99), percentile(h.respond, 99));
  console.log(`\nHTTP: raise, then respond as the social worker; 127.0.0.1; latency per request`);
  console.log(
    table(
      [
        'store',
        'clients',
        'operation',
        'requests',
        'req/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        `p99 < ${P99_TARGET_MS} ms`,
      ],
      http.flatMap((h) =>
        (['raise', 'respond'] as const).map((op) => {
          const l = h[op];
          const p99 = percentile(l, 99);
          return [
            h.store,
            h.clients,
            op,
            l.length,
            fmt(l.length / (h.wallMs / 1000)),
            fmt(percentile(l, 50)),
            fmt(p99),
            fmt(l[l.length - 1] ?? NaN),
            h.clients === CLIENTS ? (p99 < P99_TARGET_MS ? 'met' : 'NOT met') : '-',
          ];
        }),
      ),
    ),
  );
  console.log(
    table(
      ['store', 'clients', 'requests', 'wall s', 'req/s (both ops)', 'errors'],
      http.map((h) => [
        h.store,
        h.clients,
        h.requests,
        fmt(h.wallMs / 1000, 2),
        fmt(h.requests / (h.wallMs / 1000)),
        h.errors,
      ]),
    ),
  );

  for (const s of sweeps) {
    console.log(
      `\nEXPLAIN (ANALYZE, BUFFERS) of the sweeper's due-row query on ${s.store} (limit ${s.planLimit}: one row claimed per transaction):`,
    );
    console.log(s.plan);
  }
  if (sweeps.length) {
    console.log(
      `\nSweep: ${thousands(OPEN_DISPUTES)} open disputes, ${thousands(DUE_DISPUTES)} with a due stage deadline`,
    );
    console.log(
      table(
        [
          'store',
          'seed s',
          'open disputes',
          'deadline rows',
          'due rows',
          'sweep ms',
          'deadlines/s',
          'applied',
          'stale',
          'index scan',
          'plan rows',
          'plan ms',
        ],
        sweeps.map((s) => [
          s.store,
          fmt(s.seedMs / 1000),
          thousands(s.disputes),
          thousands(s.deadlineRows),
          thousands(s.dueRows),
          fmt(s.sweepMs, 0),
          fmt((s.applied + s.stale) / (s.sweepMs / 1000), 0),
          s.applied,
          s.stale,
          s.indexScan ? 'deadlines_unfired_due' : 'NO',
          s.planRows,
          s.planExecMs,
        ]),
      ),
    );
  }
  const target = (v: number | null) => (v === null ? 'n/a' : v < IDLE_RSS_TARGET_MB ? 'met' : 'NOT met');
  console.log(`\nResident memory (target: idle < ${IDLE_RSS_TARGET_MB} MB)`);
  console.log(
    table(
      ['what', 'start s', 'RSS MB', 'target'],
      [
        ['bench process before the app started', '-', rssBefore, '-'],
        ['in-process app (PGlite, new DATA_DIR), idle 3 s after start', '-', idleRss, target(idleRss)],
        [
          `in-process, after the PGlite HTTP load (${http.filter((h) => h.store === 'PGlite').reduce((n, h) => n + h.requests, 0)} requests)`,
          '-',
          loadRss,
          '-',
        ],
        ...servers.map((v) => [
          `server process: ${v.what}, idle 3 s`,
          fmt(v.startMs / 1000, 1),
          v.rssMb ?? 'n/a',
          target(v.rssMb),
        ]),
      ],
    ),
  );

  // -------------------------------------------------------------------------------------------
  const lines: string[] = [];
  lines.push(
    `CP Disputes bench: node ${process.version}, ${cpus().length} CPU, ${mb(totalmem())} MB RAM, all on 127.0.0.1`,
  );
  for (const h of http) {
    const p = (l: number[]) => `p50 ${fmt(percentile(l, 50))} / p99 ${fmt(percentile(l, 99))} ms`;
    lines.push(
      `- HTTP ${h.store}, ${h.clients} client${h.clients === 1 ? '' : 's'}: ${h.requests} requests in ${fmt(h.wallMs / 1000, 2)} s = ` +
        `${fmt(h.requests / (h.wallMs / 1000))} req/s; raise ${p(h.raise)}; respond ${p(h.respond)}; errors ${h.errors}` +
        (h.clients === CLIENTS
          ? `; p99 < ${P99_TARGET_MS} ms: ${p99Of(h) < P99_TARGET_MS ? 'met' : 'NOT met'}`
          : ''),
    );
  }
  for (const s of sweeps)
    lines.push(
      `- Sweep ${s.store}: ${thousands(s.disputes)} open disputes (${thousands(s.deadlineRows)} deadline rows, ${thousands(s.dueRows)} due), ` +
        `seeded in ${fmt(s.seedMs / 1000)} s; sweep applied ${s.applied} (stale ${s.stale}) in ${fmt(s.sweepMs, 0)} ms = ` +
        `${fmt((s.applied + s.stale) / (s.sweepMs / 1000), 0)} deadlines/s; due-row query: ` +
        `${s.indexScan ? 'index scan on deadlines_unfired_due' : 'NO index scan'}, ${s.planRows} rows read for limit ${s.planLimit}, ${s.planExecMs} ms`,
    );
  for (const n of skippedNotes) lines.push(`- ${n}`);
  lines.push(
    `- RSS, in-process (PGlite, new DATA_DIR): idle ${idleRss} MB (${target(idleRss)} < ${IDLE_RSS_TARGET_MB} MB), ` +
      `after HTTP load ${loadRss} MB (app and load generator share the process; ${rssBefore} MB before the app started)`,
  );
  for (const v of servers)
    lines.push(
      `- RSS, server process, ${v.what}: ${v.rssMb ?? 'n/a'} MB idle (${target(v.rssMb)}); up in ${fmt(v.startMs / 1000, 1)} s`,
    );
  lines.push(`- Whole bench: ${fmt(totalS)} s`);
  console.log(`\n===== summary =====\n${lines.join('\n')}\n===================`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
