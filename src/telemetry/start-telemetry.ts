// Starts OpenTelemetry before the app, as chosen by telemetry-config.ts. The SDKs are imported
// only when used, so a server without telemetry loads none of them. Both set the global tracer and
// meter providers and an AsyncLocalStorage context manager, which the app's spans, metrics and the
// pino mixin (log-trace-fields.ts) use through @opentelemetry/api.
//
// Spans: one per HTTP request (src/http/request-tracing.ts) and one per background run (sweep,
// outbox delivery); Azure Monitor's distribution adds its own HTTP and PostgreSQL instrumentation
// where the modules load through require (node-postgres; the ESM server's own imports are not
// patched, which is why the request spans are the app's own).
import { metrics } from '@opentelemetry/api';
import type { TelemetryChoice } from './telemetry-config.ts';

export interface Telemetry {
  kind: TelemetryChoice['kind'];
  /** Flushes what is buffered and stops exporting (at shutdown). */
  shutdown(): Promise<void>;
}

export async function startTelemetry(choice: TelemetryChoice): Promise<Telemetry> {
  if (choice.kind === 'off') return { kind: 'off', shutdown: async () => {} };
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const resource = resourceFromAttributes({ 'service.name': choice.serviceName });

  if (choice.kind === 'azure-monitor') {
    const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
    useAzureMonitor({
      azureMonitorExporterOptions: { connectionString: choice.connectionString },
      resource,
      instrumentationOptions: { http: { enabled: true }, postgreSql: { enabled: true } },
    });
    return { kind: 'azure-monitor', shutdown: () => shutdownAzureMonitor() };
  }

  const stops: (() => Promise<void>)[] = [];
  if (choice.traces) {
    const { NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
    const { BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    const provider = new NodeTracerProvider({
      resource,
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
    });
    // Sets the global tracer provider, the W3C trace-context propagator and the context manager.
    provider.register();
    stops.push(() => provider.shutdown());
  }
  if (choice.metrics) {
    const { MeterProvider, PeriodicExportingMetricReader } = await import('@opentelemetry/sdk-metrics');
    const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-http');
    const provider = new MeterProvider({
      resource,
      readers: [
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter(),
          exportIntervalMillis: choice.exportIntervalMs,
        }),
      ],
    });
    metrics.setGlobalMeterProvider(provider);
    stops.push(() => provider.shutdown());
  }
  return {
    kind: 'otlp',
    shutdown: async () => {
      await Promise.allSettled(stops.map((stop) => stop()));
    },
  };
}
