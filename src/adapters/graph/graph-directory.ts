// The council's people from Microsoft Graph (Entra ID): the production Directory. A person's directory
// id is their Entra object id. Managers come from Entra's manager attribute, tiers from job titles (or
// an attribute, see graph-settings.ts), fixed posts from GRAPH_POSTS (an Entra group, or a named
// person or shared mailbox), working hours and out-of-office replies from their mailbox settings.
//
// Reads are cached for GRAPH_CACHE_SECONDS (by the injected clock), so resolving a dispute's roster
// twice asks Graph once. Single lookups (byId, managers, post holders) read each person's mailbox
// settings for working hours; the bulk reads (search, all) don't, to stay at a handful of requests:
// their people carry the default hours unless the person was looked up singly already. The meeting
// planner reads working hours from the calendar (getSchedule) in any case.
//
// Graph permissions (application): User.Read.All (people, managers), GroupMember.Read.All (posts held
// by groups, GRAPH_DIRECTORY_GROUPS), MailboxSettings.Read (working hours, out of office; optional:
// without it everyone has the default hours and nobody is seen as away).
import { DateTime } from 'luxon';
import type { Client } from '@microsoft/microsoft-graph-client';
import { systemClock, type Clock } from '../../app/ports/clock.ts';
import type { Directory, Person } from '../../app/ports/directory.ts';
import { routeAroundAbsence as routeAround, type AbsenceRouting } from './absence-routing.ts';
import { DirectoryCache } from './directory-cache.ts';
import {
  createDirectoryReads,
  EVENTUAL,
  READ_PEOPLE,
  status,
  type GraphPage,
  type GraphUser,
  type PostIndex,
} from './graph-directory-reads.ts';
import { readGraphFailure } from './graph-errors.ts';
import { GraphRequestError, type GraphErrorContext } from './graph-request-error.ts';
import { tierFromJobTitle } from './graph-posts-tiers.ts';
import type { GraphSettings } from './graph-settings.ts';
import { silentGraphLogger, type GraphLogger } from './msal-credentials.ts';
import { odataString } from './odata.ts';
import {
  absenceOn,
  DEFAULT_WORKING_HOURS,
  LONDON,
  workingHoursFrom,
  type MailboxSettings,
  type OutOfOffice,
} from './out-of-office.ts';

export type { AbsenceRouting } from './absence-routing.ts';
export type { OutOfOffice } from './out-of-office.ts';

export interface GraphDirectory extends Directory {
  readonly kind: 'graph';
  readonly tenantId: string;
  byEmail(email: string): Promise<Person | null>;
  /** Whether the person's out-of-office reply covers `onDate` (YYYY-MM-DD, London; or an instant). */
  outOfOffice(personId: string, onDate: string): Promise<OutOfOffice>;
  /**
   * Who should get work meant for `person` if they are away on `onDate` (default today, London): the
   * holder of their post's `-deputy` post, else the nearest manager in `chain` who is in.
   */
  routeAroundAbsence(person: Person, chain: readonly Person[], onDate?: string): Promise<AbsenceRouting>;
  /** Forget every cached read. */
  clearCache(): void;
}

export interface GraphDirectoryOptions {
  clock?: Clock;
  /** The tenant people belong to; the settings' tenant by default. */
  tenantId?: string;
  logger?: GraphLogger;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z][a-z0-9-]*$/;
const MAX_CHAIN = 50;

const READ_MANAGERS: GraphErrorContext = {
  action: "read people's line managers",
  permission: 'User.Read.All',
};

const byName = (a: Person, b: Person) => a.name.localeCompare(b.name, 'en-GB') || a.id.localeCompare(b.id);

