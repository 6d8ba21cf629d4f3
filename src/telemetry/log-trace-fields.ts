// Pino's mixin: every log record written while a span is active carries its trace and span ids
// (the field names of OpenTelemetry's pino instrumentation), so a log line leads to its trace in
// Application Insights or any OTLP back end. Without telemetry configured, no span is recording and
// nothing is added.
import { context, isSpanContextValid, trace } from '@opentelemetry/api';

export function traceFields(): Record<string, string> {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const c = span.spanContext();
  if (!isSpanContextValid(c)) return {};
  return { trace_id: c.traceId, span_id: c.spanId, trace_flags: `0${c.traceFlags.toString(16)}` };
}
