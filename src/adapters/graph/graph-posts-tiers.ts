// Where Graph has no field for what a protocol needs, the council says how to find it, in
// GRAPH_POSTS and GRAPH_TIERS, parsed here (graph-settings.ts reports the problems with the rest).
//
// * Fixed posts (GRAPH_POSTS) map a protocol's post name to an Entra group (everyone in it holds the
//   post) or a named person (their UPN). `mailbox:` marks a post held by a shared mailbox.
//     GRAPH_POSTS=cp-chair=3f0c…-group-guid,head-of-service-safeguarding=ruth.ellery@council.gov.uk,
//                 head-of-service-safeguarding-deputy=sam.okafor@council.gov.uk,
//                 partnership-board-manager=mailbox:nscp@council.gov.uk
//   or JSON: {"cp-chair":{"group":"3f0c…"},"partnership-board-manager":{"mailbox":"nscp@…"}}.
//   A post named `<post>-deputy` is who an absent holder's work goes to (see routeAroundAbsence).
//
// * Management tier (a Person's `tier`, which protocols climb with `up-the-line`): by default read from
//   the job title with GRAPH_TIERS, an ordered list of `tier=/regex/flags` (or plain words, matched
//   case-insensitively); the first that matches wins. If GRAPH_TIER_ATTRIBUTE names a user property
//   (`onPremisesExtensionAttributes.extensionAttribute5`, or a directory extension such as
//   `extension_<appId>_cpTier`) holding a tier slug, that value wins over the job title.
//     GRAPH_TIERS=team-manager=/\bteam manager\b/i,service-manager=/\bservice manager\b/i
//   Without GRAPH_TIERS the English-council defaults below are used (DEFAULT_TIERS).
import { z } from 'zod';

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SLUG = /^[a-z][a-z0-9-]*$/;

/** Who holds a fixed post: everyone in an Entra group, or one named person (or shared mailbox). */
export type PostHolder =
  { kind: 'group'; groupId: string } | { kind: 'person'; upn: string; mailbox: boolean };

export interface TierRule {
  tier: string;
  pattern: RegExp;
}

/**
 * The tiers of an English council's children's services when GRAPH_TIERS is not set, most specific
 * first: "Assistant Director" is not a "director", and a "Deputy Director" holds a post, not a tier.
 */
export const DEFAULT_TIERS: readonly TierRule[] = Object.freeze([
  { tier: 'assistant-director', pattern: /\bassistant director\b/i },
  { tier: 'director', pattern: /^(?!.*\b(?:deputy|assistant)\s+director\b).*\bdirector\b/i },
  { tier: 'head-of-service', pattern: /\bhead of service\b/i },
  { tier: 'service-manager', pattern: /\bservice manager\b/i },
  { tier: 'team-manager', pattern: /\bteam manager\b/i },
]);

const PostValueSchema = z.union([
  z.string(),
  z.strictObject({ group: z.string() }),
  z.strictObject({ person: z.string(), mailbox: z.boolean().optional() }),
  z.strictObject({ mailbox: z.string() }),
]);

function postHolder(
  post: string,
  value: z.infer<typeof PostValueSchema>,
  problems: string[],
): PostHolder | null {
  let text: string;
  let mailbox = false;
  if (typeof value === 'string') {
    text = value.trim();
    const prefixed = /^(group|person|mailbox):(.*)$/i.exec(text);
    if (prefixed) {
      text = prefixed[2]!.trim();
      if (prefixed[1]!.toLowerCase() === 'mailbox') mailbox = true;
    }
  } else if ('group' in value) text = value.group.trim();
  else if ('person' in value) {
    text = value.person.trim();
    mailbox = value.mailbox ?? false;
  } else {
    text = value.mailbox.trim();
    mailbox = true;
  }
  if (GUID.test(text) && !mailbox) return { kind: 'group', groupId: text.toLowerCase() };
  if (UPN.test(text)) return { kind: 'person', upn: text, mailbox };
  problems.push(
    `GRAPH_POSTS: ${post} must name an Entra group's object id (a GUID) or a person's sign-in address (UPN), ` +
      `not "${text}"`,
  );
  return null;
}

