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
import type { Directory, Person, WorkingHours } from '../../app/ports/directory.ts';
import { graphFailure, GraphRequestError, type GraphErrorContext } from './graph-client.ts';
import { tierFromJobTitle, type GraphSettings } from './graph-settings.ts';
import { silentGraphLogger, type GraphLogger } from './msal-credentials.ts';

export const LONDON = 'Europe/London';
export const DEFAULT_WORKING_HOURS: Readonly<WorkingHours> = Object.freeze({
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
});

/** Someone's out-of-office reply on a day. */
export interface OutOfOffice {
  away: boolean;
  /** When the scheduled reply ends (ISO-8601 instant); absent when it has no end ("always on"). */
  until?: string;
  /** Why we could not tell, when we could not (no mailbox, no permission): then `away` is false. */
  note?: string;
}

/** Where work for someone who is away goes instead, and the sentence that says so on the card. */
export interface AbsenceRouting {
  /** The person, their deputy, or the nearest manager up the line who is in. */
  to: Person;
  via: 'person' | 'deputy' | 'manager';
  rerouted: boolean;
  /** "Carla Brightwater is out of the office until Mon 30 Nov, so this goes to their manager, …"; null when not away. */
  reason: string | null;
  /** Everyone found away on the way, the person first. */
  away: { person: Person; until?: string }[];
}

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

// ---------------------------------------------------------------------------------------------------
// Graph shapes (only what we read)

interface GraphUser {
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

interface GraphPage<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

interface DateTimeTimeZone {
  dateTime?: string;
  timeZone?: string;
}

export interface AutomaticRepliesSetting {
  status?: string;
  scheduledStartDateTime?: DateTimeTimeZone;
  scheduledEndDateTime?: DateTimeTimeZone;
}

interface MailboxSettings {
  automaticRepliesSetting?: AutomaticRepliesSetting;
  workingHours?: {
    daysOfWeek?: string[];
    startTime?: string;
    endTime?: string;
    timeZone?: { name?: string };
  };
  userPurpose?: string | { value?: string };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z][a-z0-9-]*$/;
const EVENTUAL = { ConsistencyLevel: 'eventual' };
const MAX_CHAIN = 50;

const READ_PEOPLE: GraphErrorContext = {
  action: "read people in the council's directory",
  permission: 'User.Read.All',
};
const READ_MANAGERS: GraphErrorContext = {
  action: "read people's line managers",
  permission: 'User.Read.All',
};
const READ_MAILBOX: GraphErrorContext = {
  action: "read people's out-of-office replies and working hours",
  permission: 'MailboxSettings.Read',
};

// ---------------------------------------------------------------------------------------------------
// Time zones and dates

/** Windows time-zone names Exchange uses, for the zones a council's staff are likely to be in. */
const WINDOWS_ZONES: Record<string, string> = {
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
  'GMT Standard Time': LONDON,
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'GTB Standard Time': 'Europe/Bucharest',
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'Pacific Standard Time': 'America/Los_Angeles',
  'India Standard Time': 'Asia/Kolkata',
  'AUS Eastern Standard Time': 'Australia/Sydney',
};
const LONDON_ZONES = new Set(['GMT Standard Time', LONDON, 'Europe/Belfast', 'GB']);

/** A Graph dateTimeTimeZone as an instant, or null if it cannot be read. */
export function graphDateTime(value: DateTimeTimeZone | undefined): DateTime | null {
  if (!value?.dateTime) return null;
  const zone = WINDOWS_ZONES[value.timeZone ?? 'UTC'] ?? value.timeZone ?? 'UTC';
  // Graph writes seven fractional digits; luxon reads up to milliseconds.
  const text = value.dateTime.replace(/(\.\d{3})\d+/, '$1').replace(/Z$/, '');
  let t = DateTime.fromISO(text, { zone });
  if (!t.isValid) t = DateTime.fromISO(text, { zone: 'UTC' });
  return t.isValid ? t : null;
}

/** "Mon 30 Nov", or "Fri 27 Nov at 17:00" when it ends during the day (London time). */
export function formatUntil(instant: string): string {
  const t = DateTime.fromISO(instant).setZone(LONDON).setLocale('en-GB');
  const day = t.toFormat('ccc d LLL');
  return t.hour === 0 && t.minute === 0 ? day : `${day} at ${t.toFormat('HH:mm')}`;
}

/**
 * Whether an automatic-replies setting makes someone away on `onDate`: always on, or scheduled over the
 * day's working hours (a date, London) or over the instant (an ISO instant with a time).
 */
export function absenceOn(
  setting: AutomaticRepliesSetting | null | undefined,
  onDate: string,
  hours: WorkingHours = DEFAULT_WORKING_HOURS,
): OutOfOffice {
  const status = (setting?.status ?? 'disabled').toLowerCase();
  if (status === 'alwaysenabled') return { away: true };
  if (status !== 'scheduled') return { away: false };
  const start = graphDateTime(setting?.scheduledStartDateTime);
  const end = graphDateTime(setting?.scheduledEndDateTime);
  if (!start || !end || end <= start) return { away: false };
  let away: boolean;
  if (onDate.includes('T')) {
    const t = DateTime.fromISO(onDate, { zone: LONDON });
    away = t.isValid && start <= t && t < end;
  } else {
    const day = DateTime.fromISO(onDate, { zone: LONDON });
    if (!day.isValid) return { away: false };
    const at = (hhmm: string) => {
      const [h, m] = hhmm.split(':').map(Number);
      return day.set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 });
    };
    away = start < at(hours.end) && end > at(hours.start);
  }
  return away ? { away: true, until: end.toUTC().toISO()! } : { away: false };
}

