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
import { PACKAGE_TEST_ENV } from '../support/package-test-env.ts';

const TEST_ENV = PACKAGE_TEST_ENV;
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
