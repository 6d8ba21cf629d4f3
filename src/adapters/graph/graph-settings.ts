// Microsoft Graph settings from the environment, validated at start. No GRAPH_CLIENT_ID means "no
// Microsoft 365": the embedded defaults (file directory, ICS invitations, logged mail) are used and
// `loadGraphSettings` returns null. A half configuration (a client id without a tenant or a credential,
// or a credential without a client id) is refused with every problem named at once, so IT can fix it
// in one go.
//
// Where Graph has no field for what a protocol needs, the council says how to find it:
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
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../config.ts';

export class GraphSettingsError extends ConfigError {
  override name = 'GraphSettingsError';
}

/** Who holds a fixed post: everyone in an Entra group, or one named person (or shared mailbox). */
export type PostHolder =
  { kind: 'group'; groupId: string } | { kind: 'person'; upn: string; mailbox: boolean };

export interface TierRule {
  tier: string;
  pattern: RegExp;
}

export type GraphCredential =
  { kind: 'secret'; secret: string } | { kind: 'certificate'; thumbprintSha256: string; privateKey: string };

export interface GraphSettings {
  tenantId: string;
  clientId: string;
  credential: GraphCredential;
  /** e.g. https://login.microsoftonline.com (no trailing slash). */
  authorityHost: string;
  /** `${authorityHost}/${tenantId}`. */
  authority: string;
  /** e.g. https://graph.microsoft.com (no trailing slash, no version). */
  baseUrl: string;
  /** The service mailbox that organises resolution meetings (UPN), if meetings go through Graph. */
  meetingsOrganizer: string | null;
  /** The service mailbox mail is sent from, if mail goes through Graph. */
  mailSender: string | null;
  /** The Actionable Messages originator id registered for Outlook cards, if any. */
  actionableOriginator: string | null;
  /** Fixed post → who holds it. */
  posts: Record<string, PostHolder>;
  /** Ordered: the first rule whose pattern matches the job title gives the tier. */
  tiers: TierRule[];
  /** A user property holding the tier slug, read before the job title; null to use job titles only. */
  tierAttribute: string | null;
  /** Groups whose members make up `all()`; empty means the tenant's users (capped). */
  directoryGroups: string[];
  /** The most people `all()` and a group listing will read. */
  directoryLimit: number;
  /** How long directory reads are reused. */
  cacheSeconds: number;
  retry: { maxRetries: number; delaySeconds: number };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z][a-z0-9-]*$/;
const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

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

const optionalText = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s ? s : undefined));

const httpsUrl = (name: string, fallback: string) =>
  optionalText
    .transform((s) => (s ?? fallback).replace(/\/+$/, ''))
    .refine(
      (s) => /^https:\/\/[^/\s]+$/i.test(s),
      `${name} must be an https:// address with no path, e.g. ${fallback}`,
    );

const number = (name: string, fallback: number, min: number, max: number) =>
  optionalText
    .transform((s) => (s === undefined ? fallback : Number(s)))
    .refine(
      (n) => Number.isFinite(n) && n >= min && n <= max,
      `${name} must be a number from ${min} to ${max}`,
    );