const DAY_NUMBERS: Record<string, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

/**
 * Working hours from mailbox settings, when they are set in London time; otherwise null (the caller
 * uses the default). Hours set in another zone are not converted: London staff keep London hours.
 */
export function workingHoursFrom(settings: MailboxSettings['workingHours'] | undefined): WorkingHours | null {
  if (!settings?.daysOfWeek?.length || !settings.startTime || !settings.endTime) return null;
  if (!LONDON_ZONES.has(settings.timeZone?.name ?? '')) return null;
  const days = [
    ...new Set(settings.daysOfWeek.map((d) => DAY_NUMBERS[d.toLowerCase()]).filter((d) => d !== undefined)),
  ].sort();
  const hhmm = (t: string) => /^(\d{2}):(\d{2})/.exec(t)?.slice(1, 3).join(':') ?? null;
  const start = hhmm(settings.startTime);
  const end = hhmm(settings.endTime);
  if (!days.length || !start || !end || start >= end) return null;
  return { days, start, end };
}

// ---------------------------------------------------------------------------------------------------
// A time-limited cache of promises: concurrent readers share one request; failures are not kept.

class TtlCache {
  private readonly entries = new Map<
    string,
    { expiresAt: number; promise: Promise<unknown>; settled?: { value: unknown } }
  >();
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > t) return hit.promise as Promise<T>;
    const entry: { expiresAt: number; promise: Promise<unknown>; settled?: { value: unknown } } = {
      expiresAt: t + this.ttlMs,
      promise: Promise.resolve(),
    };
    const promise = load().then(
      (value) => {
        entry.settled = { value };
        return value;
      },
      (error: unknown) => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
        throw error;
      },
    );
    entry.promise = promise;
    if (this.ttlMs > 0) this.entries.set(key, entry);
    return promise;
  }

  /** A value already read and still fresh, without asking for it. */
  peek<T>(key: string): T | undefined {
    const hit = this.entries.get(key);
    return hit && hit.expiresAt > this.now() && hit.settled ? (hit.settled.value as T) : undefined;
  }

  /** Offers a value read another way, unless a fresh one is already there. */
  offer<T>(key: string, value: T): void {
    const t = this.now();
    const hit = this.entries.get(key);
    if (this.ttlMs <= 0 || (hit && hit.expiresAt > t)) return;
    this.entries.set(key, { expiresAt: t + this.ttlMs, promise: Promise.resolve(value), settled: { value } });
  }

  clear(): void {
    this.entries.clear();
  }
}

// ---------------------------------------------------------------------------------------------------

