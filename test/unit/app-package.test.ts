// The Teams app package (appPackage/build-package.ts): a zip with manifest.json, color.png and
// outline.png at its root, the manifest valid against the newest stable Teams schema shipped in
// @microsoft/app-manifest, every placeholder filled from checked environment values.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_PATH, buildPackage, readPackage } from '../../appPackage/build-package.ts';
import { checkIcons, readPngInfo } from '../../appPackage/icons.ts';
import { checkManifestRules } from '../../appPackage/manifest-checks.ts';
import {
  latestStableSchemaVersion,
  schemaUrl,
  validateManifestSchema,
} from '../../appPackage/manifest-schema.ts';
import { PackageError } from '../../appPackage/package-error.ts';
import {
  DEV_BASE_URL,
  DEV_PLACEHOLDER_GUID,
  DEV_PUBLISHER_NAME,
  mergeEnv,
  readEnvFiles,
  resolvePackageEnv,
} from '../../appPackage/package-env.ts';
import { cardTextLimits } from '../../bot/cards/dispute-card-model.ts';
import { PACKAGE_TEST_ENV } from '../support/package-test-env.ts';

const TEST_ENV = PACKAGE_TEST_ENV;
const DOMAIN = 'disputes.example.gov.uk';
const COMMANDS = ['raise', 'mine', 'open', 'help'];

interface Manifest {
  [key: string]: unknown;
  id: string;
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  description: { short: string; full: string };
  localizationInfo?: { defaultLanguageTag: string };
  bots: {
    botId: string;
    scopes: string[];
    commandLists: { scopes: string[]; commands: { title: string; description?: string }[] }[];
  }[];
  staticTabs: { entityId: string; contentUrl?: string; websiteUrl?: string; scopes: string[] }[];
  configurableTabs: { configurationUrl: string; scopes: string[] }[];
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
}

/** Runs `fn` expecting a PackageError; returns its messages joined. */
async function refusal(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PackageError);
    return (e as PackageError).errors.join('\n');
  }
  throw new Error('expected a PackageError');
}