const GraphEnvSchema = z.object({
  GRAPH_TENANT_ID: optionalText,
  GRAPH_CLIENT_ID: optionalText,
  GRAPH_CLIENT_SECRET: optionalText,
  GRAPH_CERT_THUMBPRINT_SHA256: optionalText,
  GRAPH_CERT_PRIVATE_KEY: optionalText,
  GRAPH_CERT_PRIVATE_KEY_FILE: optionalText,
  GRAPH_AUTHORITY_HOST: httpsUrl('GRAPH_AUTHORITY_HOST', 'https://login.microsoftonline.com'),
  GRAPH_BASE_URL: httpsUrl('GRAPH_BASE_URL', 'https://graph.microsoft.com'),
  MEETINGS_ORGANIZER: optionalText.refine(
    (s) => s === undefined || UPN.test(s),
    'MEETINGS_ORGANIZER must be a mailbox address',
  ),
  MAIL_SENDER: optionalText.refine(
    (s) => s === undefined || UPN.test(s),
    'MAIL_SENDER must be a mailbox address',
  ),
  ACTIONABLE_ORIGINATOR: optionalText,
  GRAPH_POSTS: optionalText,
  GRAPH_TIERS: optionalText,
  GRAPH_TIER_ATTRIBUTE: optionalText.refine(
    (s) => s === undefined || /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/.test(s),
    'GRAPH_TIER_ATTRIBUTE must be a user property such as onPremisesExtensionAttributes.extensionAttribute5',
  ),
  GRAPH_DIRECTORY_GROUPS: optionalText,
  GRAPH_DIRECTORY_LIMIT: number('GRAPH_DIRECTORY_LIMIT', 1000, 1, 100_000),
  GRAPH_CACHE_SECONDS: number('GRAPH_CACHE_SECONDS', 300, 0, 86_400),
  GRAPH_MAX_RETRIES: number('GRAPH_MAX_RETRIES', 3, 0, 10),
  GRAPH_RETRY_DELAY_SECONDS: number('GRAPH_RETRY_DELAY_SECONDS', 3, 0, 180),
});

export interface LoadGraphSettingsOptions {
  /** Reads GRAPH_CERT_PRIVATE_KEY_FILE; injectable for tests. */
  readFile?: (path: string) => string;
}

/**
 * Graph settings from `env`, or null when GRAPH_CLIENT_ID is absent (use the embedded defaults).
 * Throws `GraphSettingsError` naming every problem of a half or wrong configuration.
 */
export function loadGraphSettings(
  env: Record<string, string | undefined>,
  options: LoadGraphSettingsOptions = {},
): GraphSettings | null {
  const parsed = GraphEnvSchema.safeParse(env);
  if (!parsed.success) throw new GraphSettingsError(parsed.error.issues.map((i) => i.message).join('; '));
  const e = parsed.data;
  const credentialVars = (
    [
      'GRAPH_TENANT_ID',
      'GRAPH_CLIENT_SECRET',
      'GRAPH_CERT_THUMBPRINT_SHA256',
      'GRAPH_CERT_PRIVATE_KEY',
      'GRAPH_CERT_PRIVATE_KEY_FILE',
    ] as const
  ).filter((k) => e[k] !== undefined);
  if (!e.GRAPH_CLIENT_ID) {
    if (!credentialVars.length) return null;
    throw new GraphSettingsError(
      `Microsoft Graph is half configured: ${credentialVars.join(', ')} ${credentialVars.length > 1 ? 'are' : 'is'} set ` +
        "but GRAPH_CLIENT_ID is not. Set GRAPH_CLIENT_ID to the app registration's Application (client) ID, " +
        'or remove the GRAPH_* credentials to use the embedded defaults.',
    );
  }

  const problems: string[] = [];
  const clientId = e.GRAPH_CLIENT_ID;
  if (!GUID.test(clientId)) problems.push('GRAPH_CLIENT_ID must be the Application (client) ID, a GUID');
  const tenantId = e.GRAPH_TENANT_ID ?? '';
  if (!tenantId)
    problems.push("GRAPH_TENANT_ID is missing (the Directory (tenant) ID of the council's Entra ID)");
  else if (!GUID.test(tenantId) && !DOMAIN.test(tenantId))
    problems.push("GRAPH_TENANT_ID must be the Directory (tenant) ID (a GUID) or the tenant's domain");

  const credential = readCredential(e, options, problems);
  const posts = parsePosts(e.GRAPH_POSTS, problems);
  const tiers = e.GRAPH_TIERS === undefined ? [...DEFAULT_TIERS] : parseTiers(e.GRAPH_TIERS, problems);
  const directoryGroups = (e.GRAPH_DIRECTORY_GROUPS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const g of directoryGroups)
    if (!GUID.test(g)) problems.push(`GRAPH_DIRECTORY_GROUPS: "${g}" is not a group's object id (a GUID)`);

  if (problems.length || !credential)
    throw new GraphSettingsError(
      `Microsoft Graph is not configured correctly: ${problems.join('; ')}. ` +
        'Fix these, or remove GRAPH_CLIENT_ID to use the embedded defaults.',
    );
  return {
    tenantId,
    clientId,
    credential,
    authorityHost: e.GRAPH_AUTHORITY_HOST,
    authority: `${e.GRAPH_AUTHORITY_HOST}/${tenantId}`,
    baseUrl: e.GRAPH_BASE_URL,
    meetingsOrganizer: e.MEETINGS_ORGANIZER ?? null,
    mailSender: e.MAIL_SENDER ?? null,
    actionableOriginator: e.ACTIONABLE_ORIGINATOR ?? null,
    posts,
    tiers,
    tierAttribute: e.GRAPH_TIER_ATTRIBUTE ?? null,
    directoryGroups,
    directoryLimit: Math.floor(e.GRAPH_DIRECTORY_LIMIT),
    cacheSeconds: e.GRAPH_CACHE_SECONDS,
    retry: { maxRetries: Math.floor(e.GRAPH_MAX_RETRIES), delaySeconds: e.GRAPH_RETRY_DELAY_SECONDS },
  };
}

