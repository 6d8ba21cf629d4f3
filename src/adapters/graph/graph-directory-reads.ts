// The directory's raw reads from Microsoft Graph, cached: users (with their manager's id), the members
// of the groups that hold fixed posts, and people's mailbox settings. graph-directory.ts turns them
// into the Directory port's people.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Clock } from '../../app/ports/clock.ts';
import type { DirectoryCache } from './directory-cache.ts';
import { readGraphFailure } from './graph-errors.ts';
import { GraphRequestError, type GraphErrorContext } from './graph-request-error.ts';
import type { GraphSettings } from './graph-settings.ts';
import type { GraphLogger } from './msal-credentials.ts';
import type { MailboxSettings } from './out-of-office.ts';

export interface GraphUser {
  id: string;
  '@odata.type'?: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  manager?: GraphUser | null;
  [property: string]: unknown;
}

export interface GraphPage<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

export interface PostIndex {
  /** Post → the raw users holding it. */
  holders: Map<string, GraphUser[]>;
  /** User id → posts held. */
  postsOf: Map<string, string[]>;
  /** Users that are shared mailboxes (posts configured as mailbox:). */
  mailboxes: Set<string>;
  /** Posts whose holders could not be read, and why. */
  problems: Map<string, GraphRequestError>;
}

export const EVENTUAL = { ConsistencyLevel: 'eventual' };

export const READ_PEOPLE: GraphErrorContext = {
  action: "read people in the council's directory",
  permission: 'User.Read.All',
};
const READ_MAILBOX: GraphErrorContext = {
  action: "read people's out-of-office replies and working hours",
  permission: 'MailboxSettings.Read',
};

/** The HTTP status of a failed Graph call, read through the one taxonomy (graph-errors.ts). */
export const status = (e: unknown) => readGraphFailure(e).status;

export interface DirectoryReadsDeps {
  client: Client;
  settings: GraphSettings;
  cache: DirectoryCache;
  clock: Clock;
  logger: GraphLogger;
  /** The user properties read ($select). */
  select: string;
}

export function createDirectoryReads(deps: DirectoryReadsDeps) {
  const { client, settings, cache, clock, logger, select } = deps;
  const cap = settings.directoryLimit;
  let mailboxDeniedUntil = 0;
  let mailboxDeniedMessage = '';

  const get = async <T>(path: string, headers?: Record<string, string>): Promise<T> => {
    let request = client.api(path);
    if (headers) request = request.headers(headers);
    return (await request.get()) as T;
  };

  /** Every page of a collection, up to `limit` items. */
  const list = async <T>(
    path: string,
    headers: Record<string, string> | undefined,
    limit: number,
    what: string,
  ): Promise<T[]> => {
    const items: T[] = [];
    let next: string | undefined = path;
    while (next && items.length < limit) {
      const page: GraphPage<T> = await get<GraphPage<T>>(next, headers);
      items.push(...(page.value ?? []));
      next = page['@odata.nextLink'];
    }
    if (items.length >= limit && next)
      logger.warn(
        { component: 'graph-directory', limit, what },
        `Stopped reading ${what} at GRAPH_DIRECTORY_LIMIT (${limit}).`,
      );
    return items.slice(0, limit);
  };

  /** A user with their manager's id, by object id or UPN; null when Entra ID has nobody by that name. */
  const rawUser = (key: string): Promise<GraphUser | null> =>
    cache.get(`user:${key.toLowerCase()}`, async () => {
      try {
        const user = await get<GraphUser>(
          `/users/${encodeURIComponent(key)}?$select=${select}&$expand=manager($select=id)`,
        );
        if (user.id && user.id.toLowerCase() !== key.toLowerCase())
          cache.offer(`user:${user.id.toLowerCase()}`, user);
        return user;
      } catch (e) {
        if (status(e) === 404) return null;
        throw new GraphRequestError(e, { ...READ_PEOPLE, subject: key });
      }
    });

  const groupUsers = (groupId: string, what: string): Promise<GraphUser[]> =>
    cache.get(`group:${groupId}`, () =>
      list<GraphUser>(
        `/groups/${encodeURIComponent(groupId)}/members/microsoft.graph.user?$select=${select}&$count=true&$top=999`,
        EVENTUAL,
        cap,
        what,
      ),
    );

  const postIndex = (): Promise<PostIndex> =>
    cache.get('posts', async () => {
      const index: PostIndex = {
        holders: new Map(),
        postsOf: new Map(),
        mailboxes: new Set(),
        problems: new Map(),
      };
      await Promise.all(
        Object.entries(settings.posts).map(async ([post, holder]) => {
          let users: GraphUser[];
          try {
            if (holder.kind === 'group')
              users = await groupUsers(holder.groupId, `the members of the group for ${post}`);
            else {
              const user = await rawUser(holder.upn);
              if (!user)
                logger.warn(
                  { component: 'graph-directory', post },
                  `GRAPH_POSTS names ${holder.upn} for ${post}, but they are not in the council's directory (Entra ID).`,
                );
              users = user ? [user] : [];
            }
          } catch (e) {
            const problem =
              e instanceof GraphRequestError
                ? e
                : new GraphRequestError(e, {
                    subject: `The group for the post ${post}`,
                    action: `read the members of the Entra group for the post ${post}`,
                    permission: 'GroupMember.Read.All',
                  });
            logger.warn(
              { component: 'graph-directory', post, status: problem.status, code: problem.code },
              problem.message,
            );
            index.problems.set(post, problem);
            users = [];
          }
          index.holders.set(post, users);
          for (const u of users) {
            const id = u.id.toLowerCase();
            index.postsOf.set(id, [...(index.postsOf.get(id) ?? []), post]);
            if (holder.kind === 'person' && holder.mailbox) index.mailboxes.add(id);
          }
        }),
      );
      return index;
    });

  /**
   * Mailbox settings (working hours, automatic replies, whether it is a shared mailbox), or null with
   * the reason when there is no mailbox or we may not read it. A busy or failing mailbox service never
   * stops a lookup: working hours and out-of-office replies are then simply unknown.
   */
  const readMailbox = async (id: string): Promise<{ settings: MailboxSettings | null; problem?: string }> => {
    if (Date.parse(clock.now()) < mailboxDeniedUntil)
      return { settings: null, problem: mailboxDeniedMessage };
    try {
      return await cache.get(`mailbox:${id.toLowerCase()}`, async () => {
        try {
          return { settings: await get<MailboxSettings>(`/users/${encodeURIComponent(id)}/mailboxSettings`) };
        } catch (e) {
          const s = status(e);
          if (s !== 403 && s !== 404) throw new GraphRequestError(e, READ_MAILBOX);
          const problem =
            s === 404
              ? "That person has no Outlook mailbox CP Disputes can read, so their working hours and out-of-office replies can't be checked."
              : new GraphRequestError(e, READ_MAILBOX).message;
          if (s === 403) {
            mailboxDeniedUntil = Date.parse(clock.now()) + Math.max(settings.cacheSeconds, 60) * 1000;
            mailboxDeniedMessage = problem;
            logger.warn({ component: 'graph-directory' }, problem);
          }
          return { settings: null, problem };
        }
      });
    } catch (e) {
      logger.warn({ component: 'graph-directory' }, (e as Error).message);
      return { settings: null, problem: (e as Error).message };
    }
  };
  return { get, list, rawUser, groupUsers, postIndex, readMailbox };
}

export type DirectoryReads = ReturnType<typeof createDirectoryReads>;
