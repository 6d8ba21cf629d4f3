// `npm run bench`: a script, not a test (issue 17: performance as ratios beside a reference). Each
// figure is printed beside its reference, measured in the same run, interleaved (reference, app,
// reference, app), with the ratio and its target; where a target is missed, what the time goes to.
//
//   npm run build && TEST_DATABASE_URL=postgres://… npm run bench                 # full: stops at 15 min
//   npm run build && TEST_DATABASE_URL=postgres://… npm run bench -- --quick      # small sizes: ~7 min on a busy machine
//
// Flags (after `--`):
//   --quick              small sizes (150 pairs, 150 card presses, 1,000 disputes swept, scale at 1,000)
//   --only=a,b           run only these sections: write, card, deadlines, sweep, tab, scale
//   --skip=a,b           leave these sections out
//   --scale-1m           add the 1,000,000-dispute step to the scale section (seeding takes minutes;
//                        the time limit becomes 45 min unless --time-limit says otherwise)
//   --profile            run the app server of the write (PostgreSQL) and card sections under node's
//                        --cpu-prof and print the functions and packages its CPU time goes to
//                        (the profile covers the whole section: warm-up, paced runs, raising)
//   --no-pglite-sweep    the sweep on PostgreSQL only (also BENCH_PGLITE_SWEEP=off)
//   --rounds=N           interleaved reference/app rounds (2 full, 1 quick)
//   --lateness-wait=S    how long to wait for a deadline a few seconds ahead to be acted on (75)
//   --time-limit=MIN     stop by itself after this many minutes (15 full, 12 quick)
//   BENCH_CLIENTS, BENCH_PAIRS (environment) override the 50 clients and the pairs per run.
//
// Sections (files in test/bench, one concept each):
//   1. write      write-path.ts against reference-write-service.ts (fastify + 3 INSERTs + commit), on
//                 PGlite and on PostgreSQL: raise and respond, 50 closed-loop clients; the app's paced
//                 rates, outbox drain, resident memory (targets: ≥ 90% throughput, p99 ≤ 1.25×)
//   2. card       card-path.ts against reference-bot.ts (bare botbuilder CloudAdapter, static card):
//                 the respond button through /api/messages; the same card pressed twice costs one
//                 event (targets: ≥ 50% throughput, p99 ≤ 2×)
//   3. deadlines  deadline-lateness.ts: a deadline a few seconds ahead, acted on how late (≤ 2 s)
//      sweep      sweep-bench.ts: 1,000 due among 100,000 open, beside a SKIP LOCKED claim-and-mark
//                 loop (≥ 50% of its rate), with the due-row query's plan
//   4. tab        tab-first-view.ts: first-view JavaScript gzipped (≤ 250 KB), time to the first list
//                 in chromium beside a static page with the same rows, teams-js only inside a host
//   5. scale      scale.ts: raise and list latency at 1,000 / 100,000 (/ 1,000,000) disputes, and
//                 EXPLAIN (ANALYZE, BUFFERS) of the dashboards' statements at the largest size
// The app runs as its own process exactly as `npm start` runs it (build it first), except the
// sweep and scale sections, which drive it in this process. PostgreSQL sections need
// TEST_DATABASE_URL (each uses a fresh schema, dropped after). Nothing listens beyond 127.0.0.1.
// Durability is never lowered (synchronous_commit and fsync as the server has them).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { freshPostgresSchema, postgresUrl } from '../support/test-app.ts';
import { fmt, mb, sleep, table, type Comparison } from './bench-format.ts';
import { readOptions, type BenchOptions } from './bench-options.ts';
import {
  printCard,
  printLateness,
  printScale,
  printSweeps,
  printTab,
  printWrite,
  summaryLines,
  summaryNotes,
} from './bench-report.ts';
import { measureCardPath } from './card-path.ts';
import { profiled, summariseProfiles } from './cpu-profile.ts';
import { measureLateness } from './deadline-lateness.ts';
import { startServerProcess } from './http-load.ts';
import { roundTrips, type RoundTrips } from './round-trips.ts';
import { scaleBench } from './scale.ts';
import { appServerCommand, referenceCommand } from './server-commands.ts';
import { sweepBench, type SweepResult } from './sweep-bench.ts';
import { firstViewScripts, firstViewTiming } from './tab-first-view.ts';
import { measureWritePath, type WritePathResult } from './write-path.ts';