function readCredential(
  e: z.infer<typeof GraphEnvSchema>,
  options: LoadGraphSettingsOptions,
  problems: string[],
): GraphCredential | null {
  const wantsCertificate =
    e.GRAPH_CERT_THUMBPRINT_SHA256 !== undefined ||
    e.GRAPH_CERT_PRIVATE_KEY !== undefined ||
    e.GRAPH_CERT_PRIVATE_KEY_FILE !== undefined;
  if (e.GRAPH_CLIENT_SECRET !== undefined && wantsCertificate) {
    problems.push('give either GRAPH_CLIENT_SECRET or a certificate (GRAPH_CERT_*), not both');
    return null;
  }
  if (e.GRAPH_CLIENT_SECRET !== undefined) return { kind: 'secret', secret: e.GRAPH_CLIENT_SECRET };
  if (!wantsCertificate) {
    problems.push(
      'no credential: set GRAPH_CLIENT_SECRET, or GRAPH_CERT_THUMBPRINT_SHA256 with GRAPH_CERT_PRIVATE_KEY ' +
        '(or GRAPH_CERT_PRIVATE_KEY_FILE)',
    );
    return null;
  }
  const thumbprint = (e.GRAPH_CERT_THUMBPRINT_SHA256 ?? '').replace(/[\s:]/g, '');
  if (!thumbprint)
    problems.push("GRAPH_CERT_THUMBPRINT_SHA256 is missing (the certificate's SHA-256 thumbprint)");
  else if (!/^[0-9a-f]{64}$/i.test(thumbprint))
    problems.push('GRAPH_CERT_THUMBPRINT_SHA256 must be the SHA-256 thumbprint: 64 hexadecimal digits');
  if (e.GRAPH_CERT_PRIVATE_KEY !== undefined && e.GRAPH_CERT_PRIVATE_KEY_FILE !== undefined) {
    problems.push('give either GRAPH_CERT_PRIVATE_KEY or GRAPH_CERT_PRIVATE_KEY_FILE, not both');
    return null;
  }
  let privateKey = e.GRAPH_CERT_PRIVATE_KEY?.replace(/\\n/g, '\n');
  if (e.GRAPH_CERT_PRIVATE_KEY_FILE !== undefined) {
    try {
      privateKey = (options.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(
        e.GRAPH_CERT_PRIVATE_KEY_FILE,
      );
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      problems.push(
        `GRAPH_CERT_PRIVATE_KEY_FILE "${e.GRAPH_CERT_PRIVATE_KEY_FILE}" cannot be read (${code})`,
      );
      return null;
    }
  }
  if (!privateKey) problems.push('GRAPH_CERT_PRIVATE_KEY (or GRAPH_CERT_PRIVATE_KEY_FILE) is missing');
  else if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey))
    problems.push("the certificate's private key must be PEM text starting -----BEGIN PRIVATE KEY-----");
  if (problems.length || !privateKey) return null;
  return { kind: 'certificate', thumbprintSha256: thumbprint.toUpperCase(), privateKey };
}

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

function parsePosts(text: string | undefined, problems: string[]): Record<string, PostHolder> {
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

function parseTiers(text: string, problems: string[]): TierRule[] {
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
