// The bench's HTTP load: the server runs as its own process (as `npm start` runs it), and this
// process is the load generator, so the figures are the server's and not the generator's: the two
// no longer share one event loop. Clients are closed-loop (each sends its next request when the
// last one is answered), over keep-alive connections from node:http (lighter than fetch).
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { freePort } from '../support/free-port.ts';
import { raiseBody } from '../support/raise-body.ts';

const chairs = ['chair-amara', 'chair-idris', 'chair-jun'];
const socialWorkers = ['sw-ben', 'sw-dana', 'sw-fern', 'sw-gus'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Servers still running when the bench exits (its time limit, an error) are killed with it.
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ServerProcess {
  base: string;
  pid: number;
  startMs: number;
  /** Resident memory now, from /proc (Linux), in MB; null elsewhere. */
  rssMb(): Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Starts the server (`command`, e.g. the same as `npm start`) with a clean environment plus `env`,
 * and waits until /healthz answers.
 */
export async function startServerProcess(
  command: { file: string; args: string[]; cwd: string },
  env: Record<string, string>,
): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(command.file, command.args, {
    cwd: command.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'development',
      TEST_CLOCK: 'on',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      // The bench's clients are a few people at machine speed: it measures the server's capacity,
      // not the rate limits a person meets (those are tested in test/security).
      RATE_LIMIT_PER_PERSON: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
      ...env,
    },
    stdio: ['ignore', process.env.BENCH_SERVER_STDOUT ? 'inherit' : 'ignore', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
    if (timedOut) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited at start: ${stderr}`);
      if (performance.now() - t0 > 60_000)
        throw new Error(`server did not answer /healthz in 60 s: ${stderr}`);
      const ok = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await sleep(100);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  const { readFile } = await import('node:fs/promises');
  return {
    base,
    pid: child.pid!,
    startMs: performance.now() - t0,
    async rssMb() {
      try {
        const kb = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kb ? Math.round(Number(kb) / 1024) : null;
      } catch {
        return null;
      }
    },
    stop,
  };
}

// ---------------------------------------------------------------------------------------------

export interface HttpResult {
  store: string;
  clients: number;
  requests: number;
  wallMs: number;
  errors: number;
  /** Sorted latencies, ms. */
  raise: number[];
  respond: number[];
}

interface Reply {
  status: number;
  body: { id?: string; version?: number } | null;
}

function send(agent: Agent, base: string, path: string, user: string, body: unknown): Promise<Reply> {
  return postJson(agent, `${base}${path}`, body, { 'x-dev-user': user }) as Promise<Reply>;
}

/** POSTs JSON over the agent's keep-alive connections; answers the status and the parsed body. */
export function postJson(
  agent: Agent,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : null });
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Keep-alive connections for a run's clients, as a browser or the Bot Connector keeps them. Pass one
 * to several runs so that only the first pays for opening them. On PGlite, right after a busy run
 * (the server still delivering that run's notifications on its one thread), the first request on
 * each new connection waited up to 2.5 s, one connection about every 80 ms, while no request took
 * the server more than 63 ms to handle: that measured connection set-up under load, not requests.
 * Not seen on PostgreSQL.
 */
export function keepAliveAgent(clients: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: clients, noDelay: true } as ConstructorParameters<
    typeof Agent
  >[0]);
}

/** Each client raises a dispute as a chair, then answers it as the social worker. */
export async function httpRun(
  base: string,
  store: string,
  prefix: string,
  pairs: number,
  clients: number,
  shared?: Agent,
): Promise<HttpResult> {
  const agent = shared ?? keepAliveAgent(clients);
  const raise: number[] = [];
  const respond: number[] = [];
  let errors = 0;
  let next = 0;
  const report = (what: string, r: Reply) => {
    errors++;
    if (errors <= 3) console.error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const client = async () => {
    for (let i = next++; i < pairs; i = next++) {
      const chair = chairs[i % chairs.length]!;
      const sw = socialWorkers[i % socialWorkers.length]!;
      let t = performance.now();
      const raised = await send(agent, base, '/api/disputes', chair, {
        ...raiseBody,
        socialWorkerId: sw,
        child: { ...raiseBody.child, caseNumber: `${prefix}-${i}` },
      });
      raise.push(performance.now() - t);
      if (raised.status !== 201 || !raised.body?.id) {
        report('raise', raised);
        continue;
      }
      t = performance.now();
      const answered = await send(agent, base, `/api/disputes/${raised.body.id}/responses`, sw, {
        version: raised.body.version,
        outcome: 'actions-agreed',
        text: 'A visit is booked for Thursday; I will see the child alone and record it.',
      });
      respond.push(performance.now() - t);
      if (answered.status !== 200) report('respond', answered);
    }
  };
  const t0 = performance.now();
  try {
    await Promise.all(Array.from({ length: clients }, client));
  } finally {
    if (!shared) agent.destroy();
  }
  const wallMs = performance.now() - t0;
  raise.sort((x, y) => x - y);
  respond.sort((x, y) => x - y);
  return { store, clients, requests: raise.length + respond.length, wallMs, errors, raise, respond };
}

/** Sets the server's test clock (a Monday morning), so every run counts the same working days. */
export async function setClock(base: string): Promise<void> {
  const agent = new Agent({ keepAlive: false });
  const r = await send(agent, base, '/api/dev/clock', 'chair-amara', { now: '2026-11-23T10:00:00Z' });
  if (r.status !== 200) throw new Error(`setting the test clock: ${r.status} ${JSON.stringify(r.body)}`);
}

export interface PacedResult {
  store: string;
  clients: number;
  /** The total rate offered, requests per second (each client's share at fixed intervals). */
  offeredPerSecond: number;
  requests: number;
  errors: number;
  /** Sorted latencies, ms, from the moment each request was due to be sent (no coordinated omission). */
  latencies: number[];
}

/**
 * `clients` clients, each sending raise-then-respond pairs on its own fixed schedule, so that the
 * total is `perSecond` requests per second: an open-loop load, as people at keyboards make (a slow
 * answer does not slow the next person down). Latency counts from when a request was due, so a
 * request that waited behind a slow one is charged for the wait.
 */
export async function pacedRun(
  base: string,
  store: string,
  prefix: string,
  clients: number,
  perSecond: number,
  seconds: number,
  shared?: Agent,
): Promise<PacedResult> {
  const agent = shared ?? keepAliveAgent(clients);
  const latencies: number[] = [];
  let errors = 0;
  const interval = (1000 * clients) / perSecond; // per client, between requests
  const perClient = Math.max(2, Math.round((perSecond * seconds) / clients / 2) * 2); // whole pairs
  const start = performance.now() + 50;
  const client = async (c: number) => {
    // Spread the clients' first requests over one interval, not all at once.
    let due = start + (interval * c) / clients;
    const waitUntil = async (t: number) => {
      const ms = t - performance.now();
      if (ms > 0) await sleep(ms);
    };
    for (let k = 0; k < perClient; k += 2) {
      const i = c * perClient + k;
      const chair = chairs[i % chairs.length]!;
      const sw = socialWorkers[i % socialWorkers.length]!;
      await waitUntil(due);
      const raised = await send(agent, base, '/api/disputes', chair, {
        ...raiseBody,
        socialWorkerId: sw,
        child: { ...raiseBody.child, caseNumber: `${prefix}-${i}` },
      });
      latencies.push(performance.now() - due);
      due += interval;
      if (raised.status !== 201 || !raised.body?.id) {
        errors++;
        continue;
      }
      await waitUntil(due);
      const answered = await send(agent, base, `/api/disputes/${raised.body.id}/responses`, sw, {
        version: raised.body.version,
        outcome: 'actions-agreed',
        text: 'A visit is booked for Thursday; I will see the child alone and record it.',
      });
      latencies.push(performance.now() - due);
      due += interval;
      if (answered.status !== 200) errors++;
    }
  };
  try {
    await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  } finally {
    if (!shared) agent.destroy();
  }
  latencies.sort((x, y) => x - y);
  return { store, clients, offeredPerSecond: perSecond, requests: latencies.length, errors, latencies };
}