export function parsePosts(text: string | undefined, problems: string[]): Record<string, PostHolder> {
  const posts: Record<string, PostHolder> = {};
  if (!text) return posts;
  let entries: [string, z.infer<typeof PostValueSchema>][];
  if (text.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      problems.push('GRAPH_POSTS is not valid JSON');
      return posts;
    }
    const parsed = z.record(z.string(), PostValueSchema).safeParse(json);
    if (!parsed.success) {
      problems.push(
        'GRAPH_POSTS: each post must map to a group id, a UPN, {"group":…}, {"person":…} or {"mailbox":…}',
      );
      return posts;
    }
    entries = Object.entries(parsed.data);
  } else {
    entries = [];
    for (const pair of text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq < 1) {
        problems.push(`GRAPH_POSTS: "${pair}" is not written post=group-id or post=person@council`);
        continue;
      }
      entries.push([pair.slice(0, eq).trim(), pair.slice(eq + 1)]);
    }
  }
  for (const [post, value] of entries) {
    if (!SLUG.test(post)) {
      problems.push(
        `GRAPH_POSTS: the post "${post}" must be written as protocols name it, e.g. head-of-service-safeguarding`,
      );
      continue;
    }
    if (post in posts) {
      problems.push(`GRAPH_POSTS: the post ${post} is given twice`);
      continue;
    }
    const holder = postHolder(post, value, problems);
    if (holder) posts[post] = holder;
  }
  return posts;
}

/** `/body/flags` as a RegExp, or plain words as a case-insensitive match of those words. */
function tierPattern(tier: string, source: string, problems: string[]): RegExp | null {
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(source);
  try {
    if (literal) return new RegExp(literal[1]!, literal[2]!.replace(/[gy]/g, ''));
    return new RegExp(`\\b${source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}\\b`, 'i');
  } catch (err) {
    problems.push(
      `GRAPH_TIERS: the pattern for ${tier} is not a valid regular expression (${(err as Error).message})`,
    );
    return null;
  }
}

export function parseTiers(text: string, problems: string[]): TierRule[] {
  let entries: [string, string][];
  if (text.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      problems.push('GRAPH_TIERS is not valid JSON');
      return [];
    }
    const parsed = z.record(z.string(), z.string()).safeParse(json);
    if (!parsed.success) {
      problems.push('GRAPH_TIERS: each tier must map to a pattern such as "/team manager/i"');
      return [];
    }
    entries = Object.entries(parsed.data);
  } else {
    // Split only at commas that start the next `tier=`, so a pattern may itself contain commas.
    entries = text
      .split(/,(?=\s*[a-z][a-z0-9-]*\s*=)/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((pair) => {
        const eq = pair.indexOf('=');
        return [eq < 0 ? pair : pair.slice(0, eq).trim(), eq < 0 ? '' : pair.slice(eq + 1).trim()] as [
          string,
          string,
        ];
      });
  }
  const rules: TierRule[] = [];
  for (const [tier, source] of entries) {
    if (!SLUG.test(tier)) {
      problems.push(
        `GRAPH_TIERS: the tier "${tier}" must be written as protocols name it, e.g. team-manager`,
      );
      continue;
    }
    if (!source) {
      problems.push(`GRAPH_TIERS: give ${tier} a job-title pattern, e.g. ${tier}=/team manager/i`);
      continue;
    }
    const pattern = tierPattern(tier, source, problems);
    if (pattern) rules.push({ tier, pattern });
  }
  return rules;
}

/** The tier a job title gives under `rules` (first match wins), or null. */
export function tierFromJobTitle(
  jobTitle: string | null | undefined,
  rules: readonly TierRule[],
): string | null {
  if (!jobTitle) return null;
  return rules.find((r) => r.pattern.test(jobTitle))?.tier ?? null;
}
