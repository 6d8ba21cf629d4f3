// What an operator sees of a running app through OpenTelemetry, read back from in-memory
// exporters: a span per request (continuing a caller's trace), log records carrying the trace id,
// and the metrics the alert rules name, moving as disputes, deadlines and deliveries do.
import { Writable } from 'node:stream';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../../src/app/deadline-sweeper.ts';
import { deliverOutbox, defaultOutboxPolicy } from '../../src/app/outbox-worker.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import { DeliveryError } from '../../src/app/ports/delivery.ts';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { traceFields } from '../../src/telemetry/log-trace-fields.ts';
import { metricNames } from '../../src/telemetry/metric-names.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../support/fake-bot-connector.ts';
import { raiseBody } from '../support/raise-body.ts';
import { teamsClient, teamsUser } from '../support/teams-client.ts';
import { apiAs } from '../support/test-app.ts';

const spans = new InMemorySpanExporter();
const tracerProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
// The global context manager and propagator, as startTelemetry sets them in the server.
tracerProvider.register();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({
  exporter: metricExporter,
  exportIntervalMillis: 3_600_000,
});
const meterProvider = new MeterProvider({ readers: [reader] });

const logLines: Record<string, unknown>[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
    done();
  },
});

/** Collects now and returns the data points of one metric. */
async function collect(name: string): Promise<DataPoint<number | Histogram>[]> {
  metricExporter.reset();
  await reader.forceFlush();
  const points: DataPoint<number | Histogram>[] = [];
  for (const rm of metricExporter.getMetrics())
    for (const sm of rm.scopeMetrics)
      for (const m of sm.metrics)
        if (m.descriptor.name === name) points.push(...(m.dataPoints as DataPoint<number | Histogram>[]));
  return points;
}
const gauge = async (name: string) => {
  const points = await collect(name);
  expect(points, name).toHaveLength(1);
  return points[0]!.value as number;
};
const counted = async (name: string, attribute: string, value: string) =>
  (await collect(name))
    .filter((p) => p.attributes[attribute] === value)
    .reduce((sum, p) => sum + (p.value as number), 0);

describe('telemetry of a running app (in-memory exporters)', () => {
  let app: RunningApp;
  let connector: FakeBotConnector;
  beforeAll(async () => {
    connector = await startFakeBotConnector();
    const env = { NODE_ENV: 'test', DATA_DIR: 'memory://', LOG_LEVEL: 'info' };
    app = await startApp(loadConfig(env), pino({ level: 'info', mixin: traceFields }, logStream), {
      listen: false,
      background: false,
      env,
      meter: meterProvider.getMeter('cp-disputes'),
      tracer: tracerProvider.getTracer('cp-disputes'),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await connector?.close();
    await meterProvider.shutdown();
    await tracerProvider.shutdown();
  });

  it('traces each request under its route, and its log records carry the trace id', async () => {
    spans.reset();
    app.testClock!.set('2026-11-23T10:00:00Z');
    const raised = await apiAs(app, 'chair-amara').post('/api/disputes', raiseBody);
    expect(raised.status).toBe(201);
    const span = spans.getFinishedSpans().find((s) => s.name === 'POST /api/disputes');
    expect(span?.attributes).toMatchObject({
      'http.route': '/api/disputes',
      'http.response.status_code': 201,
    });
    const requestLog = logLines.findLast((l) => l.msg === 'request' && l.route === '/api/disputes');
    expect(requestLog?.trace_id).toBe(span!.spanContext().traceId);
    expect(requestLog?.span_id).toBe(span!.spanContext().spanId);
    // No child's details in the span: the URL, query and body are not recorded.
    expect(JSON.stringify(span!.attributes)).not.toMatch(/NB-104233|Amelia/);
  });

  it("continues a caller's W3C trace", async () => {
    spans.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const r = await app.server.inject({
      method: 'GET',
      url: '/livez',
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(r.statusCode).toBe(200);
    expect(
      spans
        .getFinishedSpans()
        .find((s) => s.name === 'GET /livez')
        ?.spanContext().traceId,
    ).toBe(traceId);
  });

  it('reports the outbox, and counts failed deliveries by channel', async () => {
    const pending = await gauge(metricNames.outboxPending);
    expect(pending).toBeGreaterThan(0);
    expect(await gauge(metricNames.outboxOldestAgeSeconds)).toBeGreaterThanOrEqual(0);
    const failing = {
      kind: 'failing',
      deliver: async () => {
        throw new DeliveryError('Teams answered 502', { permanent: true });
      },
    };
    const result = await deliverOutbox(app.services, failing, { policy: { ...defaultOutboxPolicy } });
    expect(result.dead).toBeGreaterThan(0);
    expect(await counted(metricNames.deliveriesFailed, 'channel', 'teams')).toBe(result.dead);
    expect(await gauge(metricNames.outboxDead)).toBe(result.dead);
  });

  it('reports due, stale and lagging deadlines, and counts those the sweep fires', async () => {
    expect(await gauge(metricNames.deadlinesDue)).toBe(0);
    expect(await gauge(metricNames.sweepLagSeconds)).toBe(0);
    // Gloucestershire's informal stage gives the social worker 2 working days: due by Wed 25 Nov.
    app.testClock!.set('2026-11-30T08:00:00Z');
    const due = await gauge(metricNames.deadlinesDue);
    expect(due).toBeGreaterThan(0);
    expect(await gauge(metricNames.deadlinesStale)).toBe(due);
    expect(await gauge(metricNames.sweepLagSeconds)).toBeGreaterThan(24 * 3600);
    const swept = await sweepDeadlines(app.services);
    expect(swept.applied).toBeGreaterThan(0);
    expect(await counted(metricNames.deadlinesFired, 'outcome', 'applied')).toBe(swept.applied);
    expect(await gauge(metricNames.deadlinesDue)).toBe(0);
    expect(await gauge(metricNames.sweepLagSeconds)).toBe(0);
  });

  it('times card actions', async () => {
    const dispute = (await apiAs(app, 'chair-amara').get('/api/disputes?view=raised-by-me')).body.disputes[0];
    const chair = teamsUser((await app.services.directory.byId('chair-amara')) as Person);
    const r = await teamsClient(app, connector.serviceUrl).press(chair, 'refresh', {
      disputeId: dispute.id,
      version: dispute.version,
    });
    expect(r.status).toBe(200);
    const [point] = await collect(metricNames.cardActionDuration);
    expect((point!.value as Histogram).count).toBe(1);
    expect(point!.attributes.status).toBe(200);
    expect((point!.value as Histogram).sum).toBeGreaterThan(0);
  });
});
