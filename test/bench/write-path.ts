// 1. The write path (issue 17): raise and respond through the app's REST API, beside the reference
// service (reference-write-service.ts: fastify and three INSERTs in one transaction), both as their
// own processes on 127.0.0.1, driven by the same load generator (http-load.ts), in interleaved
// closed-loop rounds: reference, app, reference, app. Before the rounds: a warm-up of both (the
// keep-alive connections opened then are kept), one client alone on each (service time without
// queueing) and the app's paced rates (open loop: the rates at which p99 stays low). After them:
// on PostgreSQL, how long the app's outbox takes to deliver what the load left; resident memory.
import { performance } from 'node:perf_hooks';
import type { Agent } from 'node:http';
import { percentile, sleep, type Comparison } from './bench-format.ts';
import type { BenchOptions } from './bench-options.ts';
import {
  httpRun,
  keepAliveAgent,
  pacedRun,
  setClock,
  startServerProcess,
  type HttpResult,
  type PacedResult,
  type ServerProcess,
} from './http-load.ts';
import { perRequest, postgresCpu, processCpu, waitIdle } from './process-stats.ts';
import type { ServerCommand } from './server-commands.ts';

export type StoreName = 'PostgreSQL' | 'PGlite';

export interface CpuPerRequest {
  server: number | null;
  postgres: number | null;
}

export interface WritePathResult {
  store: StoreName;
  alone: { reference: HttpResult; app: HttpResult };
  rounds: { reference: HttpResult; app: HttpResult }[];
  cpu: { reference: CpuPerRequest; app: CpuPerRequest };
  paced: PacedResult[];
  idleRssMb: number | null;
  loadedRssMb: number | null;
  referenceRssMb: number | null;
  startMs: number;
  /** Notifications not yet delivered when the last round ended, and how long until none were left. */
  outbox: { pendingAtEnd: number; drainedMs: number | null } | null;
}

export interface WritePathSetup {
  store: StoreName;
  app: ServerCommand;
  reference: ServerCommand;
  appEnv: Record<string, string>;
  referenceEnv: Record<string, string>;
  /** Pending notifications, read from PostgreSQL (PGlite's database belongs to the server process). */
  pendingOutbox?: () => Promise<number>;
}

const OUTBOX_DRAIN_LIMIT_MS = 60_000;

/** Latencies and wall times of several runs, as one run. */
export function merged(runs: HttpResult[]): HttpResult {
  const all = (k: 'raise' | 'respond') => runs.flatMap((r) => r[k]).sort((x, y) => x - y);
  return {
    store: runs[0]!.store,
    clients: runs[0]!.clients,
    requests: runs.reduce((s, r) => s + r.requests, 0),
    wallMs: runs.reduce((s, r) => s + r.wallMs, 0),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    raise: all('raise'),
    respond: all('respond'),
  };
}

export function writeComparisons(r: WritePathResult): Comparison[] {
  const ref = merged(r.rounds.map((x) => x.reference));
  const app = merged(r.rounds.map((x) => x.app));
  const rate = (h: HttpResult, op: 'raise' | 'respond') => h[op].length / (h.wallMs / 1000);
  return (['raise', 'respond'] as const).flatMap((op) => [
    {
      what: `${r.store} ${op}, ${app.clients} clients, throughput`,
      unit: 'req/s',
      reference: rate(ref, op),
      app: rate(app, op),
      higherIsBetter: true,
      target: 0.9,
    },
    {
      what: `${r.store} ${op}, ${app.clients} clients, p99`,
      unit: 'ms',
      reference: percentile(ref[op], 99),
      app: percentile(app[op], 99),
      higherIsBetter: false,
      target: 1.25,
    },
  ]);
}

