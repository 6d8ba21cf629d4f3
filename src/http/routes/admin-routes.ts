// Administration for oversight posts: the protocols in force, roles the directory cannot fill for
// open disputes, and messages that could not be delivered.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppServices } from '../../app/app-services.ts';
import { PersonDisputes } from '../../app/person-disputes.ts';
import { AdminOverviewSchema } from '../../contract/admin.ts';
import { apiErrors } from '../../contract/errors.ts';

export function adminRoutes(app: FastifyInstance, services: AppServices) {
  const schema = {
    summary: 'Protocols in force, roles nobody holds, refused steps and failed deliveries (oversight posts)',
    response: { 200: AdminOverviewSchema, ...apiErrors },
  };
  app
    .withTypeProvider<ZodTypeProvider>()
    .get('/api/admin/overview', { schema }, async (req) =>
      new PersonDisputes(services, req.person).adminOverview(),
    );
}