/** A tiny RGBA PNG encoder for icon-rule tests. */
function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) Buffer.from(pixel(x, y)).copy(raw, y * (size * 4 + 1) + 1 + x * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('Teams app package', () => {
  let outDir: string;
  let files: Map<string, Buffer>;
  let manifest: Manifest;
  let zipPath: string;

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'cp-app-package-'));
    const built = await buildPackage({ env: TEST_ENV, envName: 'test', outDir });
    zipPath = built.zipPath;
    files = await readPackage(await readFile(zipPath));
    manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest;
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes appPackage.<env>.zip with exactly manifest.json, color.png and outline.png at its root', () => {
    expect(path.basename(zipPath)).toBe('appPackage.test.zip');
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  it('uses the newest stable manifest schema in @microsoft/app-manifest, and validates against it', async () => {
    const template = JSON.parse(await readFile(TEMPLATE_PATH, 'utf8')) as Record<string, unknown>;
    const newest = latestStableSchemaVersion();
    expect(Number(newest.split('.')[1])).toBeGreaterThanOrEqual(30);
    expect(template.manifestVersion).toBe(newest);
    expect(manifest.$schema).toBe(schemaUrl(newest));
    expect(await validateManifestSchema(manifest)).toEqual([]);
    expect(checkManifestRules(manifest)).toEqual([]);
  });

  it('fills every placeholder from the environment', () => {
    const text = files.get('manifest.json')!.toString('utf8');
    expect(text).not.toMatch(/\$\{\{/);
    expect(text).not.toContain(DEV_PLACEHOLDER_GUID);
    expect(manifest.id).toBe(TEST_ENV.TEAMS_APP_ID);
    expect(manifest.bots[0]!.botId).toBe(TEST_ENV.BOT_ID);
    expect(manifest.validDomains).toContain(DOMAIN);
    const dashboard = manifest.staticTabs.find((t) => t.entityId === 'dashboard')!;
    // The trailing slash of APP_BASE_URL does not double up.
    expect(dashboard.contentUrl).toBe(`https://${DOMAIN}/tab/`);
    expect(dashboard.websiteUrl).toBe(`https://${DOMAIN}/tab/`);
    expect(dashboard.scopes).toEqual(['personal']);
    expect(manifest.configurableTabs[0]!.configurationUrl).toBe(`https://${DOMAIN}/tab/configure`);
  });

  it('offers the chat commands in the personal scope only, where the bot answers them', () => {
    const bot = manifest.bots[0]!;
    // The bot stays installable in a team (from there it can open 1:1 chats with the members), but in
    // a team or group chat it refuses raise/mine/open, so nothing is offered there.
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.commandLists).toHaveLength(1);
    expect(bot.commandLists[0]!.scopes).toEqual(['personal']);
    expect(bot.commandLists[0]!.commands.map((c) => c.title)).toEqual(COMMANDS);
    for (const c of bot.commandLists[0]!.commands) expect(c.title.length).toBeLessThanOrEqual(32);
  });

  it('names the council as publisher and links to the privacy and terms pages the app serves', () => {
    expect(manifest.developer).toEqual({
      name: 'Northmoor Borough Council',
      websiteUrl: `https://${DOMAIN}/`,
      privacyUrl: `https://${DOMAIN}/privacy`,
      termsOfUseUrl: `https://${DOMAIN}/terms`,
    });
  });

  it('says what its cards and the chat history hold, and is in British English', () => {
    const full = manifest.description.full;
    expect(full).toMatch(/dispute reference/);
    expect(full).toMatch(/child's initials/);
    // The number the cards really cut the concern at (bot/cards/dispute-card-model.ts).
    expect(full).toContain(`${cardTextLimits.concern} characters of the concern`);
    expect(full).toMatch(/Teams chat history/);
    expect(full).not.toMatch(/no child's details/i);
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'en-GB' });
  });

  it('trusts only its own domain (no Bot Framework token service: the bot uses no OAuth card)', () => {
    expect(manifest.validDomains).toEqual([DOMAIN]);
  });

  it('asks for SSO with webApplicationInfo resource api://<domain>/<client id>', () => {
    expect(manifest.webApplicationInfo).toEqual({
      id: TEST_ENV.AAD_APP_CLIENT_ID,
      resource: `api://${DOMAIN}/${TEST_ENV.AAD_APP_CLIENT_ID}`,
    });
  });

  it('ships a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    expect(readPngInfo(files.get('color.png')!)).toMatchObject({ width: 192, height: 192 });
    expect(readPngInfo(files.get('outline.png')!)).toMatchObject({ width: 32, height: 32 });
    expect(checkIcons({ color: files.get('color.png')!, outline: files.get('outline.png')! })).toEqual([]);
  });

  it('refuses an http:// APP_BASE_URL with a clear message', async () => {
    const message = await refusal(() =>
      buildPackage({
        env: { ...TEST_ENV, APP_BASE_URL: 'http://disputes.example.gov.uk' },
        envName: 'bad',
        outDir,
      }),
    );
    expect(message).toMatch(/APP_BASE_URL must use https/);
    expect(await readdir(outDir)).not.toContain('appPackage.bad.zip');
  });

  it('refuses a publisher name longer than the manifest allows, and the dev name in production', async () => {
    const long = await refusal(() =>
      resolvePackageEnv({ ...TEST_ENV, PUBLISHER_NAME: 'The Royal Borough of Northmoor and Fellgate' }),
    );
    expect(long).toMatch(/PUBLISHER_NAME must be at most 32 characters/);
    const dev = await refusal(() =>
      resolvePackageEnv({ ...TEST_ENV, NODE_ENV: 'production', PUBLISHER_NAME: DEV_PUBLISHER_NAME }),
    );
    expect(dev).toMatch(/PUBLISHER_NAME is the dev placeholder/);
  });

  it('refuses a BOT_ID that is not a GUID', async () => {
    const message = await refusal(() => resolvePackageEnv({ ...TEST_ENV, BOT_ID: 'my-bot' }));
    expect(message).toMatch(/BOT_ID must be a GUID/);
  });

  it('refuses an APP_DOMAIN that is not the host of APP_BASE_URL', async () => {
    const message = await refusal(() =>
      resolvePackageEnv({ ...TEST_ENV, APP_DOMAIN: 'elsewhere.example.com' }),
    );
    expect(message).toMatch(/APP_DOMAIN .* is not the host of APP_BASE_URL/);
  });

  it('in production, refuses every missing value and the dev placeholders', async () => {
    const message = await refusal(() => resolvePackageEnv({ NODE_ENV: 'production' }));
    for (const name of ['TEAMS_APP_ID', 'BOT_ID', 'AAD_APP_CLIENT_ID', 'APP_BASE_URL', 'PUBLISHER_NAME'])
      expect(message).toContain(`${name} is not set (required with NODE_ENV=production)`);
    const placeholder = await refusal(() =>
      resolvePackageEnv({ ...TEST_ENV, NODE_ENV: 'production', BOT_ID: DEV_PLACEHOLDER_GUID }),
    );
    expect(placeholder).toMatch(/BOT_ID is the dev placeholder/);
    expect(resolvePackageEnv({ ...TEST_ENV, NODE_ENV: 'production' }).warnings).toEqual([]);
  });

  it('outside production, fills missing values with marked dev placeholders and warns', () => {
    const { values, warnings } = resolvePackageEnv({ NODE_ENV: 'development' });
    expect(values).toEqual({
      TEAMS_APP_ID: DEV_PLACEHOLDER_GUID,
      BOT_ID: DEV_PLACEHOLDER_GUID,
      AAD_APP_CLIENT_ID: DEV_PLACEHOLDER_GUID,
      APP_BASE_URL: DEV_BASE_URL,
      APP_DOMAIN: 'localhost:3978',
      PUBLISHER_NAME: DEV_PUBLISHER_NAME,
    });
    expect(warnings).toHaveLength(5);
    expect(warnings.join('\n')).toMatch(/not set: using the dev placeholder/);
  });

  it('reports schema errors with their JSON paths', async () => {
    const broken = structuredClone(manifest) as Manifest;
    broken.bots[0]!.botId = 'not-a-guid';
    broken.surprise = true;
    const errors = await validateManifestSchema(broken);
    expect(errors).toContain(
      '$.bots[0].botId: must match pattern "^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"',
    );
    expect(errors).toContain('$: must NOT have additional properties ("surprise")');
  });

  it('refuses bot commands longer than Teams allows', () => {
    const broken = structuredClone(manifest) as Manifest;
    broken.bots[0]!.commandLists[0]!.commands[0]!.title = 'raise a dispute about a child protection plan';
    expect(checkManifestRules(broken).join('\n')).toMatch(
      /\$\.bots\[0\]\.commandLists\[0\]\.commands\[0\]\.title: .* longer than 32 characters/,
    );
  });

  it('refuses icons of the wrong size and an outline icon that is not white on transparent', () => {
    const color = files.get('color.png')!;
    const outline = files.get('outline.png')!;
    expect(checkIcons({ color: outline, outline })).toEqual(['color.png: must be 192×192 pixels, is 32×32']);
    const red = png(32, (x) => (x < 16 ? [255, 0, 0, 255] : [0, 0, 0, 0]));
    expect(checkIcons({ color, outline: red }).join('\n')).toMatch(
      /outline\.png: must be white on transparent/,
    );
    const solid = png(32, () => [255, 255, 255, 255]);
    expect(checkIcons({ color, outline: solid }).join('\n')).toMatch(/no transparent background/);
    expect(checkIcons({ color, outline: Buffer.from('not a png') })).toEqual(['outline.png: not a PNG file']);
  });

  it('reads an outline icon saved as 16-bit RGBA, which an editor may write, as white on transparent', () => {
    const image = new PNG({ width: 32, height: 32, colorType: 6, bitDepth: 16, inputHasAlpha: true });
    for (let i = 0; i < 32 * 32; i++)
      image.data.set(i % 32 < 16 ? [255, 255, 255, 255] : [0, 0, 0, 0], i * 4);
    const sixteenBit = PNG.sync.write(image, { colorType: 6, bitDepth: 16, inputHasAlpha: true });
    expect(readPngInfo(sixteenBit)).toMatchObject({ width: 32, height: 32, bitDepth: 16 });
    expect(checkIcons({ color: files.get('color.png')!, outline: sixteenBit })).toEqual([]);
  });
});

