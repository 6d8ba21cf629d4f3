// Administration for oversight posts: the protocols in force, roles the directory cannot fill for
// open disputes, and messages that could not be delivered.
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../app/app-services.ts';
import { PersonDisputes } from '../../app/person-disputes.ts';

export function adminRoutes(app: FastifyInstance, services: AppServices) {
  app.get('/api/admin/overview', async (req) => new PersonDisputes(services, req.person).adminOverview());
}
