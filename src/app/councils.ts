// The councils a deployment serves, each with services of its own (its directory, its protocols,
// and a database view that acts for it alone: SqlDatabase.forTenant), and the council a piece of
// work is being done for.
//
// Code shared by every council (the HTTP routes, the bot) is handed `routingServices()`: each of
// its fields answers for the council of the work in hand, kept in an AsyncLocalStorage that the
// HTTP layer enters for each request (from the signed-in person, src/http/council-routing.ts) and
// the background loops enter for each council's sweep and delivery. Work with no council in hand
// is refused, not given a default, once there is more than one council.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AppServices } from './app-services.ts';
import type { Directory } from './ports/directory.ts';
import type { SqlDatabase } from './ports/sql-database.ts';

export interface Council {
  /** Short name (COUNCILS_FILE), or the directory's council name for a single-council deployment. */
  id: string;
  /** The tenant_id of the council's rows: its directory's Entra tenant. */
  tenantId: string;
  /** Entra tenants whose people sign in as this council's staff (lower case). */
  signInTenantIds: readonly string[];
  services: AppServices;
}

export class NoCouncilError extends Error {
  override name = 'NoCouncilError';
  constructor() {
    super('no council is in hand for this work (several councils are served: the caller must name one)');
  }
}

export class Councils {
  readonly all: readonly Council[];
  private readonly inHand = new AsyncLocalStorage<Council>();
  private readonly bySignInTenant = new Map<string, Council>();

  constructor(councils: readonly Council[]) {
    if (councils.length === 0) throw new Error('a deployment serves at least one council');
    const tenants = new Set<string>();
    for (const c of councils) {
      if (tenants.has(c.tenantId.toLowerCase()))
        throw new Error(
          `two councils have the directory tenant ${c.tenantId}: each council needs a directory (and tenant) of its own`,
        );
      tenants.add(c.tenantId.toLowerCase());
      for (const t of [c.tenantId, ...c.signInTenantIds]) {
        const other = this.bySignInTenant.get(t.toLowerCase());
        if (other && other !== c)
          throw new Error(
            `tenant ${t} signs in to both ${other.id} and ${c.id}: a tenant belongs to one council`,
          );
        this.bySignInTenant.set(t.toLowerCase(), c);
      }
    }
    this.all = councils;
  }

  /** The council whose people sign in from this Entra tenant. */
  forSignInTenant(tenantId: string): Council | undefined {
    return this.bySignInTenant.get(tenantId.toLowerCase());
  }

  /** The council whose rows carry this tenant_id (a directory person's `tenantId`). */
  forTenant(tenantId: string): Council | undefined {
    return this.all.find((c) => c.tenantId.toLowerCase() === tenantId.toLowerCase());
  }

  byId(id: string): Council | undefined {
    return this.all.find((c) => c.id === id);
  }

  /** The only council, when there is one. */
  get sole(): Council | undefined {
    return this.all.length === 1 ? this.all[0] : undefined;
  }

  /** Runs `work` for `council`: everything it reaches through routingServices() is that council's. */
  run<T>(council: Council, work: () => T): T {
    return this.inHand.run(council, work);
  }

  /** The council of the work in hand; a single-council deployment's one council otherwise. */
  current(): Council {
    const council = this.inHand.getStore() ?? this.sole;
    if (!council) throw new NoCouncilError();
    return council;
  }

  /** Services whose every field answers for the council of the work in hand (see above). */
  routingServices(): AppServices {
    const now = () => this.current().services;
    const all = this.all;
    const first = this.all[0]!.services;
    const db = routingDatabase(() => now().db, first.db.kind);
    const directory = routingDirectory(() => now().directory, first.directory.kind);
    // Not per council: how notifications go, how references are drawn, what follows a change.
    const shared: Pick<
      AppServices,
      'channelFor' | 'newReference' | 'onDisputeChanged' | 'onDeadlineScheduled' | 'activityFeed'
    > = {};
    return {
      db,
      directory,
      get store() {
        return now().store;
      },
      get protocols() {
        return now().protocols;
      },
      get clock() {
        return now().clock;
      },
      get tenantId() {
        return now().tenantId;
      },
      // Records management and metrics are each council's (its own retention schedule).
      get records() {
        return now().records;
      },
      get retention() {
        return now().retention;
      },
      get metrics() {
        return now().metrics;
      },
      get channelFor() {
        return shared.channelFor;
      },
      set channelFor(f) {
        shared.channelFor = f;
        for (const c of all) c.services.channelFor = f;
      },
      get activityFeed() {
        return shared.activityFeed;
      },
      set activityFeed(on) {
        shared.activityFeed = on;
        for (const c of all) c.services.activityFeed = on;
      },
      get newReference() {
        return shared.newReference;
      },
      set newReference(f) {
        shared.newReference = f;
        for (const c of all) c.services.newReference = f;
      },
      get onDisputeChanged() {
        return shared.onDisputeChanged;
      },
      set onDisputeChanged(f) {
        shared.onDisputeChanged = f;
        for (const c of all) c.services.onDisputeChanged = f;
      },
      get onDeadlineScheduled() {
        return shared.onDeadlineScheduled;
      },
      set onDeadlineScheduled(f) {
        shared.onDeadlineScheduled = f;
        for (const c of all) c.services.onDeadlineScheduled = f;
      },
    };
  }
}

/** A database whose every call goes to the council in hand's view. */
function routingDatabase(current: () => SqlDatabase, kind: SqlDatabase['kind']): SqlDatabase {
  return {
    kind,
    get tenantId() {
      return current().tenantId;
    },
    query: (sql, params, options) => current().query(sql, params, options),
    transaction: (work) => current().transaction(work),
    forTenant: (tenantId) => current().forTenant(tenantId),
    // The councils' views share the database's connections; start-app closes the database.
    close: async () => {},
  };
}

/** A directory whose every call goes to the council in hand's directory. */
function routingDirectory(current: () => Directory, kind: Directory['kind']): Directory {
  return {
    kind,
    byId: (id) => current().byId(id),
    byAadObjectId: (tenantId, aadObjectId) => current().byAadObjectId(tenantId, aadObjectId),
    byEmail: (email) => current().byEmail?.(email) ?? Promise.resolve(null),
    holdersOfPost: (post) => current().holdersOfPost(post),
    managerChain: (id) => current().managerChain(id),
    search: (query) => current().search(query),
    all: () => current().all(),
    standInFor: (person, onDate) => current().standInFor?.(person, onDate) ?? Promise.resolve(null),
  };
}