describe('the app package from the Agents Toolkit env files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cp-env-files-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads env/.env.<name> then .env.<name>.user, empty values unset, and the environment wins', async () => {
    await writeFile(
      path.join(dir, '.env.trial'),
      [
        '# written by atk provision',
        'TEAMSFX_ENV=trial',
        `TEAMS_APP_ID=${TEST_ENV.TEAMS_APP_ID}`,
        `BOT_ID=${TEST_ENV.BOT_ID}`,
        `AAD_APP_CLIENT_ID=${TEST_ENV.AAD_APP_CLIENT_ID}`,
        'APP_BASE_URL=https://cpd-trial.example.gov.uk',
        'APP_DOMAIN=',
        'PUBLISHER_NAME="Northmoor Borough Council"',
      ].join('\n'),
    );
    await writeFile(path.join(dir, '.env.trial.user'), 'SECRET_AAD_APP_CLIENT_SECRET=s3cret\nAPP_DOMAIN=\n');
    const { values, files } = readEnvFiles('trial', dir);
    expect(files.map((f) => path.basename(f))).toEqual(['.env.trial', '.env.trial.user']);
    expect(values.PUBLISHER_NAME).toBe('Northmoor Borough Council');
    expect(values.SECRET_AAD_APP_CLIENT_SECRET).toBe('s3cret');
    expect(values).not.toHaveProperty('APP_DOMAIN');

    const env = mergeEnv(values, { NODE_ENV: 'production', BOT_ID: '', TEAMS_APP_ID: TEST_ENV.BOT_ID });
    const built = await buildPackage({ env, envName: 'trial', outDir: dir });
    const manifest = built.manifest as unknown as Manifest;
    expect(manifest.id).toBe(TEST_ENV.BOT_ID);
    expect(manifest.bots[0]!.botId).toBe(TEST_ENV.BOT_ID);
    expect(manifest.developer.name).toBe('Northmoor Borough Council');
    expect(manifest.validDomains).toEqual(['cpd-trial.example.gov.uk']);
    expect(built.warnings).toEqual([]);
  });

  it('adds nothing for an environment with no files', () => {
    expect(readEnvFiles('nowhere', dir)).toEqual({ values: {}, files: [] });
  });
});
