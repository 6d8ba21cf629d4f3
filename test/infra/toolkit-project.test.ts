// The Microsoft 365 Agents Toolkit project (m365agents.yml, m365agents.local.yml, env/, the
// manifests) holds together: every ${{VAR}} a step, the app manifest, aad.manifest.json or the
// Azure parameters use is declared in the environment's files; a value the toolkit writes (a
// writeToEnvironmentFile, an arm/deploy output, a script's ::set-teamsfx-env) is written by an
// earlier step before anything reads it; what the council must fill in is named in
// docs/go-live.md; secrets live only in the git-ignored .user files; and the app package builds
// from the env files once provisioning has filled them. The toolkit itself cannot run here (it
// needs a Microsoft 365 sign-in), so this is what can be checked of it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildPackage } from '../../appPackage/build-package.ts';
import { PLACEHOLDER_NAMES, mergeEnv, readEnvFiles } from '../../appPackage/package-env.ts';
import { readBicep } from './bicep-text.ts';

const root = path.join(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const placeholders = (text: string) =>
  [...text.matchAll(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]!);

/** Provided by the toolkit itself (https://aka.ms/teamsfx-v5.0-guide). */
const BUILT_IN = new Set(['TEAMSFX_ENV']);

type Section = 'you' | 'fixed' | 'written' | 'tunnel' | 'built-in';

/** An env file's keys by section, from its `# --- … ---` headers. */
function envSections(file: string): Map<string, Section> {
  const keys = new Map<string, Section>();
  let section: Section = 'built-in';
  for (const line of read(file).split('\n')) {
    const header = /^# --- (.*) ---$/.exec(line);
    if (header) {
      const h = header[1]!;
      section = h.startsWith('Set by you')
        ? 'you'
        : h.startsWith('Fixed')
          ? 'fixed'
          : h.includes('tunnel')
            ? 'tunnel'
            : h.startsWith('Written')
              ? 'written'
              : (() => {
                  throw new Error(`${file}: unknown section "${h}"`);
                })();
      continue;
    }
    const key = /^([A-Za-z0-9_]+)=/.exec(line);
    if (key) keys.set(key[1]!, section);
  }
  return keys;
}

interface Step {
  stage: string;
  index: number;
  uses: string;
  /** Placeholders the step reads (its own fields and the files it renders). */
  reads: string[];
  /** Env values the step writes. */
  writes: string[];
}

function stepsOf(ymlFile: string): Step[] {
  const yml = parse(read(ymlFile)) as Record<string, unknown>;
  const steps: Step[] = [];
  for (const stage of ['provision', 'deploy', 'publish']) {
    const list = (yml[stage] ?? []) as Record<string, unknown>[];
    list.forEach((step, index) => {
      const withBlock = (step.with ?? {}) as Record<string, unknown>;
      const reads = placeholders(JSON.stringify({ with: step.with, env: step.env }));
      const writes = Object.values((step.writeToEnvironmentFile ?? {}) as Record<string, string>);
      if (typeof withBlock.manifestPath === 'string')
        reads.push(...placeholders(read(withBlock.manifestPath)));
      if (step.uses === 'arm/deploy')
        for (const t of withBlock.templates as { path: string; parameters: string }[]) {
          reads.push(...placeholders(read(t.parameters)));
          writes.push(...readBicep(path.join(root, t.path)).outputs);
        }
      if (step.uses === 'script')
        writes.push(...[...String(withBlock.run).matchAll(/::set-teamsfx-env (\w+)=/g)].map((m) => m[1]!));
      // Our own package check renders the manifest too.
      if (step.uses === 'cli/runNpmCommand' && /run package/.test(String(withBlock.args)))
        reads.push(...placeholders(read('appPackage/manifest.json')));
      steps.push({ stage, index, uses: String(step.uses), reads, writes });
    });
  }
  return steps;
}

function checkProject(ymlFile: string, envName: string) {
  const sections = new Map([
    ...envSections(`env/.env.${envName}`),
    ...envSections(`env/.env.${envName}.user.example`),
  ]);
  const steps = stepsOf(ymlFile);
  const writtenBy = (key: string) => steps.filter((s) => s.writes.includes(key));
  return { sections, steps, writtenBy };
}

describe.each([
  ['m365agents.yml', 'dev'],
  ['m365agents.local.yml', 'local'],
])('%s with env/.env.%s', (ymlFile, envName) => {
  const { sections, steps, writtenBy } = checkProject(ymlFile, envName);

  it('uses no placeholder the env files do not declare', () => {
    for (const step of steps)
      for (const key of step.reads)
        expect(
          BUILT_IN.has(key) || sections.has(key),
          `${step.stage}[${step.index}] ${step.uses}: ${key} is declared in neither env/.env.${envName} nor its .user example`,
        ).toBe(true);
  });

  it('reads a written value only after a step has written it', () => {
    const provision = steps.filter((s) => s.stage === 'provision');
    for (const step of steps)
      for (const key of step.reads.filter((k) => sections.get(k) === 'written')) {
        const before =
          step.stage === 'provision'
            ? provision.slice(0, step.index)
            : [...provision, ...steps.filter((s) => s.stage === step.stage && s.index < step.index)];
        expect(
          before.some((s) => s.writes.includes(key)),
          `${step.stage}[${step.index}] ${step.uses} reads ${key} before any step writes it`,
        ).toBe(true);
      }
  });

  it('lists as "written" exactly what the steps write', () => {
    const written = [...sections].filter(([, s]) => s === 'written').map(([k]) => k);
    for (const key of written) expect(writtenBy(key).length, `nothing writes ${key}`).toBeGreaterThan(0);
    for (const step of steps)
      for (const key of step.writes) {
        // arm/deploy writes every output; a value the council sets first may be updated by a step
        // (deploy moves CONTAINER_IMAGE to the image it built).
        expect(
          ['written', 'you'],
          `${step.uses} writes ${key}, which env/.env.${envName} does not list`,
        ).toContain(sections.get(key));
      }
  });

  it('keeps every secret in the git-ignored .user file, and nothing else there', () => {
    const committed = envSections(`env/.env.${envName}`);
    const user = envSections(`env/.env.${envName}.user.example`);
    for (const key of committed.keys()) expect(key, `env/.env.${envName}`).not.toMatch(/^SECRET_/);
    for (const key of user.keys()) expect(key).toMatch(/^SECRET_/);
    for (const step of steps)
      for (const key of step.writes.filter((k) => k.startsWith('SECRET_')))
        expect(user.has(key), key).toBe(true);
  });

  it('fills every placeholder of the app manifest', () => {
    for (const name of PLACEHOLDER_NAMES)
      expect(sections.has(name), `env/.env.${envName} lacks ${name}`).toBe(true);
  });
});

describe('env/ and .gitignore', () => {
  it('ignores the .user files with secrets, and not their examples or the committed env files', () => {
    const ignored = (file: string) => {
      try {
        execFileSync('git', ['check-ignore', '-q', file], { cwd: root });
        return true;
      } catch {
        return false;
      }
    };
    expect(ignored('env/.env.dev.user')).toBe(true);
    expect(ignored('env/.env.prod.user')).toBe(true);
    expect(ignored('.localConfigs')).toBe(true);
    expect(ignored('env/.env.dev.user.example')).toBe(false);
    expect(ignored('env/.env.dev')).toBe(false);
  });

  it('names in docs/go-live.md every value the council sets before provisioning', () => {
    const goLive = read('docs/go-live.md');
    for (const file of ['env/.env.dev', 'env/.env.dev.user.example'])
      for (const [key, section] of envSections(file))
        if (section === 'you') expect(goLive, `docs/go-live.md does not mention ${key}`).toContain(key);
  });

  it('has no .user file committed', () => {
    const tracked = execFileSync('git', ['ls-files', 'env'], { cwd: root, encoding: 'utf8' });
    expect(tracked.split('\n').filter((f) => f.endsWith('.user'))).toEqual([]);
  });
});

describe('aad.manifest.json (the Entra app of the tab and of Graph)', () => {
  const aad = JSON.parse(read('aad.manifest.json')) as {
    identifierUris: string[];
    signInAudience: string;
    api: {
      requestedAccessTokenVersion: number;
      oauth2PermissionScopes: { id: string; value: string; type: string }[];
      preAuthorizedApplications: { appId: string; delegatedPermissionIds: string[] }[];
    };
    requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[];
  };
  const teamsManifest = JSON.parse(read('appPackage/manifest.json')) as {
    webApplicationInfo: { id: string; resource: string };
  };

  it("exposes access_as_user, asks for v2 tokens, and serves the council's own tenant only", () => {
    expect(aad.signInAudience).toBe('AzureADMyOrg');
    expect(aad.api.requestedAccessTokenVersion).toBe(2);
    expect(aad.api.oauth2PermissionScopes).toEqual([
      expect.objectContaining({
        value: 'access_as_user',
        type: 'User',
        id: '${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}',
      }),
    ]);
  });

  it('pre-authorises the Teams, Microsoft 365 and Outlook clients for that scope', () => {
    // learn.microsoft.com/microsoftteams/platform/tabs/how-to/authentication/tab-sso-register-aad
    const clients = {
      'Teams desktop and mobile': '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
      'Teams web': '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
      'Microsoft 365 web': '4765445b-32c6-49b0-83e6-1d93765276ca',
      'Microsoft 365 desktop': '0ec893e0-5785-4de6-99da-4ed124e5296c',
      'Microsoft 365 mobile and Outlook desktop': 'd3590ed6-52b3-4102-aeff-aad2292ab01c',
      'Outlook web': 'bc59ab01-8403-45c6-8796-ac3ef710b3e3',
      'Outlook mobile': '27922004-5251-4030-b22d-91ecd9a37ea4',
    };
    expect(aad.api.preAuthorizedApplications.map((a) => a.appId).sort()).toEqual(
      Object.values(clients).sort(),
    );
    for (const a of aad.api.preAuthorizedApplications)
      expect(a.delegatedPermissionIds).toEqual(['${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}']);
  });

  it('is the API the Teams manifest asks tokens for', () => {
    expect(aad.identifierUris).toEqual([teamsManifest.webApplicationInfo.resource]);
    expect(teamsManifest.webApplicationInfo.id).toBe('${{AAD_APP_CLIENT_ID}}');
  });

  it('asks Entra for no mailbox permission: Exchange RBAC for Applications grants those, scoped', () => {
    const graph = aad.requiredResourceAccess.find((r) => r.resourceAppId === 'Microsoft Graph')!;
    expect(graph.resourceAccess).toEqual([{ id: 'User.Read.All', type: 'Role' }]);
  });
});

describe('the app package from env/.env.dev once provisioned', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cp-toolkit-env-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds in production from the committed file plus what provision writes, the environment adding nothing', async () => {
    await copyFile(path.join(root, 'env', '.env.dev'), path.join(dir, '.env.dev'));
    const committed = parseEnv(await readFile(path.join(dir, '.env.dev'), 'utf8'));
    // What the council fills in and what provisioning writes (aadApp/create, teamsApp/create, the Bicep outputs).
    const filled = {
      ...committed,
      PUBLISHER_NAME: 'Northmoor Borough Council',
      TEAMS_APP_ID: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
      AAD_APP_CLIENT_ID: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
      BOT_ID: '0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d',
      APP_DOMAIN: 'cpd-northmoor.kindsea-1a2b3c4d.uksouth.azurecontainerapps.io',
      APP_BASE_URL: 'https://cpd-northmoor.kindsea-1a2b3c4d.uksouth.azurecontainerapps.io',
    };
    await writeFile(
      path.join(dir, '.env.dev'),
      Object.entries(filled)
        .map(([k, v]) => `${k}=${v ?? ''}`)
        .join('\n'),
    );
    const { values } = readEnvFiles('dev', dir);
    const built = await buildPackage({
      env: mergeEnv(values, { NODE_ENV: 'production' }),
      envName: 'dev',
      outDir: dir,
    });
    expect(built.warnings).toEqual([]);
    expect(built.manifest).toMatchObject({
      id: filled.TEAMS_APP_ID,
      developer: { name: 'Northmoor Borough Council', privacyUrl: `${filled.APP_BASE_URL}/privacy` },
      validDomains: [filled.APP_DOMAIN],
      webApplicationInfo: {
        id: filled.AAD_APP_CLIENT_ID,
        resource: `api://${filled.APP_DOMAIN}/${filled.AAD_APP_CLIENT_ID}`,
      },
    });
    expect(existsSync(built.zipPath)).toBe(true);
  });

  it('refuses to build in production from the committed file alone, naming what is missing', async () => {
    await copyFile(path.join(root, 'env', '.env.dev'), path.join(dir, '.env.dev'));
    const { values } = readEnvFiles('dev', dir);
    await expect(
      buildPackage({ env: mergeEnv(values, { NODE_ENV: 'production' }), envName: 'dev', outDir: dir }),
    ).rejects.toThrow(/PUBLISHER_NAME is not set/);
  });
});
