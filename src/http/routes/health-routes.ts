// Probes for the platform (Container Apps, Kubernetes, the image's HEALTHCHECK):
// - /livez: the process is up and its event loop turns. No I/O, so a database outage never gets a
//   healthy instance restarted.
// - /readyz: send this instance traffic? (database reachable and writable, migrations applied, not
//   draining; see app/readiness.ts). 503 with the reason otherwise.
// - /healthz: kept for existing probes and scripts: the database answers, and which adapters are in use.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pingDatabase } from '../../adapters/sql/database-ping.ts';
import type { AppServices } from '../../app/app-services.ts';
import type { Readiness } from '../../app/readiness.ts';
import { HealthSchema, LivenessSchema, ReadinessSchema } from '../../contract/health.ts';

export function healthRoutes(app: FastifyInstance, services: AppServices, readiness: Readiness) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const config = { public: true };
  const livez = { summary: 'Liveness: the process is up (no I/O)', response: { 200: LivenessSchema } };
  api.get('/livez', { config, schema: livez }, async (_req, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  const readyz = {
    summary: 'Readiness: the database takes writes, the schema is migrated, not draining',
    response: { 200: ReadinessSchema, 503: ReadinessSchema.describe('Unready, with the reason') },
  };
  api.get('/readyz', { config, schema: readyz }, async (_req, reply) => {
    const report = await readiness.check();
    return reply
      .code(report.ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: report.ready ? 'ready' : 'unready', ...report });
  });
  const healthz = {
    summary: 'The database answers, and the adapters in use',
    response: { 200: HealthSchema },
  };
  api.get('/healthz', { config, schema: healthz }, async (_req, reply) => {
    await pingDatabase(services.db);
    return reply.send({ status: 'ok', store: services.db.kind, directory: services.directory.kind });
  });
}
