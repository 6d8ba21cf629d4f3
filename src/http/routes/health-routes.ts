import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../app/app-services.ts';

export function healthRoutes(app: FastifyInstance, services: AppServices) {
  app.get('/healthz', { config: { public: true } }, async (_req, reply) => {
    await services.db.query('select 1');
    return reply.send({ status: 'ok', store: services.db.kind, directory: services.directory.kind });
  });
}
