// Microsoft Graph settings from the environment, validated at start. No GRAPH_CLIENT_ID means "no
// Microsoft 365": the embedded defaults (file directory, ICS invitations, logged mail) are used and
// `loadGraphSettings` returns null. A half configuration (a client id without a tenant or a credential,
// or a credential without a client id) is refused with every problem named at once, so IT can fix it
// in one go.
//
// Where Graph has no field for what a protocol needs (fixed posts, management tiers), the council
// says how to find it: graph-posts-tiers.ts.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../config.ts';
import {
  DEFAULT_TIERS,
  GUID,
  parsePosts,
  parseTiers,
  UPN,
  type PostHolder,
  type TierRule,
} from './graph-posts-tiers.ts';

export type { PostHolder, TierRule } from './graph-posts-tiers.ts';

export class GraphSettingsError extends ConfigError {
  override name = 'GraphSettingsError';
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

const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

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
