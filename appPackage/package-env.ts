// The values the manifest template's `${{NAME}}` placeholders are filled with: TEAMS_APP_ID, BOT_ID,
// AAD_APP_CLIENT_ID (GUIDs), APP_BASE_URL (https URL), PUBLISHER_NAME (the manifest's developer.name)
// and APP_DOMAIN (derived from APP_BASE_URL when unset). Outside production a missing value gets a
// clearly marked dev placeholder and a warning; with NODE_ENV=production it is an error. With
// `--env NAME` they are also read from the Agents Toolkit's env/.env.NAME and env/.env.NAME.user.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { PackageError } from './package-error.ts';

/** The Agents Toolkit's environment folder (m365agents.yml `environmentFolderPath`). */
export const ENV_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'env');

/** Dev placeholders: recognisably fake, and refused in production. */
export const DEV_PLACEHOLDER_GUID = '00000000-0000-4000-8000-000000000000';
export const DEV_BASE_URL = 'https://localhost:3978';
export const DEV_PUBLISHER_NAME = 'CP Disputes (development)';

export const PLACEHOLDER_NAMES = [
  'TEAMS_APP_ID',
  'BOT_ID',
  'AAD_APP_CLIENT_ID',
  'APP_BASE_URL',
  'APP_DOMAIN',
  'PUBLISHER_NAME',
] as const;
export type PlaceholderName = (typeof PLACEHOLDER_NAMES)[number];
export type PackageValues = Record<PlaceholderName, string>;

export type Env = Record<string, string | undefined>;

const guid = (name: string) =>
  z.guid(
    `${name} must be a GUID like 12345678-abcd-4ef0-9abc-123456789abc (the Entra / Bot Framework app id)`,
  );

const httpsBaseUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `APP_BASE_URL must be an absolute https URL, got "${value}"` });
    return;
  }
  if (url.protocol !== 'https:')
    ctx.addIssue({
      code: 'custom',
      message: `APP_BASE_URL must use https (Teams loads tabs only over https), got "${value}"`,
    });
  if (url.username || url.password || url.search || url.hash)
    ctx.addIssue({
      code: 'custom',
      message: `APP_BASE_URL must be a plain base URL without credentials, query or fragment, got "${value}"`,
    });
});

const domain = z
  .string()
  .regex(
    /^(?=.{1,253}(:\d{1,5})?$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i,
    'APP_DOMAIN must be a host name (with an optional :port), without a scheme or path, e.g. disputes.example.gov.uk',
  );

// Teams shows developer.name as the publisher in the store and Teams Admin Center (32 at most).
const publisherName = z
  .string()
  .max(32, "PUBLISHER_NAME must be at most 32 characters (the manifest's developer.name)")
  .regex(/\S/, 'PUBLISHER_NAME must not be blank');

const valueSchemas: Record<Exclude<PlaceholderName, 'APP_DOMAIN'>, z.ZodType<string>> = {
  TEAMS_APP_ID: guid('TEAMS_APP_ID'),
  BOT_ID: guid('BOT_ID'),
  AAD_APP_CLIENT_ID: guid('AAD_APP_CLIENT_ID'),
  APP_BASE_URL: httpsBaseUrl,
  PUBLISHER_NAME: publisherName,
};

const devDefaults: Record<Exclude<PlaceholderName, 'APP_DOMAIN'>, string> = {
  TEAMS_APP_ID: DEV_PLACEHOLDER_GUID,
  BOT_ID: DEV_PLACEHOLDER_GUID,
  AAD_APP_CLIENT_ID: DEV_PLACEHOLDER_GUID,
  APP_BASE_URL: DEV_BASE_URL,
  PUBLISHER_NAME: DEV_PUBLISHER_NAME,
};

export interface ResolvedEnv {
  values: PackageValues;
  warnings: string[];
  production: boolean;
}

/** Reads and checks the placeholder values; throws PackageError listing every bad or missing one. */
export function resolvePackageEnv(env: Env): ResolvedEnv {
  const production = env.NODE_ENV === 'production';
  const errors: string[] = [];
  const warnings: string[] = [];
  const values = {} as PackageValues;
  const read = (name: PlaceholderName) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };

  for (const name of Object.keys(valueSchemas) as (keyof typeof valueSchemas)[]) {
    const given = read(name);
    if (given === undefined) {
      if (production) {
        errors.push(`${name} is not set (required with NODE_ENV=production)`);
      } else {
        values[name] = devDefaults[name];
        warnings.push(
          `${name} is not set: using the dev placeholder ${devDefaults[name]} (not for production)`,
        );
      }
      continue;
    }
    const parsed = valueSchemas[name].safeParse(given);
    if (!parsed.success) {
      errors.push(...parsed.error.issues.map((i) => i.message));
      continue;
    }
    if (production && given.toLowerCase() === devDefaults[name].toLowerCase())
      errors.push(`${name} is the dev placeholder ${given}, which is refused with NODE_ENV=production`);
    // No trailing slash, so the template's `${{APP_BASE_URL}}/tab/` has exactly one.
    values[name] = name === 'APP_BASE_URL' ? given.replace(/\/+$/, '') : given;
  }

  const baseHost = values.APP_BASE_URL ? new URL(values.APP_BASE_URL).host : undefined;
  const givenDomain = read('APP_DOMAIN');
  if (givenDomain === undefined) {
    if (baseHost) values.APP_DOMAIN = baseHost;
  } else {
    const parsed = domain.safeParse(givenDomain);
    if (!parsed.success) errors.push(...parsed.error.issues.map((i) => i.message));
    else if (baseHost && givenDomain.toLowerCase() !== baseHost.toLowerCase())
      errors.push(
        `APP_DOMAIN "${givenDomain}" is not the host of APP_BASE_URL ("${baseHost}"): the tab would load from a domain Teams does not trust`,
      );
    else values.APP_DOMAIN = givenDomain.toLowerCase();
  }

  if (errors.length) throw new PackageError(errors);
  return { values, warnings, production };
}

/**
 * The values in the toolkit's env/.env.<name> and then env/.env.<name>.user (secrets, git-ignored),
 * the later file winning; a file that does not exist adds nothing. Empty values (`KEY=`, which the
 * toolkit writes for what provisioning fills in later) count as unset.
 */
export function readEnvFiles(envName: string, envDir: string = ENV_DIR): { values: Env; files: string[] } {
  const values: Env = {};
  const files: string[] = [];
  for (const file of [`.env.${envName}`, `.env.${envName}.user`].map((f) => path.join(envDir, f))) {
    if (!existsSync(file)) continue;
    files.push(file);
    for (const [k, v] of Object.entries(parseEnv(readFileSync(file, 'utf8'))))
      if (v !== undefined && v.trim() !== '') values[k] = v;
  }
  return { values, files };
}

/** The env files' values with the process environment's non-empty values over them. */
export function mergeEnv(fromFiles: Env, processEnv: Env): Env {
  const merged: Env = { ...fromFiles };
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined && v.trim() !== '') merged[k] = v;
  return merged;
}

/** The <env> in appPackage.<env>.zip. */
export function packageEnvName(env: Env, argv: readonly string[] = []): string {
  const flag = argv.indexOf('--env');
  const name =
    (flag >= 0 ? argv[flag + 1] : undefined) ??
    env.APP_ENV?.trim() ??
    (env.NODE_ENV === 'production' ? 'production' : 'dev');
  if (!/^[a-z0-9][a-z0-9_-]{0,31}$/i.test(name))
    throw new PackageError([`environment name "${name}" must be letters, digits, - or _ (at most 32)`]);
  return name;
}