const IDLE_RSS_TARGET_MB = 200;

/** The app in this process, listening on 127.0.0.1 (for the sections that reach into its database). */
async function startInProcess(env: Record<string, string>): Promise<{ app: RunningApp; base: string }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    TEST_CLOCK: 'on',
    PORT: '0',
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_PERSON: '0',
    RATE_LIMIT_PER_ADDRESS: '0',
    DELIVERY: 'log',
    ...env,
  });
  const app = await startApp(config, pino({ level: 'silent' }), { listen: true, background: false });
  const address = app.server.server.address();
  if (!address || typeof address === 'string') throw new Error('the server did not report a TCP port');
  return { app, base: `http://127.0.0.1:${address.port}` };
}

/** Runs `work` in a fresh PostgreSQL schema, dropped after. */
async function inFreshSchema<T>(prefix: string, work: (url: string) => Promise<T>): Promise<T> {
  const schema = await freshPostgresSchema(prefix);
  try {
    return await work(schema.url);
  } finally {
    await schema.drop();
  }
}

async function pendingOutboxOf(url: string) {
  return async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from outbox where status = 'pending'`,
      );
      return rows[0]!.n;
    } finally {
      await client.end();
    }
  };
}

async function countEventsOf(url: string) {
  return async (disputeId: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        'select count(*)::int as n from dispute_events where dispute_id = $1',
        [disputeId],
      );
      return rows[0]!.n;
    } finally {
      await client.end();
    }
  };
}

async function run(o: BenchOptions) {
  const started = performance.now();
  const log = (s: string) => console.log(`[${fmt((performance.now() - started) / 1000)} s] ${s}`);
  console.log(
    `CP Disputes bench — node ${process.version}, ${cpus().length} CPU (${cpus()[0]?.model.trim()}), ${mb(totalmem())} MB RAM, ` +
      `PostgreSQL: ${postgresUrl ? 'TEST_DATABASE_URL' : 'not set (PGlite only)'}; ${o.quick ? 'QUICK sizes' : 'full sizes'}; ` +
      `sections: ${[...o.sections].join(', ')}; time limit ${o.timeLimitMinutes} min`,
  );
  const appCmd = appServerCommand();
  const { comparisons, notes, rss } = soFar;
  const temp = mkdtempSync(join(tmpdir(), 'cpd-bench-'));
  let trips: RoundTrips | null = null;
  // --profile: the app server of a section under --cpu-prof, its profile summarised after it.
  const profiledApp = (section: string) =>
    o.profile ? profiled(appCmd, join(temp, `profile-${section}`)) : appCmd;
  const printProfile = (section: string) => {
    if (!o.profile) return;
    console.log(
      `\nWhere the app server's CPU time went in this section (--profile; its ratios are not for quoting):`,
    );
    console.log(summariseProfiles(join(temp, `profile-${section}`)));
  };
  if (o.profile)
    notes.push('--profile: the profiled sections ran under the profiler; their ratios are not for quoting');
  try {
    if (o.sections.has('write') && postgresUrl) {
      log('write path: the statements a raise and a respond send to PostgreSQL');
      trips = await inFreshSchema('cpd_bench_trips', async (url) => {
        const { app, base } = await startInProcess({ DATABASE_URL: url });
        try {
          return await roundTrips(base);
        } finally {
          await app.stop();
        }
      });
    }

    if (o.sections.has('write')) {
      const writes: WritePathResult[] = [];
      log('write path, PGlite: app server and reference, each on its own data directory');
      const liteDir = join(temp, 'server');
      writes.push(
        await measureWritePath(
          {
            store: 'PGlite',
            app: appCmd,
            reference: referenceCommand('reference-write-service.ts'),
            appEnv: { DATA_DIR: liteDir },
            referenceEnv: { REF_STORE: 'pglite', DATA_DIR: join(temp, 'reference') },
          },
          o,
        ),
      );
      comparisons.push(...printWrite(writes.at(-1)!, trips));
      // The first start created the database: a restart on the same directory is the usual case.
      const restarted = await startServerProcess(appCmd, { DATA_DIR: liteDir });
      await sleep(3000);
      rss.push([
        'PGlite, first start (creates the database), idle 3 s',
        fmt(writes[0]!.startMs / 1000),
        writes[0]!.idleRssMb ?? 'n/a',
      ]);
      rss.push([
        'PGlite, restart on the same DATA_DIR, idle 3 s',
        fmt(restarted.startMs / 1000),
        (await restarted.rssMb()) ?? 'n/a',
      ]);
      await restarted.stop();
      if (postgresUrl) {
        log('write path, PostgreSQL: app server and reference, each in a fresh schema');
        const result = await inFreshSchema('cpd_bench_ref', (refUrl) =>
          inFreshSchema('cpd_bench_http', async (url) =>
            measureWritePath(
              {
                store: 'PostgreSQL',
                app: profiledApp('write-postgresql'),
                reference: referenceCommand('reference-write-service.ts'),
                appEnv: { DATABASE_URL: url },
                referenceEnv: { REF_STORE: 'pg', DATABASE_URL: refUrl },
                pendingOutbox: await pendingOutboxOf(url),
              },
              o,
            ),
          ),
        );
        writes.push(result);
        comparisons.push(...printWrite(result, trips));
        printProfile('write-postgresql');
        rss.push(['PostgreSQL, idle 3 s', fmt(result.startMs / 1000), result.idleRssMb ?? 'n/a']);
      } else notes.push('write path on PostgreSQL: skipped (TEST_DATABASE_URL not set)');
      for (const w of writes) {
        rss.push([`${w.store}, after the load`, '-', w.loadedRssMb ?? 'n/a']);
        rss.push([`${w.store} reference service, after the load`, '-', w.referenceRssMb ?? 'n/a']);
      }
    }

    if (o.sections.has('card')) {
      log(`card path on ${postgresUrl ? 'PostgreSQL' : 'PGlite'}: the app's bot and the bare botbuilder bot`);
      const card = postgresUrl
        ? await inFreshSchema('cpd_bench_card', async (url) =>
            measureCardPath(
              {
                store: 'PostgreSQL',
                app: profiledApp('card'),
                reference: referenceCommand('reference-bot.ts'),
                appEnv: { DATABASE_URL: url },
                countEvents: await countEventsOf(url),
              },
              o,
            ),
          )
        : await measureCardPath(
            {
              store: 'PGlite',
              app: profiledApp('card'),
              reference: referenceCommand('reference-bot.ts'),
              appEnv: { DATA_DIR: join(temp, 'card') },
            },
            o,
          );
      comparisons.push(...printCard(card));
      printProfile('card');
    }

    if (o.sections.has('deadlines')) {
      if (postgresUrl) {
        log(
          `deadlines: a deadline ${5} s ahead, waiting up to ${o.latenessWaitSeconds} s for it to be acted on`,
        );
        printLateness(
          await inFreshSchema('cpd_bench_late', (url) => measureLateness(appCmd, url, o.latenessWaitSeconds)),
          null,
        );
      } else
        printLateness(null, 'TEST_DATABASE_URL not set (the bench reads the deadline row in PostgreSQL)');
    }

    if (o.sections.has('sweep')) {
      const sweeps: SweepResult[] = [];
      const label = `${o.openDisputes.toLocaleString('en-GB')} open disputes, ${o.dueDisputes.toLocaleString('en-GB')} due`;
      if (postgresUrl) {
        log(`sweep, PostgreSQL: seeding ${label}`);
        sweeps.push(
          await inFreshSchema('cpd_bench_sweep', async (url) => {
            const { app } = await startInProcess({ DATABASE_URL: url });
            try {
              return await sweepBench(app, 'PostgreSQL', o.openDisputes, o.dueDisputes);
            } finally {
              await app.stop();
            }
          }),
        );
      } else notes.push('sweep on PostgreSQL: skipped (TEST_DATABASE_URL not set)');
      comparisons.push(...printSweeps(sweeps));
    }

    if (o.sections.has('tab')) {
      log('tab: first-view scripts, then chromium');
      let size = null;
      let why: string | null = null;
      try {
        size = firstViewScripts();
      } catch (e) {
        why = `tab/dist is not built (npm run build:tab): ${String(e)}`;
      }
      const timing = size
        ? await firstViewTiming(appCmd, { DATA_DIR: join(temp, 'tab') }, o.browserLoads)
        : null;
      comparisons.push(...printTab(size, timing, why));
    }

    // Last: at 100,000 disputes and more it is the longest section, and the others are the ratios.
    if (o.sections.has('scale')) {
      if (postgresUrl) {
        const scale = await inFreshSchema('cpd_bench_scale', async (url) => {
          const { app, base } = await startInProcess({ DATABASE_URL: url });
          try {
            return await scaleBench(app, base, url, o.scaleSizes, o.scaleSamples, log);
          } finally {
            await app.stop();
          }
        });
        printScale(scale.steps, scale.explained, trips);
      } else notes.push('scale: skipped (TEST_DATABASE_URL not set)');
    }

    // The very last: seeding 100,000 disputes into PGlite is the slowest step of the run.
    if (o.sections.has('sweep') && o.pgliteSweep) {
      log(
        `sweep, PGlite: seeding ${o.openDisputes.toLocaleString('en-GB')} open disputes, ${o.dueDisputes} due`,
      );
      const { app } = await startInProcess({ DATA_DIR: join(temp, 'sweep') });
      try {
        comparisons.push(...printSweeps([await sweepBench(app, 'PGlite', o.openDisputes, o.dueDisputes)]));
      } finally {
        await app.stop();
      }
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  printSummary(o, started);
}

/** What has been measured so far: printed at the end, or when the time limit stops the run. */
const soFar = { comparisons: [] as Comparison[], notes: [] as string[], rss: [] as (string | number)[][] };

function printSummary(o: BenchOptions, started: number) {
  const { comparisons, notes, rss } = soFar;
  if (rss.length) {
    console.log(`\nResident memory of the server process (target: idle < ${IDLE_RSS_TARGET_MB} MB)`);
    console.log(table(['what', 'start s', 'RSS MB'], rss));
  }
  console.log('\n===== summary: app beside its reference, same run =====');
  console.log(
    `node ${process.version}, ${cpus().length} CPU, ${mb(totalmem())} MB RAM; ${o.quick ? 'QUICK sizes (not for quoting)' : 'full sizes'}`,
  );
  console.log([...summaryLines(comparisons), ...[...summaryNotes, ...notes].map((n) => `- ${n}`)].join('\n'));
  console.log(`- whole bench: ${fmt((performance.now() - started) / 1000)} s`);
  console.log('=======================================================');
}

const options = readOptions();
const benchStarted = performance.now();
const watchdog = setTimeout(() => {
  soFar.notes.push(
    `stopped at the ${options.timeLimitMinutes}-minute limit: the sections after this point did not run`,
  );
  printSummary(options, benchStarted);
  console.error(`bench: stopped at the ${options.timeLimitMinutes}-minute limit`);
  process.exit(2);
}, options.timeLimitMinutes * 60_000);
watchdog.unref();
run(options).then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