async function closedRound(
  server: ServerProcess,
  label: string,
  prefix: string,
  o: BenchOptions,
  agent: Agent,
  store: StoreName,
): Promise<{ run: HttpResult; cpu: CpuPerRequest }> {
  await waitIdle(server.pid); // the other side's leftovers are not charged to this run
  const before = { server: processCpu(server.pid), postgres: postgresCpu() };
  const run = await httpRun(server.base, label, prefix, o.pairs, o.clients, agent);
  return {
    run,
    cpu: {
      server: perRequest(before.server, processCpu(server.pid), run.requests),
      postgres: store === 'PostgreSQL' ? perRequest(before.postgres, postgresCpu(), run.requests) : null,
    },
  };
}

const meanCpu = (xs: CpuPerRequest[]): CpuPerRequest => {
  const mean = (k: keyof CpuPerRequest) => {
    const v = xs.map((x) => x[k]).filter((x): x is number => x !== null);
    return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
  };
  return { server: mean('server'), postgres: mean('postgres') };
};

export async function measureWritePath(s: WritePathSetup, o: BenchOptions): Promise<WritePathResult> {
  const app = await startServerProcess(s.app, { ...s.appEnv, DELIVERY: 'log' });
  let reference: ServerProcess | null = null;
  const appAgent = keepAliveAgent(o.clients);
  const refAgent = keepAliveAgent(o.clients);
  try {
    await sleep(3000);
    const idleRssMb = await app.rssMb();
    await setClock(app.base);
    reference = await startServerProcess(s.reference, s.referenceEnv);
    const ref = reference;
    const refLabel = `${s.store} reference`;
    await httpRun(ref.base, refLabel, 'WARM-REF', o.warmupPairs, o.clients, refAgent);
    await httpRun(app.base, s.store, 'WARM-APP', o.warmupPairs, o.clients, appAgent);
    const alone = {
      reference: await httpRun(ref.base, refLabel, 'ONE-REF', o.alonePairs, 1, refAgent),
      app: await httpRun(app.base, s.store, 'ONE-APP', o.alonePairs, 1, appAgent),
    };
    const paced: PacedResult[] = [];
    for (const rate of o.pacedRates[s.store]) {
      const run = await pacedRun(
        app.base,
        s.store,
        `PACED-${rate}`,
        o.clients,
        rate,
        o.pacedSeconds,
        appAgent,
      );
      paced.push(run);
      // Far past any reasonable latency: higher rates only queue more.
      if (percentile(run.latencies, 99) > 500 || run.errors > 0) break;
    }
    const rounds: WritePathResult['rounds'] = [];
    const cpu = { reference: [] as CpuPerRequest[], app: [] as CpuPerRequest[] };
    for (let i = 0; i < o.rounds; i++) {
      const r = await closedRound(ref, refLabel, `LOAD-REF-${i}`, o, refAgent, s.store);
      const a = await closedRound(app, s.store, `LOAD-APP-${i}`, o, appAgent, s.store);
      rounds.push({ reference: r.run, app: a.run });
      cpu.reference.push(r.cpu);
      cpu.app.push(a.cpu);
    }
    let outbox: WritePathResult['outbox'] = null;
    if (s.pendingOutbox) {
      const pendingAtEnd = await s.pendingOutbox();
      const t0 = performance.now();
      let drainedMs: number | null = null;
      while (performance.now() - t0 < OUTBOX_DRAIN_LIMIT_MS) {
        if ((await s.pendingOutbox()) === 0) {
          drainedMs = performance.now() - t0;
          break;
        }
        await sleep(100);
      }
      outbox = { pendingAtEnd, drainedMs };
    }
    return {
      store: s.store,
      alone,
      rounds,
      cpu: { reference: meanCpu(cpu.reference), app: meanCpu(cpu.app) },
      paced,
      idleRssMb,
      loadedRssMb: await app.rssMb(),
      referenceRssMb: await ref.rssMb(),
      startMs: app.startMs,
      outbox,
    };
  } finally {
    appAgent.destroy();
    refAgent.destroy();
    await reference?.stop();
    await app.stop();
  }
}
