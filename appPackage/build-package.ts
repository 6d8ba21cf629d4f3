// Builds the Teams app package (`npm run package`): fills the manifest template's `${{NAME}}`
// placeholders from the environment, validates the result against the Teams manifest JSON schema
// shipped in @microsoft/app-manifest plus the rules Teams' own validation adds (icon sizes, an
// outline icon of white on transparent, short bot commands), then zips manifest.json, color.png
// and outline.png into appPackage/build/appPackage.<env>.zip.
//
// Environment: TEAMS_APP_ID, BOT_ID, AAD_APP_CLIENT_ID (GUIDs), APP_BASE_URL (https URL),
// PUBLISHER_NAME (the manifest's developer.name) and APP_DOMAIN (derived from APP_BASE_URL when
// unset). Outside production a missing value gets a clearly marked dev placeholder and a warning;
// with NODE_ENV=production it is an error.
// The <env> in the file name is `--env NAME`, else APP_ENV, else "production" or "dev". With
// `--env NAME` the values are also read from the Agents Toolkit's env/.env.NAME and
// env/.env.NAME.user (the same files `atk provision` fills), and a variable set in the
// environment wins over both, so `npm run package -- --env dev` builds what the toolkit builds.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';
import { inflateSync } from 'node:zlib';
import Ajv04Module from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import JSZip from 'jszip';
import { z } from 'zod';

// Both packages set `module.exports = X` and `X.default = X`; under NodeNext the types see the
// CommonJS module, so take `.default`, which is the same function at run time.
const Ajv04 = Ajv04Module.default;
const addFormats = addFormatsModule.default;

export const APP_PACKAGE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const TEMPLATE_PATH = path.join(APP_PACKAGE_DIR, 'manifest.json');
export const DEFAULT_OUT_DIR = path.join(APP_PACKAGE_DIR, 'build');
/** The Agents Toolkit's environment folder (m365agents.yml `environmentFolderPath`). */
export const ENV_DIR = path.join(APP_PACKAGE_DIR, '..', 'env');
/** The files at the root of the zip, besides manifest.json. */
export const ICON_FILES = ['color.png', 'outline.png'] as const;

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

/** Teams' own limits, stricter than the JSON schema. */
export const LIMITS = {
  commandTitle: 32,
  commandDescription: 128,
  commandsPerList: 10,
  colorIcon: 192,
  outlineIcon: 32,
} as const;

export class PackageError extends Error {
  override name = 'PackageError';
  constructor(readonly errors: string[]) {
    super(errors.join('\n'));
  }
}

type Env = Record<string, string | undefined>;

// ---------------------------------------------------------------------------------------------
// Environment values

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

// ---------------------------------------------------------------------------------------------
// Template

