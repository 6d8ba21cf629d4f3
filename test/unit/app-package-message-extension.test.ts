// Issue 16 item 4: the manifest's search message extension ("Find dispute") and link unfurling for
// the app's own dispute links, checked against the Teams manifest schema @microsoft/app-manifest
// ships. Shapes: https://learn.microsoft.com/en-us/microsoftteams/platform/messaging-extensions/how-to/search-commands/define-search-command
// and https://learn.microsoft.com/en-us/microsoftteams/platform/messaging-extensions/how-to/link-unfurling
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, readPackage } from '../../appPackage/build-package.ts';
import { checkManifestRules } from '../../appPackage/manifest-checks.ts';
import { validateManifestSchema } from '../../appPackage/manifest-schema.ts';
import { findDisputeCommand } from '../../bot/routes/message-extension-query-route.ts';

const TEST_ENV = {
  NODE_ENV: 'test',
  TEAMS_APP_ID: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  BOT_ID: '0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d',
  AAD_APP_CLIENT_ID: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
  APP_BASE_URL: 'https://disputes.example.gov.uk/',
  PUBLISHER_NAME: 'Northmoor Borough Council',
};
const DOMAIN = 'disputes.example.gov.uk';

interface ComposeExtension {
  botId: string;
  composeExtensionType?: string;
  commands: {
    id: string;
    type: string;
    title: string;
    context?: string[];
    parameters: { name: string; title: string; inputType?: string }[];
  }[];
  messageHandlers: { type: string; value: { domains: string[] } }[];
}

let outDir: string;
let manifest: Record<string, unknown> & { composeExtensions: ComposeExtension[] };

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'cp-app-package-me-'));
  const built = await buildPackage({ env: TEST_ENV, envName: 'test', outDir });
  const files = await readPackage(await readFile(built.zipPath));
  manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as typeof manifest;
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('the manifest offers "Find dispute" and unfurls dispute links', () => {
  it('is valid against the Teams schema and the rules Teams applies on upload', async () => {
    expect(await validateManifestSchema(manifest)).toEqual([]);
    expect(checkManifestRules(manifest)).toEqual([]);
  });

  it('has one bot-based search command, answered by the bot, with a text parameter', () => {
    expect(manifest.composeExtensions).toHaveLength(1);
    const me = manifest.composeExtensions[0]!;
    expect(me.botId).toBe(TEST_ENV.BOT_ID);
    expect(me.composeExtensionType ?? 'botBased').toBe('botBased');
    expect(me.commands).toHaveLength(1);
    const command = me.commands[0]!;
    // The id the bot's route answers (bot/routes/message-extension-query-route.ts).
    expect(command.id).toBe(findDisputeCommand.id);
    expect(command.type).toBe('query');
    expect(command.title).toBe('Find dispute');
    expect(command.context).toEqual(['compose', 'commandBox']);
    expect(command.parameters.map((p) => p.name)).toEqual([findDisputeCommand.parameter]);
    expect(command.parameters[0]!.inputType ?? 'text').toBe('text');
  });

  it("unfurls links to the app's own domain only", () => {
    const me = manifest.composeExtensions[0]!;
    expect(me.messageHandlers).toEqual([{ type: 'link', value: { domains: [DOMAIN] } }]);
  });
});
