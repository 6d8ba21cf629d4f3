// One server span per HTTP request, made active for the request's hooks and handler, so the
// spans and log records made while handling it (pino's trace_id) belong to it. A caller's W3C
// `traceparent` continues its trace. Spans carry the method, the route template and the status:
// never the URL itself, the query string, headers or bodies.
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const requestContexts = new WeakMap<FastifyRequest, { span: Span; ctx: Context }>();

export function traceRequests(app: FastifyInstance, tracer: Tracer): void {
  app.addHook('onRequest', (req, _reply, done) => {
    const route = req.routeOptions.url;
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      route ? `${req.method} ${route}` : req.method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method, ...(route ? { 'http.route': route } : {}) },
      },
      parent,
    );
    const ctx = trace.setSpan(parent, span);
    requestContexts.set(req, { span, ctx });
    context.with(ctx, done);
  });
  app.addHook('onResponse', (req, reply, done) => {
    const entry = requestContexts.get(req);
    if (entry) {
      entry.span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) entry.span.setStatus({ code: SpanStatusCode.ERROR });
      entry.span.end();
    }
    done();
  });
}

/** Runs `work` inside the request's span (for hooks that run outside it, such as onResponse). */
export function withinRequest<T>(req: FastifyRequest, work: () => T): T {
  const entry = requestContexts.get(req);
  return entry ? context.with(entry.ctx, work) : work();
}
