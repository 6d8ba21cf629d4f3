import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../app/app-services.ts';
import type { Person } from '../../app/ports/directory.ts';
import { directoryRolesOf } from '../../app/resolve-roster.ts';
import { UsersQuery } from '../request-schemas.ts';
import { parseWith } from '../validate.ts';

export interface UserView {
  id: string;
  name: string;
  email: string;
  aadObjectId: string;
  jobTitle: string;
  team: string | null;
  roles: string[];
}

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
  app.get('/api/directory/users', async (req) => {
    const q = parseWith(UsersQuery, req.query);
    const found = await services.directory.search({ q: q.q ?? '', limit: q.role ? 500 : q.limit });
    const views = await Promise.all(found.filter((p) => !p.mailbox).map((p) => userView(services, p)));
    return (q.role ? views.filter((v) => v.roles.includes(q.role!)) : views).slice(0, q.limit);
  });

  app.get('/api/me', async (req) => userView(services, req.person));
}
