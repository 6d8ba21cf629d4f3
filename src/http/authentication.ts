// Who is calling. In dev mode only, the X-Dev-User header names a directory person; production
// uses Entra tokens (the tab issue adds that verifier here). Anything else is 401.
import type { FastifyRequest } from 'fastify';
import type { Directory, Person } from '../app/ports/directory.ts';

export class Unauthorized extends Error {
  override name = 'Unauthorized';
}

export interface Authenticator {
  readonly kind: 'dev' | 'entra';
  authenticate(request: FastifyRequest): Promise<Person>;
}

export function createDevAuthenticator(directory: Directory): Authenticator {
  return {
    kind: 'dev',
    async authenticate(request) {
      const header = request.headers['x-dev-user'];
      const id = Array.isArray(header) ? header[0] : header;
      if (!id)
        throw new Unauthorized('Sign in: in dev mode, send the X-Dev-User header with a directory id.');
      const person = await directory.byId(id);
      if (!person || person.mailbox)
        throw new Unauthorized(`X-Dev-User "${id}" is not a person in the directory.`);
      return person;
    },
  };
}
