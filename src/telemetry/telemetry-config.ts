// Which telemetry exporter, if any, from the environment: Azure Monitor (Application Insights)
// when its connection string is set; OTLP when an OTLP endpoint is set (the standard
// OTEL_EXPORTER_OTLP_* variables, read by the exporters themselves); otherwise none, and the
// OpenTelemetry API stays a no-op.
import { z } from 'zod';

const TelemetryEnv = z.object({
  APPLICATIONINSIGHTS_CONNECTION_STRING: z
    .string()
    .regex(/InstrumentationKey=|IngestionEndpoint=/i, 'must be an Application Insights connection string')
    .optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('cp-disputes'),
  /** How often metrics are exported (and the database gauges read), in ms. */
  OTEL_METRIC_EXPORT_INTERVAL: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).optional(),
});

export type TelemetryChoice =
  | { kind: 'azure-monitor'; connectionString: string; serviceName: string; exportIntervalMs: number }
  | { kind: 'otlp'; serviceName: string; exportIntervalMs: number; traces: boolean; metrics: boolean }
  | { kind: 'off' };

export class TelemetryConfigError extends Error {}

export function chooseTelemetry(env: Record<string, string | undefined>): TelemetryChoice {
  const parsed = TelemetryEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TelemetryConfigError(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.OTEL_SDK_DISABLED === 'true') return { kind: 'off' };
  const common = { serviceName: e.OTEL_SERVICE_NAME, exportIntervalMs: e.OTEL_METRIC_EXPORT_INTERVAL };
  if (e.APPLICATIONINSIGHTS_CONNECTION_STRING)
    return { kind: 'azure-monitor', connectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING, ...common };
  const traces = Boolean(e.OTEL_EXPORTER_OTLP_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const metrics = Boolean(e.OTEL_EXPORTER_OTLP_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT);
  if (traces || metrics) return { kind: 'otlp', traces, metrics, ...common };
  return { kind: 'off' };
}
