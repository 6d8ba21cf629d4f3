// Who holds each of a protocol's roles for one dispute, answered from the directory. Roles are
// relative (the social worker's team manager, the chair's own manager) or fixed posts; a role nobody
// holds is reported with a reason a directory administrator can act on, never silently dropped.
import type { Roster, RosterNote } from '../core/dispute/dispute-commands.ts';
import type { Protocol, Role } from '../core/protocol/protocol-schema.ts';
import { oversightPosts } from '../core/access/access-policy.ts';
import type { Directory, Person } from './ports/directory.ts';

export interface UnfilledRole {
  role: string;
  label: string;
  why: string;
}

export interface ResolvedRoster {
  /** Every role the protocol declares; an unfilled role holds nobody ([]). */
  roster: Roster;
  unfilled: UnfilledRole[];
  /** People standing in for someone away, and why (shown on the card). */
  notes: RosterNote[];
}

export interface DisputeParties {
  /** Who raises (or raised) the dispute. */
  raiserId: string;
  /** The social worker named on the dispute; absent for flows that name none. */
  socialWorkerId?: string | null;
  /** The London date the roles are needed: people out of office that day are stood in for. */
  onDate?: string;
}

type Resolution = { ok: true; people: Person[] } | { ok: false; why: string };

const who = (p: Person) => `${p.name} (${p.id})`;
const uniqueById = (people: Person[]) => [...new Map(people.map((p) => [p.id, p] as const)).values()];

/** Resolves every role `protocol` declares for a dispute with these parties. */
export async function resolveRoster(
  protocol: Protocol,
  directory: Directory,
  parties: DisputeParties,
): Promise<ResolvedRoster> {
  const notes: RosterNote[] = [];
  /** Managers and post holders away on the day are replaced by who stands in, and the card says why. */
  const present = async (result: Resolution): Promise<Resolution> => {
    if (!result.ok || !parties.onDate || !directory.standInFor) return result;
    const people: Person[] = [];
    for (const p of result.people) {
      const standIn = await directory.standInFor(p, parties.onDate);
      if (standIn) notes.push({ personId: standIn.to.id, reason: standIn.reason });
      people.push(standIn?.to ?? p);
    }
    return { ok: true, people: uniqueById(people) };
  };
  const done = new Map<string, Resolution>();
  const inProgress = new Set<string>();

  const named = async (id: string | null | undefined, what: string): Promise<Resolution> => {
    if (!id) return { ok: false, why: `no ${what} was named on the dispute` };
    const person = await directory.byId(id);
    return person
      ? { ok: true, people: [person] }
      : { ok: false, why: `the ${what} "${id}" is not in the directory` };
  };

  const label = (name: string) => protocol.roles[name]?.label ?? name;

  const resolveRole = async (name: string): Promise<Resolution> => {
    const known = done.get(name);
    if (known) return known;
    const role: Role | undefined = protocol.roles[name];
    let result: Resolution;
    if (!role) result = { ok: false, why: `the protocol declares no role "${name}"` };
    else if (inProgress.has(name))
      result = { ok: false, why: `the protocol finds "${name}" through itself, so it cannot be resolved` };
    else {
      inProgress.add(name);
      const found = await resolveDefinition(role);
      result =
        role.resolve.kind === 'raiser' || role.resolve.kind === 'named-on-dispute'
          ? found
          : await present(found);
      inProgress.delete(name);
    }
    done.set(name, result);
    return result;
  };

  /** The holders of `of`, or why there are none. */
  const holdersOf = async (of: string): Promise<Resolution> => {
    const base = await resolveRole(of);
    return base.ok ? base : { ok: false, why: `it is found from the ${label(of)}, and ${base.why}` };
  };

  /** The person `find` gives for each holder of `of` (the role is held if any has one), or every why not. */
  const forEachHolder = async (
    of: string,
    find: (holder: Person) => Promise<Person | string>,
  ): Promise<Resolution> => {
    const base = await holdersOf(of);
    if (!base.ok) return base;
    const found: Person[] = [];
    const whys: string[] = [];
    for (const holder of base.people) {
      const person = await find(holder);
      if (typeof person === 'string') whys.push(person);
      else found.push(person);
    }
    return found.length ? { ok: true, people: uniqueById(found) } : { ok: false, why: whys.join('; ') };
  };

  const resolveDefinition = async (role: Role): Promise<Resolution> => {
    const r = role.resolve;
    switch (r.kind) {
      case 'raiser':
        return named(parties.raiserId, 'person raising the dispute');
      case 'named-on-dispute':
        return named(parties.socialWorkerId, 'social worker');
      case 'manager-of':
        return forEachHolder(r.of, async (holder) => {
          const [manager] = await directory.managerChain(holder.id);
          return manager ?? `${who(holder)} has no line manager in the directory`;
        });
      case 'up-the-line':
        return forEachHolder(r.of, async (holder) => {
          const chain = await directory.managerChain(holder.id);
          return (
            chain.find((m) => m.tier === r.tier) ??
            `${who(holder)} has no manager at tier ${r.tier} up their line` +
              (chain.length
                ? ` (their line: ${chain.map((m) => `${who(m)}${m.tier ? `, ${m.tier}` : ''}`).join(' → ')})`
                : ' (they have no line manager in the directory)')
          );
        });
      case 'fixed-post': {
        const holders = await directory.holdersOfPost(r.post);
        return holders.length
          ? { ok: true, people: holders }
          : { ok: false, why: `nobody in the directory holds the post ${r.post}` };
      }
    }
  };

  const acting = actingRoles(protocol);
  const raiser = parties.raiserId ? await directory.byId(parties.raiserId) : null;
  const roster: Record<string, readonly string[]> = {};
  const unfilled: UnfilledRole[] = [];
  for (const name of Object.keys(protocol.roles)) {
    let result = await resolveRole(name);
    // Derived roles are found from the raw holders above; only who is asked to act changes here.
    if (result.ok && acting.has(name)) {
      result = askPeopleNotMailboxes(name, label(name), result.people, notes);
      if (result.ok && raiser && protocol.roles[name]!.resolve.kind !== 'raiser')
        result = await notTheRaiser(protocol, directory, name, result.people, raiser, notes);
    }
    roster[name] = result.ok ? result.people.map((p) => p.id) : [];
    if (!result.ok) unfilled.push({ role: name, label: label(name), why: result.why });
  }
  return { roster, unfilled, notes };
}

