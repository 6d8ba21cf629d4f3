// The Outlook add-in "Raise a dispute" as the unified manifest declares it (issue 16 item 6): one
// extension for mail, a task pane page at /tab/addin opened by a button on the reading ribbon, and
// the delegated permission to read the open item. Shapes from learn.microsoft.com "Office Add-ins with
// the unified app manifest for Microsoft 365" and the schema reference "elementExtensions"
// (microsoft-365/extensibility/schema/element-extensions); checked against the v1.30 schema that
// @microsoft/app-manifest ships.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, readPackage } from '../../appPackage/build-package.ts';
import { readPngInfo } from '../../appPackage/icons.ts';
import { checkManifestRules } from '../../appPackage/manifest-checks.ts';
import { validateManifestSchema } from '../../appPackage/manifest-schema.ts';
import { PACKAGE_TEST_ENV } from '../support/package-test-env.ts';

const TEST_ENV = PACKAGE_TEST_ENV;
const BASE = 'https://disputes.example.gov.uk';
const tabPublic = new URL('../../tab/public/', import.meta.url).pathname;

interface Icon {
  size: number;
  url: string;
}
interface Control {
  id: string;
  type: string;
  label: string;
  icons: Icon[];
  supertip: { title: string; description: string };
  actionId: string;
}
interface Extension {
  requirements: { scopes: string[]; capabilities: { name: string; minVersion: string }[] };
  runtimes: {
    id: string;
    type: string;
    code: { page: string };
    lifetime: string;
    actions: { id: string; type: string }[];
  }[];
  ribbons: {
    contexts: string[];
    tabs: {
      builtInTabId: string;
      groups: { id: string; label: string; icons: Icon[]; controls: Control[] }[];
    }[];
  }[];
}

describe('the Outlook add-in in the unified manifest', () => {
  let outDir: string;
  let manifest: Record<string, unknown> & {
    extensions: Extension[];
    authorization: { permissions: { resourceSpecific: { name: string; type: string }[] } };
  };

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'cp-addin-package-'));
    const built = await buildPackage({ env: TEST_ENV, envName: 'test', outDir });
    const files = await readPackage(await readFile(built.zipPath));
    manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as typeof manifest;
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('validates against the manifest schema with its extensions', async () => {
    expect(manifest.extensions).toHaveLength(1);
    expect(await validateManifestSchema(manifest)).toEqual([]);
    expect(checkManifestRules(manifest)).toEqual([]);
  });

  it('is a mail add-in whose button on the reading ribbon opens the task pane at /tab/addin', () => {
    const [ext] = manifest.extensions;
    expect(ext!.requirements.scopes).toEqual(['mail']);
    // Mailbox 1.3: body.getAsync with a coercion type (the "copy the email's text" button).
    expect(ext!.requirements.capabilities).toEqual([{ name: 'Mailbox', minVersion: '1.3' }]);
    const [runtime] = ext!.runtimes;
    expect(runtime).toMatchObject({
      type: 'general',
      lifetime: 'short',
      code: { page: `${BASE}/tab/addin` },
    });
    const openPane = runtime!.actions.find((a) => a.type === 'openPage');
    expect(openPane).toBeDefined();

    const [ribbon] = ext!.ribbons;
    // Only while reading a message: the add-in starts from an email that was received.
    expect(ribbon!.contexts).toEqual(['mailRead']);
    const controls = ribbon!.tabs.flatMap((t) => t.groups.flatMap((g) => g.controls));
    const button = controls.find((c) => c.label === 'Raise a dispute');
    expect(button).toMatchObject({ type: 'button', actionId: openPane!.id });
    // The tooltip promises what the page does: the text is copied only if the chair chooses.
    expect(button!.supertip.description).toMatch(/only if you choose/);
  });

  it('asks only to read the open item, for the signed-in person (delegated)', () => {
    expect(manifest.authorization.permissions.resourceSpecific).toContainEqual({
      name: 'MailboxItem.Read.User',
      type: 'Delegated',
    });
  });

  it('points every ribbon icon at a PNG of that size that the tab serves', () => {
    const icons = manifest.extensions[0]!.ribbons.flatMap((r) =>
      r.tabs.flatMap((t) => t.groups.flatMap((g) => [...g.icons, ...g.controls.flatMap((c) => c.icons)])),
    );
    expect(icons.map((i) => i.size).sort((a, b) => a - b)).toEqual([16, 16, 32, 32, 80, 80]);
    for (const icon of icons) {
      expect(icon.url.startsWith(`${BASE}/tab/`)).toBe(true);
      // The tab's public/ folder is copied to the root of tab/dist, which the server serves at /tab/.
      const file = path.join(tabPublic, icon.url.slice(`${BASE}/tab/`.length));
      expect(existsSync(file), file).toBe(true);
      expect(readPngInfo(readFileSync(file))).toMatchObject({ width: icon.size, height: icon.size });
    }
  });
});
