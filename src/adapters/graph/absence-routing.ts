// Where work for someone who is away goes instead: the holder of their post's `-deputy` post, else the
// nearest manager up the line who is in, with the sentence that says so on the card.
import type { Person } from '../../app/ports/directory.ts';
import { formatUntil, type OutOfOffice } from './out-of-office.ts';

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

export interface AbsenceLookups {
  /** The fixed posts the council configured (GRAPH_POSTS). */
  posts: Readonly<Record<string, unknown>>;
  outOfOffice(personId: string, onDate: string): Promise<OutOfOffice>;
  /** The holders of a deputy post, or none when they cannot be read. */
  deputiesFor(post: string): Promise<Person[]>;
}

/** Who should get work meant for `person` if they are away on `day`. */
export async function routeAroundAbsence(
  lookups: AbsenceLookups,
  person: Person,
  chain: readonly Person[],
  day: string,
): Promise<AbsenceRouting> {
  const first = await lookups.outOfOffice(person.id, day);
  if (!first.away) return { to: person, via: 'person', rerouted: false, reason: null, away: [] };
  const away: AbsenceRouting['away'] = [{ person, ...(first.until ? { until: first.until } : {}) }];
  const isIn = async (candidate: Person) => {
    const absence = await lookups.outOfOffice(candidate.id, day);
    if (absence.away) away.push({ person: candidate, ...(absence.until ? { until: absence.until } : {}) });
    return !absence.away;
  };
  for (const post of person.posts) {
    const deputyPost = `${post}-deputy`;
    if (post.endsWith('-deputy') || !(deputyPost in lookups.posts)) continue;
    for (const deputy of await lookups.deputiesFor(deputyPost))
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