/** The Directory port over Microsoft Graph. */
export function createGraphDirectory(
  client: Client,
  settings: GraphSettings,
  options: GraphDirectoryOptions = {},
): GraphDirectory {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentGraphLogger;
  const tenantId = options.tenantId ?? settings.tenantId;
  const cache = new DirectoryCache(settings.cacheSeconds * 1000, () => Date.parse(clock.now()));
  const cap = settings.directoryLimit;

  const tierRoot = settings.tierAttribute?.split('.')[0] ?? null;
  const fields = ['id', 'displayName', 'mail', 'userPrincipalName', 'jobTitle', 'department'];
  if (tierRoot && !fields.includes(tierRoot)) fields.push(tierRoot);
  const select = fields.join(',');
  const { get, list, rawUser, groupUsers, postIndex, readMailbox } = createDirectoryReads({
    client,
    settings,
    cache,
    clock,
    logger,
    select,
  });

  const tierOf = (user: GraphUser): string | null => {
    if (settings.tierAttribute) {
      let value: unknown = user;
      for (const part of settings.tierAttribute.split('.'))
        value = (value as Record<string, unknown> | null)?.[part];
      if (typeof value === 'string' && SLUG.test(value.trim().toLowerCase()))
        return value.trim().toLowerCase();
    }
    return tierFromJobTitle(user.jobTitle, settings.tiers);
  };

  const toPerson = (
    user: GraphUser,
    managerId: string | null,
    mailbox: MailboxSettings | null,
    index: PostIndex,
  ): Person => {
    const purpose =
      typeof mailbox?.userPurpose === 'string' ? mailbox.userPurpose : mailbox?.userPurpose?.value;
    return Object.freeze({
      id: user.id,
      name: user.displayName?.trim() || user.mail || user.userPrincipalName || user.id,
      email: user.mail || user.userPrincipalName || '',
      aadObjectId: user.id,
      tenantId,
      jobTitle: user.jobTitle?.trim() ?? '',
      managerId,
      tier: tierOf(user),
      posts: Object.freeze([...(index.postsOf.get(user.id.toLowerCase()) ?? [])].sort()) as string[],
      mailbox: index.mailboxes.has(user.id.toLowerCase()) || purpose?.toLowerCase() === 'shared',
      team: user.department?.trim() || null,
      workingHours: Object.freeze({ ...(workingHoursFrom(mailbox?.workingHours) ?? DEFAULT_WORKING_HOURS) }),
    });
  };

  const mailboxSettings = async (id: string) => (await readMailbox(id)).settings;

  const personById = (id: string): Promise<Person | null> => {
    if (!GUID.test(id)) return Promise.resolve(null);
    return cache.get(`person:${id.toLowerCase()}`, async () => {
      const user = await rawUser(id);
      if (!user) return null;
      const [mailbox, index] = await Promise.all([mailboxSettings(user.id), postIndex()]);
      return toPerson(user, user.manager?.id ?? null, mailbox, index);
    });
  };

  /** A person read in bulk: the full one when already looked up, else without mailbox settings. */
  const lightPerson = (user: GraphUser, index: PostIndex): Person => {
    const full = cache.peek<Person | null>(`person:${user.id.toLowerCase()}`);
    if (full) return full;
    const known = cache.peek<GraphUser | null>(`user:${user.id.toLowerCase()}`);
    const mailbox =
      cache.peek<{ settings: MailboxSettings | null }>(`mailbox:${user.id.toLowerCase()}`)?.settings ?? null;
    return toPerson(user, user.manager?.id ?? known?.manager?.id ?? null, mailbox, index);
  };

  /** People of a chain read from Graph (nearest first), each with the next one as their manager. */
  const chainPeople = async (users: GraphUser[]): Promise<Person[]> => {
    const index = await postIndex();
    return Promise.all(
      users.map(async (user, i) => {
        const key = `person:${user.id.toLowerCase()}`;
        const cached = cache.peek<Person | null>(key);
        if (cached) return cached;
        const person = toPerson(user, users[i + 1]?.id ?? null, await mailboxSettings(user.id), index);
        cache.offer(key, person);
        return person;
      }),
    );
  };

  /** The chain one manager at a time: GET /users/{id}/manager until a 404 (the top). */
  const walkManagers = async (id: string): Promise<GraphUser[]> => {
    const users: GraphUser[] = [];
    const seen = new Set([id.toLowerCase()]);
    let current = id;
    while (users.length < MAX_CHAIN) {
      let manager: GraphUser;
      try {
        manager = await get<GraphUser>(`/users/${encodeURIComponent(current)}/manager?$select=${select}`);
      } catch (e) {
        if (status(e) === 404) break; // no manager: the top of the line
        throw new GraphRequestError(e, READ_MANAGERS);
      }
      if (!manager?.id || seen.has(manager.id.toLowerCase())) break;
      seen.add(manager.id.toLowerCase());
      users.push(manager);
      current = manager.id;
    }
    return users;
  };

  const managerChain = (id: string): Promise<Person[]> => {
    if (!GUID.test(id)) return Promise.resolve([]);
    return cache.get(`chain:${id.toLowerCase()}`, async () => {
      let users: GraphUser[];
      try {
        const me = await get<GraphUser>(
          `/users/${encodeURIComponent(id)}?$select=id&$expand=manager($levels=max;$select=${select})&$count=true`,
          EVENTUAL,
        );
        users = [];
        const seen = new Set([id.toLowerCase()]);
        for (
          let m = me.manager;
          m?.id && !seen.has(m.id.toLowerCase()) && users.length < MAX_CHAIN;
          m = m.manager
        ) {
          seen.add(m.id.toLowerCase());
          users.push(m);
        }
      } catch (e) {
        const s = status(e);
        if (s === 404) return [];
        if (s === 400 || s === 403 || s === 405 || s === 501) {
          logger.debug(
            { component: 'graph-directory', status: s, code: readGraphFailure(e).code },
            'The manager chain could not be expanded in one request; walking it one manager at a time.',
          );
          users = await walkManagers(id);
        } else throw new GraphRequestError(e, READ_MANAGERS);
      }
      return chainPeople(users);
    });
  };

  const holdersOfPost = async (post: string): Promise<Person[]> => {
    if (!(post in settings.posts)) return [];
    const index = await postIndex();
    const problem = index.problems.get(post);
    if (problem) throw problem;
    const people = await Promise.all((index.holders.get(post) ?? []).map((u) => personById(u.id)));
    return people.filter((p): p is Person => p !== null).sort(byName);
  };

  const byEmail = (email: string): Promise<Person | null> => {
    const address = email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(address)) return Promise.resolve(null);
    return cache.get(`email:${address}`, async () => {
      let found: GraphPage<GraphUser>;
      try {
        found = await get<GraphPage<GraphUser>>(
          `/users?$filter=${encodeURIComponent(`mail eq ${odataString(address)}`)}&$select=id`,
        );
      } catch (e) {
        throw new GraphRequestError(e, { ...READ_PEOPLE, subject: email });
      }
      const id = found.value?.[0]?.id ?? (await rawUser(address))?.id; // else it may be their sign-in name
      return id ? personById(id) : null;
    });
  };

  const all = (): Promise<Person[]> =>
    cache.get('all', async () => {
      let users: GraphUser[];
      try {
        if (settings.directoryGroups.length) {
          const lists = await Promise.all(
            settings.directoryGroups.map((g) => groupUsers(g, 'the directory groups')),
          );
          users = lists.flat();
        } else
          users = await list<GraphUser>(
            `/users?$select=${select}&$expand=manager($select=id)&$top=999`,
            undefined,
            cap,
            'the users',
          );
      } catch (e) {
        throw new GraphRequestError(e, {
          action: "list the council's people",
          permission: 'User.Read.All and GroupMember.Read.All',
        });
      }
      const index = await postIndex();
      for (const holders of index.holders.values()) users.push(...holders);
      const unique = new Map<string, GraphUser>();
      for (const u of users) if (u.id && !unique.has(u.id.toLowerCase())) unique.set(u.id.toLowerCase(), u);
      return [...unique.values()]
        .slice(0, cap)
        .map((u) => lightPerson(u, index))
        .sort(byName);
    });

  const search = async ({ q, limit }: { q?: string; limit?: number }): Promise<Person[]> => {
    const max = limit === undefined ? 25 : Math.max(0, Math.floor(limit));
    const words = (q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    if (!max) return [];
    if (!words.length) return (await all()).slice(0, max);
    const text = (q ?? '').replace(/["\\]/g, ' ').trim();
    const top = Math.min(Math.max(max, 25), 999);
    const users = await cache.get(`search:${text.toLowerCase()}:${top}`, async () => {
      try {
        const page = await get<GraphPage<GraphUser>>(
          `/users?$search=${encodeURIComponent(`"displayName:${text}"`)}&$select=${select}&$top=${top}&$count=true`,
          EVENTUAL,
        );
        return page.value ?? [];
      } catch (e) {
        if (status(e) !== 400) throw new GraphRequestError(e, READ_PEOPLE);
        // $search refused (some tenants, B2C): fall back to a prefix match on the name.
        try {
          const page = await get<GraphPage<GraphUser>>(
            `/users?$filter=${encodeURIComponent(`startswith(displayName,${odataString(text)})`)}&$select=${select}&$top=${top}`,
          );
          return page.value ?? [];
        } catch (e2) {
          throw new GraphRequestError(e2, READ_PEOPLE);
        }
      }
    });
    const index = await postIndex();
    return users
      .filter((u) => u.id)
      .map((u) => lightPerson(u, index))
      .filter((p) => {
        const hay = `${p.name}\n${p.email}\n${p.jobTitle}`.toLowerCase();
        return words.every((w) => hay.includes(w));
      })
      .sort(byName)
      .slice(0, max);
  };

  const today = () => DateTime.fromISO(clock.now()).setZone(LONDON).toISODate()!;

  const outOfOffice = async (personId: string, onDate: string): Promise<OutOfOffice> => {
    if (!GUID.test(personId)) return { away: false, note: 'not a person in the directory' };
    const [person, mailbox] = await Promise.all([personById(personId), readMailbox(personId)]);
    if (!mailbox.settings) {
      const note = (mailbox.problem ?? '').replace(/^That person\b/, person?.name ?? 'That person');
      return { away: false, note };
    }
    return absenceOn(
      mailbox.settings.automaticRepliesSetting,
      onDate,
      person?.workingHours ?? DEFAULT_WORKING_HOURS,
    );
  };

  /** The deputies for a post, or none when they cannot be read (routing then goes up the line). */
  const deputiesFor = async (post: string): Promise<Person[]> => {
    try {
      return await holdersOfPost(post);
    } catch (e) {
      logger.warn({ component: 'graph-directory', post }, (e as Error).message);
      return [];
    }
  };

  const routeAroundAbsence = (person: Person, chain: readonly Person[], onDate?: string) =>
    routeAround({ posts: settings.posts, outOfOffice, deputiesFor }, person, chain, onDate ?? today());

  return {
    kind: 'graph',
    tenantId,
    byId: (id) => personById(id),
    byAadObjectId: async (tenant, aadObjectId) =>
      tenant.toLowerCase() === tenantId.toLowerCase() ? personById(aadObjectId) : null,
    byEmail,
    holdersOfPost,
    managerChain,
    search,
    all,
    outOfOffice,
    routeAroundAbsence,
    async standInFor(person: Person, onDate: string) {
      const routing = await routeAroundAbsence(person, await managerChain(person.id), onDate);
      return routing.rerouted && routing.reason ? { to: routing.to, reason: routing.reason } : null;
    },
    clearCache: () => cache.clear(),
  };
}
