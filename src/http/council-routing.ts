// Which council each request is for, and sign-in across councils. Every route's handler runs with
// its request's council in hand (Councils.run), so the routes and the bot, written for one
// council's services, reach only that council's directory, protocols and rows (docs/tenancy.md):
//
// - a signed-in person's council is the one whose directory they were found in: their token's
//   tenant (Entra), or the directory the dev sign-in found them in;
// - the bot's /api/messages: the activity's tenant;
// - a calendar feed link: the council that holds the link's token;
// - other public routes (health, the OpenAPI document, the tab's files, the dev people list): the
//   council named by X-Dev-Council in dev sign-in, else the first; they show no council's records.
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { hashFeedToken, looksLikeFeedToken } from '../adapters/ics/feed-tokens.ts';
import { createSqlCalendarFeedStore } from '../adapters/sql/sql-calendar-feed-store.ts';
import type { Council, Councils } from '../app/councils.ts';
import type { Directory, Person } from '../app/ports/directory.ts';
import { Unauthorized, type Authenticator } from './authentication.ts';
import { sendError } from './error-mapping.ts';

/** Dev sign-in only: names the council when directories share person ids. */
/** Before any feed token was issued. */
const EVER = '1970-01-01T00:00:00.000Z';

export const DEV_COUNCIL_HEADER = 'x-dev-council';

const headerOf = (req: FastifyRequest, name: string) => {
  const h = req.headers[name];
  return Array.isArray(h) ? h[0] : h;
};

/** Wraps every route registered after this call so that its handler runs for its request's council. */
export function routeRequestsToCouncils(app: FastifyInstance, councils: Councils, devAuth: boolean): void {
  const feeds = createSqlCalendarFeedStore();

  const publicCouncil = (req: FastifyRequest): Council | null => {
    const named = devAuth ? headerOf(req, DEV_COUNCIL_HEADER) : undefined;
    if (named) return councils.byId(named) ?? councils.forTenant(named) ?? null;
    return councils.all[0]!;
  };

  const councilOf = async (req: FastifyRequest, url: string): Promise<Council | null> => {
    // A person was found in one council's directory, which gave them its tenant.
    if (req.person) return councils.forTenant(req.person.tenantId) ?? councils.sole ?? null;
    if (url === '/api/messages') {
      const activity = (req.body ?? {}) as {
        conversation?: { tenantId?: unknown };
        channelData?: { tenant?: { id?: unknown } };
      };
      const tenant = activity.conversation?.tenantId ?? activity.channelData?.tenant?.id;
      // One council: the bot itself refuses a tenant it does not serve, as it always has.
      if (typeof tenant === 'string') return councils.forSignInTenant(tenant) ?? councils.sole ?? null;
      return councils.sole ?? null;
    }
    if (url === '/calendar/:token.ics') {
      const token = (req.params as { token?: string }).token ?? '';
      if (looksLikeFeedToken(token))
        for (const council of councils.all)
          // Which council issued it, whenever: the feed route itself refuses a lapsed link.
          if (await feeds.personFor(council.services.db, hashFeedToken(token), EVER)) return council;
      // Unknown everywhere: any council answers 404 alike.
      return councils.all[0]!;
    }
    return publicCouncil(req);
  };

  app.addHook('onRoute', (route) => {
    const handler = route.handler as (...args: unknown[]) => unknown;
    const url = route.url;
    const wrapped = async function (this: FastifyInstance, req: FastifyRequest, reply: never) {
      const council = await councilOf(req, url);
      if (!council)
        return sendError(reply, 403, {
          error: 'forbidden',
          message: 'This service does not serve that council.',
        });
      return councils.run(council, () => handler.call(this, req, reply));
    };
    route.handler = wrapped as unknown as RouteHandlerMethod;
  });
}

/**
 * Dev sign-in over several directories: X-Dev-User names a person, X-Dev-Council (a council's id)
 * which directory when more than one has that id.
 */
export function createMultiCouncilDevAuthenticator(councils: Councils): Authenticator {
  return {
    kind: 'dev',
    async authenticate(request) {
      const id = headerOf(request, 'x-dev-user');
      if (!id)
        throw new Unauthorized('Sign in: in dev mode, send the X-Dev-User header with a directory id.');
      const named = headerOf(request, DEV_COUNCIL_HEADER);
      const among = named ? [councils.byId(named) ?? councils.forTenant(named)] : councils.all;
      if (named && !among[0])
        throw new Unauthorized(`X-Dev-Council "${named}" is not a council served here.`);
      const found: Person[] = [];
      for (const council of among) {
        const person = await council!.services.directory.byId(id);
        if (person && !person.mailbox) found.push(person);
      }
      if (found.length === 0) throw new Unauthorized(`X-Dev-User "${id}" is not a person in the directory.`);
      if (found.length > 1)
        throw new Unauthorized(
          `X-Dev-User "${id}" is in more than one council's directory: name the council in X-Dev-Council.`,
        );
      return found[0]!;
    },
  };
}

/** For Entra sign-in: a token's person is looked up in the directory of its tenant's council. */
export function signInDirectory(councils: Councils): Directory {
  const notForSignIn = () => {
    throw new Error('the sign-in directory only finds people by tenant and object id');
  };
  return {
    kind: councils.all[0]!.services.directory.kind,
    async byAadObjectId(tenantId, aadObjectId) {
      const council = councils.forSignInTenant(tenantId);
      return council ? council.services.directory.byAadObjectId(tenantId, aadObjectId) : null;
    },
    byId: notForSignIn,
    holdersOfPost: notForSignIn,
    managerChain: notForSignIn,
    search: notForSignIn,
    all: notForSignIn,
  };
}
