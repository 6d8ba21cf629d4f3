// 2. The card path (issue 17): a social worker presses "respond" on a dispute's card in Teams; the
// app's /api/messages takes the `adaptiveCard/action` invoke, stores the event and answers the
// refreshed card. Beside it, the bare botbuilder bot (reference-bot.ts) answering the same invoke
// with a static card. Both their own processes, both without an app id (the app's own bot tests
// run the same way: botbuilder's authentication off, loopback callers only), 50 closed-loop
// clients, interleaved rounds. Then the same card pressed twice, which must cost one event.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import { parse } from 'yaml';
import { demoDirectoryPath } from '../../src/adapters/directory/demo-directory.ts';
import { activityFrom, teamsUser, type TeamsUser } from '../support/teams-client.ts';
import { raiseBody } from '../support/raise-body.ts';
import { percentile, type Comparison } from './bench-format.ts';
import type { BenchOptions } from './bench-options.ts';
import { closedLoop, throughputOf, type LoopResult } from './closed-loop.ts';
import { keepAliveAgent, postJson, setClock, startServerProcess, type ServerProcess } from './http-load.ts';
import { perRequest, processCpu, waitIdle } from './process-stats.ts';
import type { ServerCommand } from './server-commands.ts';

const SOCIAL_WORKERS = ['sw-ben', 'sw-dana', 'sw-fern', 'sw-gus'];
// Nothing answers here: the invoke's answer is the refreshed card; nothing is sent to the connector.
const SERVICE_URL = 'http://127.0.0.1:9/';

export interface CardPathResult {
  store: string;
  rounds: { reference: LoopResult; app: LoopResult }[];
  /** CPU time of each process per press, ms (mean of the rounds). */
  cpuPerPress: { reference: number | null; app: number | null };
  /** The same card pressed twice: the events the dispute gained from each press. */
  twice: { first: number; second: number; statuses: number[] } | null;
}

function teamsUsers(): Map<string, TeamsUser> {
  const file = parse(readFileSync(demoDirectoryPath, 'utf8')) as {
    tenantId: string;
    people: { id: string; name: string; aadObjectId: string }[];
  };
  return new Map(
    file.people
      .filter((p) => SOCIAL_WORKERS.includes(p.id))
      .map((p) => [p.id, teamsUser({ ...p, tenantId: file.tenantId })]),
  );
}

interface Raised {
  id: string;
  version: number;
  socialWorkerId: string;
}

async function raiseMany(base: string, agent: Agent, count: number, clients: number): Promise<Raised[]> {
  const raised: Raised[] = [];
  const loop = await closedLoop('card: raising', count, clients, async (i) => {
    const socialWorkerId = SOCIAL_WORKERS[i % SOCIAL_WORKERS.length]!;
    const r = await postJson(
      agent,
      `${base}/api/disputes`,
      { ...raiseBody, socialWorkerId, child: { ...raiseBody.child, caseNumber: `CARD-${i}` } },
      { 'x-dev-user': 'chair-amara' },
    );
    const body = r.body as { id?: string; version?: number } | null;
    if (r.status !== 201 || !body?.id) return `${r.status} ${JSON.stringify(r.body)}`;
    raised.push({ id: body.id, version: body.version ?? 1, socialWorkerId });
    return true;
  });
  if (loop.errors) throw new Error(`card path: ${loop.errors} raises failed`);
  return raised;
}

const pressActivity = (user: TeamsUser, d: Raised) =>
  activityFrom(user, SERVICE_URL, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: {
      action: {
        type: 'Action.Execute',
        id: randomUUID(),
        verb: 'respond',
        data: {
          disputeId: d.id,
          version: d.version,
          outcome: 'actions-agreed',
          responseText: 'A visit is booked for Thursday; I will see the child alone and record it.',
        },
      },
      trigger: 'manual',
    },
  });

/** Presses the card; a refreshed card (an invoke answer of 200 carrying a card) counts as success. */
async function press(agent: Agent, base: string, user: TeamsUser, d: Raised): Promise<true | string> {
  const r = await postJson(agent, `${base}/api/messages`, pressActivity(user, d));
  const body = r.body as { statusCode?: number; type?: string } | null;
  if (r.status === 200 && body?.statusCode === 200 && body.type === 'application/vnd.microsoft.card.adaptive')
    return true;
  return `${r.status} ${JSON.stringify(r.body).slice(0, 300)}`;
}

async function versionOf(base: string, id: string): Promise<number> {
  const res = await fetch(`${base}/api/disputes/${id}`, { headers: { 'x-dev-user': 'chair-amara' } });
  return ((await res.json()) as { version: number }).version;
}

