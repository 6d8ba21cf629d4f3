// Which exporter the server starts, and that a real server process (`src/main.ts`) sends its
// spans and metrics to it: OTLP/HTTP to a local collector stand-in, and Azure Monitor to a local
// stand-in for Application Insights' ingestion endpoint (the connection string's
// IngestionEndpoint; the track API answers {itemsReceived, itemsAccepted, errors} as documented at
// learn.microsoft.com/azure/azure-monitor/app/ip-addresses and the Breeze v2.1/track contract).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseTelemetry, TelemetryConfigError } from '../../src/telemetry/telemetry-config.ts';
import { freePort } from '../support/free-port.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const connectionString = (endpoint: string) =>
  `InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=${endpoint}/;LiveEndpoint=${endpoint}/`;

describe('choosing the exporter', () => {
  it('uses Azure Monitor with a connection string, OTLP with an endpoint, and nothing otherwise', () => {
    expect(chooseTelemetry({}).kind).toBe('off');
    expect(chooseTelemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toMatchObject({
      kind: 'otlp',
      traces: true,
      metrics: true,
    });
    expect(
      chooseTelemetry({ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://c:4318/v1/metrics' }),
    ).toMatchObject({ kind: 'otlp', traces: false, metrics: true });
    const both = {
      APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString(
        'https://uksouth-1.in.applicationinsights.azure.com',
      ),
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    };
    expect(chooseTelemetry(both).kind).toBe('azure-monitor');
    expect(chooseTelemetry({ ...both, OTEL_SDK_DISABLED: 'true' }).kind).toBe('off');
  });

  it('refuses a value that is not a connection string or a URL, naming the variable', () => {
    expect(() => chooseTelemetry({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'yes' })).toThrow(
      /APPLICATIONINSIGHTS_CONNECTION_STRING/,
    );
    expect(() => chooseTelemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' })).toThrow(TelemetryConfigError);
  });
});

interface Received {
  path: string;
  body: string;
}

/** A self-signed certificate for 127.0.0.1 (the Azure exporter speaks HTTPS only). */
function selfSignedCertificate(): { cert: string; key: string; certFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cpd-breeze-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile };
}

async function standIn(
  answer: unknown,
  tls?: { cert: string; key: string },
): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      received.push({ path: req.url ?? '', body: body.toString() });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  };
  const server = tls ? createHttpsServer(tls, handle) : createServer(handle);
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, received };
}

describe('a server process exporting telemetry', () => {
  let child: ChildProcess | undefined;
  let collector: Server | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    collector?.close();
  });

  async function startServer(env: Record<string, string>) {
    const port = await freePort();
    const output: string[] = [];
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATA_DIR: 'memory://',
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'development',
        OTEL_METRIC_EXPORT_INTERVAL: '1000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (b: Buffer) => output.push(b.toString()));
    child.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 45_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited:\n${output.join('')}`);
      if (
        await fetch(`${base}/readyz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (Date.now() > deadline) throw new Error(`the server did not start:\n${output.join('')}`);
      await sleep(200);
    }
    return { base, output };
  }

  async function until(what: string, test: () => boolean, ms = 20_000) {
    const deadline = Date.now() + ms;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(200);
    }
  }

  it('sends spans and the named metrics over OTLP/HTTP, and logs the trace ids it sends', async () => {
    const otlp = await standIn({});
    collector = otlp.server;
    const { base, output } = await startServer({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url });
    expect((await fetch(`${base}/api/protocols`, { headers: { 'x-dev-user': 'chair-amara' } })).status).toBe(
      200,
    );
    await until('spans', () =>
      otlp.received.some((r) => r.path === '/v1/traces' && r.body.includes('GET /api/protocols')),
    );
    await until('metrics', () =>
      otlp.received.some((r) => r.path === '/v1/metrics' && r.body.includes('cp_disputes.outbox.pending')),
    );
    const metricsBody = otlp.received
      .filter((r) => r.path === '/v1/metrics')
      .map((r) => r.body)
      .join('');
    for (const name of [
      'cp_disputes.deadlines.due',
      'cp_disputes.sweep.lag_seconds',
      'cp_disputes.outbox.dead',
    ])
      expect(metricsBody).toContain(name);
    const requestLog = output
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'request' && l.route === '/api/protocols');
    expect(requestLog?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    const traces = otlp.received
      .filter((r) => r.path === '/v1/traces')
      .map((r) => r.body)
      .join('');
    // OTLP/JSON carries ids as hex strings.
    expect(traces).toContain(requestLog!.trace_id as string);
  }, 90_000);

  it('sends to Application Insights when its connection string is set', async () => {
    const tls = selfSignedCertificate();
    const breeze = await standIn({ itemsReceived: 1, itemsAccepted: 1, errors: [] }, tls);
    collector = breeze.server;
    const { base, output } = await startServer({
      APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString(breeze.url),
      NODE_EXTRA_CA_CERTS: tls.certFile,
    });
    expect((await fetch(`${base}/api/protocols`, { headers: { 'x-dev-user': 'chair-amara' } })).status).toBe(
      200,
    );
    await until(
      'a request and the metrics at the ingestion endpoint',
      () => {
        const all = breeze.received
          .filter((r) => r.path.startsWith('/v2.1/track'))
          .map((r) => r.body)
          .join('');
        return all.includes('GET /api/protocols') && all.includes('cp_disputes.outbox.pending');
      },
      45_000,
    );
    // Stopping flushes what is buffered. With the ingestion endpoint now speaking plain HTTP (the
    // exporter's TLS handshake fails), stopping still exits 0: by hand, a flush that failed this
    // way once turned a clean stop into a crash (src/main.ts now catches it).
    collector.close();
    collector.closeAllConnections();
    const port = Number(new URL(breeze.url).port);
    collector = createServer((_req, res) => res.end());
    await new Promise<void>((resolve) => collector!.listen(port, '127.0.0.1', resolve));
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child!.kill('SIGTERM');
    expect(await exited, output.join('')).toBe(0);
  }, 90_000);
});
