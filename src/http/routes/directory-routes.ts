import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../../app/app-services.ts';
import type { Person } from '../../app/ports/directory.ts';
import { directoryRolesOf } from '../../app/resolve-roster.ts';
import { capabilitiesOf } from '../../core/access/person-capabilities.ts';
import { MeSchema, UsersQuery, UserViewSchema, type UserView } from '../../contract/directory.ts';
import { apiErrors } from '../../contract/errors.ts';

export async function userView(services: AppServices, person: Person): Promise<UserView> {
  const everyone = await services.directory.all();
  return {
    id: person.id,
    name: person.name,
    email: person.email,
    aadObjectId: person.aadObjectId,
    jobTitle: person.jobTitle,
    team: person.team,
    roles: directoryRolesOf(
      person,
      services.protocols.all().map((e) => e.protocol),
      everyone,
    ),
  };
}

export function directoryRoutes(app: FastifyInstance, services: AppServices) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const schema = {
    summary:
      'Search the directory (people pickers); role= narrows to holders of a protocol role; email= finds the one person with that address',
    querystring: UsersQuery,
    response: { 200: z.array(UserViewSchema), ...apiErrors },
  };
  api.get('/api/directory/users', { schema }, async (req) => {
    const q = req.query;
    if (q.email !== undefined) {
      // One person or nobody: the address must match in full, so a partial address finds no one.
      const person = await services.directory.byEmail?.(q.email);
      if (!person || person.mailbox) return [];
      const view = await userView(services, person);
      return q.role && !view.roles.includes(q.role) ? [] : [view];
    }
    const found = await services.directory.search({ q: q.q ?? '', limit: q.role ? 500 : q.limit });
    const views = await Promise.all(found.filter((p) => !p.mailbox).map((p) => userView(services, p)));
    return (q.role ? views.filter((v) => v.roles.includes(q.role!)) : views).slice(0, q.limit);
  });

  api.get(
    '/api/me',
    {
      schema: {
        summary:
          'The signed-in person, and what they may do (oversee, manage records, raise under which protocols)',
        response: { 200: MeSchema, ...apiErrors },
      },
    },
    async (req) => ({
      ...(await userView(services, req.person)),
      may: capabilitiesOf(
        req.person,
        services.protocols.all().map((e) => e.protocol),
      ),
    }),
  );
}
