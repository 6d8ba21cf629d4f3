// 5. Scale with size (issue 17): how raise and the lists grow from 1,000 to 100,000 (and, with
// --scale-1m, 1,000,000) open disputes, seeded in bulk (seed-disputes.ts) into one PostgreSQL
// schema step by step. At each size: one client raising, and one reading each dashboard list,
// over HTTP to the app in this process. At the largest size: EXPLAIN (ANALYZE, BUFFERS) of every
// statement the dashboards ran (captured from pg as they ran, with their parameters), flagging any
// sequential scan of a big table.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { RunningApp } from '../../src/start-app.ts';
import { raiseBody } from '../support/raise-body.ts';
import { captureQueries } from './pg-capture.ts';
import { analyze, cloneDispute, countRows, raiseTemplate } from './seed-disputes.ts';

const BIG_TABLES = ['disputes', 'dispute_events', 'deadlines', 'outbox'];

/** The dashboards: what the tab's lists, the admin page and the report ask for, and as whom. */
export const DASHBOARDS: { name: string; person: string; path: string }[] = [
  { name: 'raised by me', person: 'chair-amara', path: '/api/disputes?view=raised-by-me' },
  { name: 'awaiting me', person: 'sw-ben', path: '/api/disputes?view=awaiting-me' },
  { name: 'copied to me', person: 'tm-carla', path: '/api/disputes?view=copied-to-me' },
  { name: 'admin overview', person: 'hos-ruth', path: '/api/admin/overview' },
  { name: 'board report', person: 'hos-ruth', path: '/api/reports?from=2026-11-01&to=2026-12-31' },
];

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)} … (${s.length} characters)` : s);

export interface SizeStep {
  disputes: number;
  seedMs: number;
  raise: number[];
  /** status -1: not asked at this size, as it was already too slow at the size before. */
  lists: { name: string; status: number; bytes: number; latencies: number[] }[];
}

export interface ExplainedQuery {
  dashboard: string;
  sql: string;
  plan: string;
  executionMs: string;
  seqScans: string[];
}

/** `n` requests one after another, or fewer if they take longer than the budget in all. */
async function timedRequests(
  n: number,
  send: (i: number) => Promise<Answer>,
  budgetMs = 20_000,
): Promise<{ latencies: number[] } & Answer> {
  const latencies: number[] = [];
  let last: Answer = { status: 0, bytes: 0 };
  const t0 = performance.now();
  for (let i = 0; i < n && (i === 0 || performance.now() - t0 < budgetMs); i++) {
    const t = performance.now();
    last = await send(i);
    latencies.push(performance.now() - t);
  }
  return { latencies: latencies.sort((x, y) => x - y), ...last };
}

/** A response's status (0: no answer within two minutes) and its body's size. */
interface Answer {
  status: number;
  bytes: number;
}

const get = (base: string, person: string, path: string): Promise<Answer> =>
  fetch(`${base}${path}`, { headers: { 'x-dev-user': person }, signal: AbortSignal.timeout(120_000) }).then(
    async (r) => ({ status: r.status, bytes: (await r.arrayBuffer()).byteLength }),
    () => ({ status: 0, bytes: 0 }),
  );

/** A dashboard slower than this at one size is not asked for at the next, ten times larger. */
const TOO_SLOW_TO_GROW_MS = 3000;

async function measureAt(base: string, samples: number, step: number, previous: SizeStep | undefined) {
  const raise = await timedRequests(samples, async (i) => {
    const r = await fetch(`${base}/api/disputes`, {
      method: 'POST',
      headers: { 'x-dev-user': 'chair-amara', 'content-type': 'application/json' },
      body: JSON.stringify({ ...raiseBody, child: { ...raiseBody.child, caseNumber: `SCALE-${step}-${i}` } }),
    });
    return { status: r.status, bytes: (await r.arrayBuffer()).byteLength };
  });
  const lists = [];
  for (const d of DASHBOARDS) {
    const before = previous?.lists.find((l) => l.name === d.name);
    const slow = before && (before.status !== 200 || (before.latencies[0] ?? 0) > TOO_SLOW_TO_GROW_MS);
    if (slow)
      lists.push({ name: d.name, status: -1, bytes: 0, latencies: [] }); // not asked: it would only be slower
    else lists.push({ name: d.name, ...(await timedRequests(samples, () => get(base, d.person, d.path))) });
  }
  return { raise: raise.latencies, lists };
}

async function explainDashboards(base: string, databaseUrl: string) {
  const explained: ExplainedQuery[] = [];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`set statement_timeout = '120s'`);
  try {
    for (const d of DASHBOARDS) {
      const statements = (await captureQueries(() => get(base, d.person, d.path))).filter(
        (q) => /^\s*(select|with)\b/i.test(q.text) && BIG_TABLES.some((t) => q.text.includes(t)),
      );
      const unique = [...new Map(statements.map((s) => [s.text, s])).values()];
      for (const s of unique) {
        const plan = await client
          .query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${s.text}`, s.values)
          .then(
            // A parameter of thousands of ids makes a line of thousands of characters: cut.
            ({ rows }) => rows.map((r) => clip(r['QUERY PLAN'], 240)).join('\n'),
            (e: unknown) => `EXPLAIN failed: ${String(e)}`,
          );
        explained.push({
          dashboard: d.name,
          sql: s.text.replace(/\s+/g, ' ').trim(),
          plan,
          executionMs: /Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? '?',
          seqScans: BIG_TABLES.filter((t) => new RegExp(`Seq Scan on ${t}\\b`).test(plan)),
        });
      }
    }
  } finally {
    await client.end();
  }
  return explained;
}

export async function scaleBench(
  app: RunningApp,
  base: string,
  databaseUrl: string,
  sizes: number[],
  samples: number,
  log: (s: string) => void,
): Promise<{ steps: SizeStep[]; explained: ExplainedQuery[] }> {
  // Open disputes, not due for weeks: raised Monday 7 December; the clock stays on that Monday.
  const template = await raiseTemplate(app, '2026-12-07T10:00:00Z', 'TPL-SCALE');
  const steps: SizeStep[] = [];
  let seeded = 1;
  for (const [i, size] of sizes.entries()) {
    const t0 = performance.now();
    const open = await countRows(app, `select count(*) n from disputes where status = 'open'`);
    if (size > open) await cloneDispute(app, template, 'SC', seeded, size - open);
    seeded += Math.max(0, size - open);
    await analyze(app);
    const seedMs = performance.now() - t0;
    log(`scale: ${size.toLocaleString('en-GB')} open disputes (seeded in ${(seedMs / 1000).toFixed(1)} s)`);
    const m = await measureAt(base, samples, i, steps.at(-1));
    steps.push({ disputes: size, seedMs, ...m });
  }
  log('scale: EXPLAIN (ANALYZE, BUFFERS) of the dashboards at the largest size');
  const explained = await explainDashboards(base, databaseUrl);
  return { steps, explained };
}