interface PostIndex {
  /** Post → the raw users holding it. */
  holders: Map<string, GraphUser[]>;
  /** User id → posts held. */
  postsOf: Map<string, string[]>;
  /** Users that are shared mailboxes (posts configured as mailbox:). */
  mailboxes: Set<string>;
  /** Posts whose holders could not be read, and why. */
  problems: Map<string, GraphRequestError>;
}

const byName = (a: Person, b: Person) => a.name.localeCompare(b.name, 'en-GB') || a.id.localeCompare(b.id);
const odataString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const status = (e: unknown) => graphFailure(e)?.status ?? null;

/** The Directory port over Microsoft Graph. */
export function createGraphDirectory(
  client: Client,
  settings: GraphSettings,
  options: GraphDirectoryOptions = {},
): GraphDirectory {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentGraphLogger;
  const tenantId = options.tenantId ?? settings.tenantId;
  const cache = new TtlCache(settings.cacheSeconds * 1000, () => Date.parse(clock.now()));
  const cap = settings.directoryLimit;

  const tierRoot = settings.tierAttribute?.split('.')[0] ?? null;
  const fields = ['id', 'displayName', 'mail', 'userPrincipalName', 'jobTitle', 'department'];
  if (tierRoot && !fields.includes(tierRoot)) fields.push(tierRoot);
  const select = fields.join(',');

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
            { component: 'graph-directory', status: s, code: graphFailure(e)?.code },
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

  const routeAroundAbsence = async (
    person: Person,
    chain: readonly Person[],
    onDate?: string,
  ): Promise<AbsenceRouting> => {
    const day = onDate ?? today();
    const first = await outOfOffice(person.id, day);
    if (!first.away) return { to: person, via: 'person', rerouted: false, reason: null, away: [] };
    const away: AbsenceRouting['away'] = [{ person, ...(first.until ? { until: first.until } : {}) }];
    const isIn = async (candidate: Person) => {
      const absence = await outOfOffice(candidate.id, day);
      if (absence.away) away.push({ person: candidate, ...(absence.until ? { until: absence.until } : {}) });
      return !absence.away;
    };
    for (const post of person.posts) {
      const deputyPost = `${post}-deputy`;
      if (post.endsWith('-deputy') || !(deputyPost in settings.posts)) continue;
      for (const deputy of await deputiesFor(deputyPost))
        if (deputy.id !== person.id && (await isIn(deputy)))
          return {
            to: deputy,
            via: 'deputy',
            rerouted: true,
            reason: describeRouting(away, deputy, 'deputy'),
            away,
          };
    }
    for (const [i, manager] of chain.entries())
      if (manager.id !== person.id && (await isIn(manager)))
        return {
          to: manager,
          via: 'manager',
          rerouted: true,
          reason: describeRouting(away, manager, i === 0 && away.length === 1 ? 'manager' : 'next-manager'),
          away,
        };
    return {
      to: person,
      via: 'person',
      rerouted: false,
      reason: `${describeAway(away)}, and there is nobody in to pass it to, so it stays with ${person.name}.`,
      away,
    };
  };

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

const untilText = (until: string | undefined) => (until ? ` until ${formatUntil(until)}` : '');

function describeAway(away: AbsenceRouting['away']): string {
  const [first, ...others] = away;
  let text = `${first!.person.name} is out of the office${untilText(first!.until)}`;
  if (others.length)
    text += `, and so ${others.length === 1 ? 'is' : 'are'} ${others
      .map((a) => `${a.person.name}${untilText(a.until)}`)
      .join(', ')
      .replace(/, ([^,]*)$/, ' and $1')}`;
  return text;
}

/** The sentence for the card: who is away, and where the work goes instead. */
export function describeRouting(
  away: AbsenceRouting['away'],
  to: Person,
  how: 'deputy' | 'manager' | 'next-manager',
): string {
  const role =
    how === 'deputy' ? 'their deputy' : how === 'manager' ? 'their manager' : 'the next manager up who is in';
  return `${describeAway(away)}, so this goes to ${role}, ${to.name}${to.jobTitle ? ` (${to.jobTitle})` : ''}.`;
}