export interface CardPathSetup {
  store: string;
  app: ServerCommand;
  reference: ServerCommand;
  appEnv: Record<string, string>;
  /** The events a dispute has, counted in the database (PostgreSQL); else read from its version. */
  countEvents?: (disputeId: string) => Promise<number>;
}

export async function measureCardPath(s: CardPathSetup, o: BenchOptions): Promise<CardPathResult> {
  const users = teamsUsers();
  const app = await startServerProcess(s.app, { ...s.appEnv, DELIVERY: 'log' });
  let reference: ServerProcess | null = null;
  const appAgent = keepAliveAgent(o.clients);
  const refAgent = keepAliveAgent(o.clients);
  try {
    await setClock(app.base);
    reference = await startServerProcess(s.reference, {});
    const ref = reference;
    const warm = Math.min(o.clients * 2, o.cardPresses);
    const disputes = await raiseMany(app.base, appAgent, warm + o.rounds * o.cardPresses + 1, o.clients);
    let taken = 0;
    const take = (n: number) => disputes.slice(taken, (taken += n));
    const run = (server: ServerProcess, agent: Agent, label: string, batch: Raised[]) =>
      closedLoop(label, batch.length, o.clients, (i) =>
        press(agent, server.base, users.get(batch[i]!.socialWorkerId)!, batch[i]!),
      );
    // Warm-up: both processes load botbuilder and the card code on their first invoke.
    const warmBatch = take(warm);
    await run(ref, refAgent, 'card: reference warm-up', warmBatch);
    await run(app, appAgent, 'card: app warm-up', warmBatch);
    const rounds: CardPathResult['rounds'] = [];
    const cpu = { reference: [] as number[], app: [] as number[] };
    const measured = async (
      server: ServerProcess,
      agent: Agent,
      label: string,
      batch: Raised[],
      into: number[],
    ) => {
      await waitIdle(server.pid);
      const before = processCpu(server.pid);
      const result = await run(server, agent, label, batch);
      const per = perRequest(before, processCpu(server.pid), result.latencies.length);
      if (per !== null) into.push(per);
      return result;
    };
    for (let i = 0; i < o.rounds; i++) {
      const batch = take(o.cardPresses);
      const r = await measured(ref, refAgent, 'card: reference', batch, cpu.reference);
      const a = await measured(app, appAgent, `card: app (${s.store})`, batch, cpu.app);
      rounds.push({ reference: r, app: a });
    }
    const mean = (xs: number[]) => (xs.length ? xs.reduce((x, y) => x + y, 0) / xs.length : null);
    // The same card pressed twice: Teams resends an invoke it got no answer to, and people double-click.
    const [d] = take(1);
    const count = s.countEvents ?? ((id: string) => versionOf(app.base, id));
    const user = users.get(d!.socialWorkerId)!;
    const before = await count(d!.id);
    const statuses: number[] = [];
    const once = async () => {
      const r = await postJson(appAgent, `${app.base}/api/messages`, pressActivity(user, d!));
      statuses.push(((r.body as { statusCode?: number } | null)?.statusCode ?? r.status) as number);
    };
    await once();
    const afterFirst = await count(d!.id);
    await once();
    const afterSecond = await count(d!.id);
    return {
      store: s.store,
      rounds,
      cpuPerPress: { reference: mean(cpu.reference), app: mean(cpu.app) },
      twice: { first: afterFirst - before, second: afterSecond - afterFirst, statuses },
    };
  } finally {
    appAgent.destroy();
    refAgent.destroy();
    await reference?.stop();
    await app.stop();
  }
}

export function cardComparisons(r: CardPathResult): Comparison[] {
  const all = (k: 'reference' | 'app'): LoopResult => {
    const runs = r.rounds.map((x) => x[k]);
    return {
      label: k,
      clients: runs[0]!.clients,
      latencies: runs.flatMap((x) => x.latencies).sort((x, y) => x - y),
      wallMs: runs.reduce((s, x) => s + x.wallMs, 0),
      errors: runs.reduce((s, x) => s + x.errors, 0),
    };
  };
  const ref = all('reference');
  const app = all('app');
  return [
    {
      what: `card press (${r.store}), ${app.clients} clients, throughput`,
      unit: 'req/s',
      reference: throughputOf(ref),
      app: throughputOf(app),
      higherIsBetter: true,
      target: 0.5,
    },
    {
      what: `card press (${r.store}), ${app.clients} clients, p99`,
      unit: 'ms',
      reference: percentile(ref.latencies, 99),
      app: percentile(app.latencies, 99),
      higherIsBetter: false,
      target: 2,
    },
  ];
}
