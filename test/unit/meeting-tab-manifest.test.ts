// The resolution meeting's tab in the app package: the configurable tab offers itself in meetings
// (chat, details, side panel and stage, learn.microsoft.com "Build tabs for meetings": a meeting
// tab needs the groupChat scope and these `context` values), keeps its channel and group chat
// places. The manifest asks for resource-specific consent (the activity feed, the Outlook add-in),
// so Graph adds the app to a meeting chat only when the installation consents to exactly those
// permissions ("can't be used to install apps that require consent to resource-specific
// permissions" without, chat-post-installedapps): the built package asks for what
// src/adapters/graph/teams-app-consent.ts consents to.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, readPackage } from '../../appPackage/build-package.ts';
import { validateManifestSchema } from '../../appPackage/manifest-schema.ts';
import { manifestResourceSpecificPermissions } from '../../src/adapters/graph/teams-app-consent.ts';
import { PACKAGE_TEST_ENV } from '../support/package-test-env.ts';

const TEST_ENV = PACKAGE_TEST_ENV;

interface Manifest {
  [key: string]: unknown;
  configurableTabs: { configurationUrl: string; scopes: string[]; context?: string[] }[];
  authorization?: { permissions?: { resourceSpecific?: unknown[] } };
}

describe('the meeting tab in the app package', () => {
  let outDir: string;
  let manifest: Manifest;
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'cp-meeting-package-'));
    const built = await buildPackage({ env: TEST_ENV, envName: 'test', outDir });
    const files = await readPackage(await readFile(built.zipPath));
    manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest;
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('offers the configurable tab in the meeting side panel, stage, chat and details, in group chats', async () => {
    const [tab] = manifest.configurableTabs;
    expect(tab!.scopes).toContain('groupChat');
    expect(tab!.context).toEqual(
      expect.arrayContaining(['meetingSidePanel', 'meetingStage', 'meetingChatTab', 'meetingDetailsTab']),
    );
    // Still where it was before meetings: a team's channel and a group chat.
    expect(tab!.context).toEqual(expect.arrayContaining(['channelTab', 'privateChatTab']));
    expect(tab!.configurationUrl).toBe('https://disputes.example.gov.uk/tab/configure');
    expect(await validateManifestSchema(manifest)).toEqual([]);
  });

  it('asks for the resource-specific consent that adding it to a meeting chat consents to, no more', () => {
    expect(manifest.authorization?.permissions?.resourceSpecific ?? []).toEqual(
      manifestResourceSpecificPermissions,
    );
  });
});
