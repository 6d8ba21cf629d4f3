// Probes for the platform (Container Apps, Kubernetes, the image's HEALTHCHECK):
// - /livez: the process is up and its event loop turns. No I/O, so a database outage never gets a
//   healthy instance restarted.
// - /readyz: send this instance traffic? (database reachable and writable, migrations applied, not
//   draining; see app/readiness.ts). 503 with the reason otherwise.
// - /healthz: kept for existing probes and scripts: the database answers, and which adapters are in use.
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../app/app-services.ts';
import type { Readiness } from '../../app/readiness.ts';

export function healthRoutes(app: FastifyInstance, services: AppServices, readiness: Readiness) {
  app.get('/livez', { config: { public: true } }, async (_req, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  app.get('/readyz', { config: { public: true } }, async (_req, reply) => {
    const report = await readiness.check();
    return reply
      .code(report.ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: report.ready ? 'ready' : 'unready', ...report });
  });
  app.get('/healthz', { config: { public: true } }, async (_req, reply) => {
    await services.db.query('select 1');
    return reply.send({ status: 'ok', store: services.db.kind, directory: services.directory.kind });
  });
}