/** Roles asked to act at some stage: to respond, or to chair its meeting. */
function actingRoles(protocol: Protocol): Set<string> {
  return new Set(
    protocol.stages.flatMap((s) => [
      ...s.respondentRoles,
      ...s.mayAlsoAnswerRoles,
      ...(s.meeting.chairRole ? [s.meeting.chairRole] : []),
    ]),
  );
}

/**
 * A shared mailbox is told or copied, never asked to act (SEEDS.md "Who answers"): where a post is
 * held by a mailbox and a named person, the person answers and the mailbox is copied; a post only a
 * mailbox holds cannot be asked to act, and the directory administrator is told why.
 */
function askPeopleNotMailboxes(
  role: string,
  roleLabel: string,
  people: Person[],
  notes: RosterNote[],
): Resolution {
  const mailboxes = people.filter((p) => p.mailbox);
  if (mailboxes.length === 0) return { ok: true, people };
  const named = people.filter((p) => !p.mailbox);
  if (named.length === 0)
    return {
      ok: false,
      why:
        `only the shared mailbox ${mailboxes.map(who).join(', ')} holds it; a shared mailbox is copied, ` +
        `never asked to act, so the directory must name the person who holds the post of ${roleLabel}`,
    };
  for (const m of mailboxes)
    notes.push({
      personId: m.id,
      copyForRole: role,
      reason:
        `${m.name} is a shared mailbox, so it is copied; ${named.map((p) => p.name).join(' and ')}, ` +
        `who hold${named.length === 1 ? 's' : ''} the post, ${named.length === 1 ? 'is' : 'are'} asked to act.`,
    });
  return { ok: true, people: named };
}

