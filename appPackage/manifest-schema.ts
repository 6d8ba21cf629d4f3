// The manifest checked against the Teams manifest JSON schema by @microsoft/app-manifest's own
// validator (AppManifestUtils.validateAgainstSchema), with the schema of the manifest's version from
// the copies that package ships, so a build never fetches a schema from the network. Its messages
// ("/bots/0/botId must match pattern …. Details: {…}") are rewritten as `$.bots[0].botId: …`.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { PackageError } from './package-error.ts';

const require = createRequire(import.meta.url);
export const SCHEMA_ROOT = path.join(
  path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build',
  'json-schemas',
  'teams',
);

/** The highest stable (not DevPreview) manifest schema version the package ships, e.g. "1.30". */
export function latestStableSchemaVersion(): string {
  const versions = (existsSync(SCHEMA_ROOT) ? readdirSync(SCHEMA_ROOT) : [])
    .map((d) => /^v(\d+)\.(\d+)$/.exec(d))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [Number(m[1]), Number(m[2])] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const top = versions.at(-1);
  if (!top) throw new PackageError([`no manifest schemas found under ${SCHEMA_ROOT}`]);
  return `${top[0]}.${top[1]}`;
}

export function schemaUrl(version: string): string {
  return `https://developer.microsoft.com/en-us/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`;
}

/** `/bots/0/botId` → `$.bots[0].botId` */
export function jsonPath(pointer: string): string {
  return (
    '$' +
    pointer
      .split('/')
      .slice(1)
      .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((seg) =>
        /^\d+$/.test(seg)
          ? `[${seg}]`
          : /^[A-Za-z_$][\w$]*$/.test(seg)
            ? `.${seg}`
            : `[${JSON.stringify(seg)}]`,
      )
      .join('')
  );
}

/** One of the validator's messages, `<instancePath> <message>. Details: <params JSON>`, as `$.path: message`. */
function describeSchemaError(text: string): string {
  const m = /^(\S*) (.*?)\. Details: (.*)$/s.exec(text);
  if (!m) return text;
  const [, pointer, message, details] = m as unknown as [string, string, string, string];
  let params: Record<string, unknown> = {};
  try {
    params = JSON.parse(details) as Record<string, unknown>;
  } catch {
    // No parameters to add.
  }
  let detail = message;
  if (params.additionalProperty !== undefined) detail += ` ("${String(params.additionalProperty)}")`;
  else if (params.allowedValues !== undefined) detail += `: ${JSON.stringify(params.allowedValues)}`;
  else if (params.allowedValue !== undefined) detail += ` ${JSON.stringify(params.allowedValue)}`;
  return `${jsonPath(pointer)}: ${detail}`;
}

/** Schema errors, each as `$.json.path: message`; empty when the manifest is valid. */
export async function validateManifestSchema(manifest: Record<string, unknown>): Promise<string[]> {
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') return ['$.manifestVersion: must be a string like "1.30"'];
  const file = path.join(SCHEMA_ROOT, `v${version}`, 'MicrosoftTeams.schema.json');
  if (!/^\d+\.\d+$/.test(version) || !existsSync(file))
    throw new PackageError([
      `$.manifestVersion: no schema for manifest version "${version}" in @microsoft/app-manifest`,
    ]);
  const errors: string[] = [];
  if (manifest.$schema !== undefined && manifest.$schema !== schemaUrl(version))
    errors.push(`$.$schema: must be ${schemaUrl(version)} for manifestVersion ${version}`);
  // Read from the package's own copy (fetchSchema looks there first for developer.microsoft.com URLs).
  const schema = await AppManifestUtils.fetchSchema(schemaUrl(version));
  const found = await AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, schema);
  errors.push(...found.map(describeSchemaError));
  return [...new Set(errors)];
}