const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** Replaces every `${{NAME}}` in the template's strings; unknown or leftover names are errors. */
export function renderManifest(template: unknown, values: PackageValues): Record<string, unknown> {
  const errors: string[] = [];
  const known = new Set<string>(PLACEHOLDER_NAMES);
  const walk = (node: unknown, at: string): unknown => {
    if (typeof node === 'string')
      return node.replace(PLACEHOLDER, (whole, name: string) => {
        if (!known.has(name)) {
          errors.push(`${at}: unknown placeholder ${whole} (known: ${PLACEHOLDER_NAMES.join(', ')})`);
          return whole;
        }
        return values[name as PlaceholderName];
      });
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${at}[${i}]`));
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, `${at}.${k}`)]));
    return node;
  };
  const out = walk(template, '$');
  if (errors.length) throw new PackageError(errors);
  if (!out || typeof out !== 'object' || Array.isArray(out))
    throw new PackageError(['the manifest template must be a JSON object']);
  return out as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// JSON schema (from @microsoft/app-manifest)

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

const validators = new Map<string, ValidateFunction>();

function schemaValidator(version: string): ValidateFunction {
  const cached = validators.get(version);
  if (cached) return cached;
  const file = path.join(SCHEMA_ROOT, `v${version}`, 'MicrosoftTeams.schema.json');
  if (!/^\d+\.\d+$/.test(version) || !existsSync(file))
    throw new PackageError([
      `$.manifestVersion: no schema for manifest version "${version}" in @microsoft/app-manifest`,
    ]);
  const schema = JSON.parse(readFileSync(file, 'utf8')) as { $schema?: string };
  // The Teams schemas are draft-04, which Ajv 8 supports only through ajv-draft-04.
  if (!schema.$schema?.includes('draft-04'))
    throw new PackageError([`${file}: expected a draft-04 schema, found ${schema.$schema ?? 'no $schema'}`]);
  // strictTypes off: the Teams schemas use additionalProperties etc. without `type` in places.
  const ajv = new Ajv04({ allErrors: true, strictTypes: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  validators.set(version, validate);
  return validate;
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

function describeSchemaError(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  let detail = e.message ?? e.keyword;
  if (e.keyword === 'additionalProperties') detail += ` ("${String(params.additionalProperty)}")`;
  else if (e.keyword === 'enum') detail += `: ${JSON.stringify(params.allowedValues)}`;
  else if (e.keyword === 'const') detail += ` ${JSON.stringify(params.allowedValue)}`;
  return `${jsonPath(e.instancePath)}: ${detail}`;
}

/** Schema errors, each as `$.json.path: message`; empty when the manifest is valid. */
export function validateManifestSchema(manifest: Record<string, unknown>): string[] {
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') return ['$.manifestVersion: must be a string like "1.30"'];
  const validate = schemaValidator(version);
  const errors: string[] = [];
  if (manifest.$schema !== undefined && manifest.$schema !== schemaUrl(version))
    errors.push(`$.$schema: must be ${schemaUrl(version)} for manifestVersion ${version}`);
  if (!validate(manifest)) errors.push(...(validate.errors ?? []).map(describeSchemaError));
  return [...new Set(errors)];
}

// ---------------------------------------------------------------------------------------------
// Teams rules beyond the schema

interface BotCommand {
  title?: unknown;
  description?: unknown;
}
interface CommandList {
  scopes?: unknown;
  commands?: BotCommand[];
}

/** Checks Teams' app validation applies on upload that the JSON schema leaves out. */
export function checkManifestRules(manifest: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const bots = (manifest.bots ?? []) as { commandLists?: CommandList[] }[];
  bots.forEach((bot, b) =>
    (bot.commandLists ?? []).forEach((list, l) => {
      const at = `$.bots[${b}].commandLists[${l}]`;
      const commands = list.commands ?? [];
      if (commands.length > LIMITS.commandsPerList)
        errors.push(
          `${at}.commands: at most ${LIMITS.commandsPerList} commands per list, found ${commands.length}`,
        );
      const seen = new Set<string>();
      commands.forEach((c, i) => {
        const title = typeof c.title === 'string' ? c.title : '';
        if (!title.trim()) errors.push(`${at}.commands[${i}].title: must not be empty`);
        if (title.length > LIMITS.commandTitle)
          errors.push(
            `${at}.commands[${i}].title: "${title}" is longer than ${LIMITS.commandTitle} characters`,
          );
        if (seen.has(title.toLowerCase()))
          errors.push(`${at}.commands[${i}].title: "${title}" is listed twice`);
        seen.add(title.toLowerCase());
        if (typeof c.description === 'string' && c.description.length > LIMITS.commandDescription)
          errors.push(
            `${at}.commands[${i}].description: longer than ${LIMITS.commandDescription} characters (${c.description.length})`,
          );
      });
    }),
  );

  const tabs = (manifest.staticTabs ?? []) as { entityId?: string }[];
  const ids = tabs.map((t) => t.entityId);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) errors.push(`$.staticTabs[${i}].entityId: "${id}" is used twice`);
  });

  // Every URL Teams loads must be https and inside validDomains.
  const validDomains = ((manifest.validDomains ?? []) as string[]).map((d) => d.toLowerCase());
  const urlIn = (node: unknown, at: string): void => {
    if (typeof node === 'string' && /^https?:\/\//i.test(node)) {
      if (!node.startsWith('https://')) errors.push(`${at}: "${node}" must be https`);
      else if (/(contentUrl|configurationUrl)$/.test(at)) {
        const host = new URL(node).host.toLowerCase();
        const trusted = validDomains.some((d) =>
          d.startsWith('*.') ? host.endsWith(d.slice(1)) : d === host,
        );
        if (!trusted) errors.push(`${at}: host "${host}" is not in validDomains`);
      }
    } else if (Array.isArray(node)) node.forEach((v, i) => urlIn(v, `${at}[${i}]`));
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) if (k !== '$schema') urlIn(v, `${at}.${k}`);
  };
  urlIn(manifest, '$');
  validDomains.forEach((d, i) => {
    if (/^[a-z]+:\/\/|\//i.test(d)) errors.push(`$.validDomains[${i}]: "${d}" must be a domain, not a URL`);
  });

  const icons = (manifest.icons ?? {}) as Record<string, unknown>;
  if (icons.color !== 'color.png')
    errors.push('$.icons.color: must be "color.png" (the file in the package)');
  if (icons.outline !== 'outline.png')
    errors.push('$.icons.outline: must be "outline.png" (the file in the package)');
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Icons

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads the IHDR chunk; throws on anything that is not a PNG. */
export function readPngInfo(png: Buffer): PngInfo {
  if (
    png.length < 33 ||
    !png.subarray(0, 8).equals(PNG_SIGNATURE) ||
    png.toString('ascii', 12, 16) !== 'IHDR'
  )
    throw new Error('not a PNG file');
  return {
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    bitDepth: png[24]!,
    colorType: png[25]!,
    interlace: png[28]!,
  };
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** Decodes an 8-bit, non-interlaced grey/RGB(A) PNG to RGBA. */
export function decodePngRgba(png: Buffer): { info: PngInfo; rgba: Buffer } {
  const info = readPngInfo(png);
  const channels = CHANNELS[info.colorType];
  if (info.bitDepth !== 8 || channels === undefined || info.interlace !== 0)
    throw new Error(
      `only 8-bit non-interlaced greyscale/RGB(A) PNGs can be checked (bit depth ${info.bitDepth}, colour type ${info.colorType}, interlace ${info.interlace})`,
    );
  const idat: Buffer[] = [];
  for (let off = 8; off + 8 <= png.length;) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    if (type === 'IDAT') idat.push(png.subarray(off + 8, off + 8 + len));
    if (type === 'IEND') break;
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const { width, height } = info;
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error('PNG image data is truncated');
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      let predictor: number;
      if (filter === 0) predictor = 0;
      else if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else throw new Error(`PNG row ${y} has unknown filter ${filter}`);
      pixels[y * stride + x] = (line[x]! + predictor) & 0xff;
    }
  }
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = pixels.subarray(i * channels, (i + 1) * channels);
    const [r, g, b, a] =
      channels === 1
        ? [p[0]!, p[0]!, p[0]!, 255]
        : channels === 2
          ? [p[0]!, p[0]!, p[0]!, p[1]!]
          : channels === 3
            ? [p[0]!, p[1]!, p[2]!, 255]
            : [p[0]!, p[1]!, p[2]!, p[3]!];
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
    rgba[i * 4 + 3] = a;
  }
  return { info, rgba };
}

/** Checks both icons: sizes, and an outline of only white and transparency. */
export function checkIcons(icons: { color: Buffer; outline: Buffer }): string[] {
  const errors: string[] = [];
  const size = (file: string, png: Buffer, want: number) => {
    try {
      const { width, height } = readPngInfo(png);
      if (width !== want || height !== want)
        errors.push(`${file}: must be ${want}×${want} pixels, is ${width}×${height}`);
    } catch (e) {
      errors.push(`${file}: ${(e as Error).message}`);
      return false;
    }
    return true;
  };
  size('color.png', icons.color, LIMITS.colorIcon);
  if (size('outline.png', icons.outline, LIMITS.outlineIcon)) {
    try {
      const { rgba } = decodePngRgba(icons.outline);
      let opaque = 0;
      let coloured = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        if (rgba[i + 3] === 0) continue;
        opaque++;
        if (rgba[i] !== 255 || rgba[i + 1] !== 255 || rgba[i + 2] !== 255) coloured++;
      }
      if (coloured)
        errors.push(`outline.png: must be white on transparent; ${coloured} visible pixels are not white`);
      if (!opaque) errors.push('outline.png: is fully transparent');
      if (opaque === rgba.length / 4) errors.push('outline.png: has no transparent background');
    } catch (e) {
      errors.push(`outline.png: ${(e as Error).message}`);
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Build

export interface BuildOptions {
  env: Env;
  /** The <env> in appPackage.<env>.zip; defaults to packageEnvName(env). */
  envName?: string;
  outDir?: string;
  templatePath?: string;
  /** Where color.png and outline.png are; defaults to the template's folder. */
  iconsDir?: string;
  /** Told each warning as soon as it is known (before any error). */
  onWarning?: (warning: string) => void;
}

export interface BuildResult {
  zipPath: string;
  manifest: Record<string, unknown>;
  warnings: string[];
}

/** A fixed time stamp for the zip entries, so the same inputs give the same bytes. */
const ZIP_DATE = new Date(Date.UTC(2020, 0, 1));

export async function buildPackage(options: BuildOptions): Promise<BuildResult> {
  const templatePath = options.templatePath ?? TEMPLATE_PATH;
  const iconsDir = options.iconsDir ?? path.dirname(templatePath);
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const envName = options.envName ?? packageEnvName(options.env);

  const { values, warnings } = resolvePackageEnv(options.env);
  for (const w of warnings) options.onWarning?.(w);
  let template: unknown;
  try {
    template = JSON.parse(await readFile(templatePath, 'utf8'));
  } catch (e) {
    throw new PackageError([`${templatePath}: ${(e as Error).message}`]);
  }
  const manifest = renderManifest(template, values);
  const [color, outline] = await Promise.all(ICON_FILES.map((f) => readFile(path.join(iconsDir, f))));
  const errors = [
    ...validateManifestSchema(manifest),
    ...checkManifestRules(manifest),
    ...checkIcons({ color: color!, outline: outline! }),
  ];
  if (errors.length) throw new PackageError(errors);

  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2) + '\n', { date: ZIP_DATE });
  zip.file('color.png', color!, { date: ZIP_DATE });
  zip.file('outline.png', outline!, { date: ZIP_DATE });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  await mkdir(outDir, { recursive: true });
  const zipPath = path.join(outDir, `appPackage.${envName}.zip`);
  await writeFile(zipPath, bytes);
  return { zipPath, manifest, warnings };
}

/** Lists the names at the root of a package zip (for checks and tests). */
export async function readPackage(zipBytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(zipBytes);
  const files = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files))
    if (!entry.dir) files.set(entry.name, await entry.async('nodebuffer'));
  return files;
}

async function main(): Promise<number> {
  try {
    const argv = process.argv.slice(2);
    const envName = packageEnvName(process.env, argv);
    let env: Env = process.env;
    if (argv.includes('--env')) {
      const { values, files } = readEnvFiles(envName);
      if (files.length)
        console.log(`values from ${files.map((f) => path.relative(process.cwd(), f)).join(' and ')}`);
      else console.warn(`warning: no env/.env.${envName}: using the environment only`);
      env = mergeEnv(values, process.env);
    }
    const { zipPath, manifest } = await buildPackage({
      env,
      envName,
      onWarning: (w) => console.warn(`warning: ${w}`),
    });
    const files = [...(await readPackage(await readFile(zipPath))).keys()].join(', ');
    console.log(
      `Teams app package: ${path.relative(process.cwd(), zipPath)} (manifest ${String(manifest.manifestVersion)}, valid; ${files})`,
    );
    return 0;
  } catch (e) {
    if (e instanceof PackageError) {
      console.error(
        `Teams app package not built: ${e.errors.length} error${e.errors.length === 1 ? '' : 's'}`,
      );
      for (const err of e.errors) console.error(`  - ${err}`);
      return 1;
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