/**
 * Nobody answers or decides a dispute they raised (SEEDS.md "Who answers"). Where the raiser holds
 * a role asked to act, the other holders act; else the next person up the raiser's line; else the
 * role's stand-in post. Where nobody is left, the raiser stays in the role and the core refuses to
 * open the stage, saying why: a dispute nobody else can answer is never sent to its raiser.
 */
async function notTheRaiser(
  protocol: Protocol,
  directory: Directory,
  role: string,
  people: Person[],
  raiser: Person,
  notes: RosterNote[],
): Promise<Resolution> {
  if (!people.some((p) => p.id === raiser.id)) return { ok: true, people };
  const roleLabel = protocol.roles[role]?.label ?? role;
  const others = people.filter((p) => p.id !== raiser.id);
  const because = `${raiser.name} raised this dispute and is its ${roleLabel}, so`;
  if (others.length) {
    for (const p of others)
      notes.push({
        personId: p.id,
        reason: `${because} ${p.name}, who also holds the post, answers instead.`,
      });
    return { ok: true, people: others };
  }
  const [above] = (await directory.managerChain(raiser.id)).filter((m) => !m.mailbox);
  if (above) {
    notes.push({
      personId: above.id,
      reason: `${because} ${above.name}, next up ${raiser.name}'s line, answers instead.`,
    });
    return { ok: true, people: [above] };
  }
  const post = protocol.roles[role]?.standInPost;
  const standIns = post
    ? (await directory.holdersOfPost(post)).filter((p) => !p.mailbox && p.id !== raiser.id)
    : [];
  if (standIns.length) {
    for (const p of standIns)
      notes.push({
        personId: p.id,
        reason: `${because} ${p.name}, who holds the protocol's stand-in post (${post}), answers instead.`,
      });
    return { ok: true, people: standIns };
  }
  return { ok: true, people };
}

/**
 * The council's administrators for this service: the holders of the oversight posts (the people who
 * see the admin view). Told when an automatic step is refused.
 */
export async function councilAdminIds(directory: Directory): Promise<string[]> {
  const ids = new Set<string>();
  for (const post of oversightPosts)
    for (const p of await directory.holdersOfPost(post)) if (!p.mailbox) ids.add(p.id);
  return [...ids];
}

/** "socialWorkerId" → "social worker": the words a job title uses for a person named on the dispute. */
function fieldWords(field: string): string {
  return field
    .replace(/Id$/, '')
    .replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)
    .trim();
}

/**
 * The protocol role names a person can hold by who they are in the directory, across `protocols`:
 * fixed-post roles by their posts, up-the-line roles by their tier, the raising role by the posts it
 * requires (any professional where it requires none), the person named on a dispute by job title
 * ("social worker"), and, when `everyone` is given, manager-of roles for the managers of people who
 * can hold the role managed. Sorted, without repeats.
 */
export function directoryRolesOf(
  person: Person,
  protocols: readonly Protocol[],
  everyone: readonly Person[] = [],
): string[] {
  const roles = new Set<string>();
  const canHold = (p: Person, protocol: Protocol, name: string): boolean => {
    const role = protocol.roles[name];
    if (!role) return false;
    const r = role.resolve;
    switch (r.kind) {
      case 'fixed-post':
        return p.posts.includes(r.post);
      case 'up-the-line':
        return p.tier === r.tier;
      case 'raiser': {
        const required = protocol.raisedBy.role === name ? protocol.raisedBy.requiredPosts : [];
        return required.length ? required.every((post) => p.posts.includes(post)) : !p.mailbox;
      }
      case 'named-on-dispute':
        return !p.mailbox && p.jobTitle.toLowerCase().includes(fieldWords(r.field));
      case 'manager-of':
        // One level only: a manager-of role is derived from what the managed person holds in their own right.
        return everyone.some(
          (q) =>
            q.managerId === p.id &&
            protocol.roles[r.of]?.resolve.kind !== 'manager-of' &&
            canHold(q, protocol, r.of),
        );
    }
  };
  for (const protocol of protocols)
    for (const name of Object.keys(protocol.roles)) if (canHold(person, protocol, name)) roles.add(name);
  return [...roles].sort();
}
