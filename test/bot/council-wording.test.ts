// COUNCILS_FILE: a council's own wordingFile rewords the bot for that council's people, over the
// deployment's WORDING_FILE; a bad one stops the start before anything opens, naming the key; and
// with several councils the shared bot's words follow the council of the work in hand.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councilWording } from '../../bot/wording/council-wording.ts';
import { parseWordingFile } from '../../bot/wording/load-wording-file.ts';
import { defaultWording } from '../../bot/wording/wording.ts';
import { demoDirectoryPath } from '../../src/adapters/directory/demo-directory.ts';
import type { AppServices } from '../../src/app/app-services.ts';
import { Councils } from '../../src/app/councils.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import { parseCouncilsFile } from '../../src/councils-file.ts';
import { cardText, executeActions } from '../support/card-inspection.ts';
import { startFakeBotConnector, type FakeBotConnector } from '../support/fake-bot-connector.ts';
import { teamsClient, teamsUser } from '../support/teams-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

function councilsFileWith(wording: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'cpd-council-wording-'));
  if (wording !== null) writeFileSync(join(dir, 'northmoor-words.yaml'), wording);
  const file = join(dir, 'councils.yaml');
  writeFileSync(
    file,
    [
      'councils:',
      '  - id: northmoor',
      `    directoryFile: ${JSON.stringify(demoDirectoryPath)}`,
      ...(wording !== null ? ['    wordingFile: northmoor-words.yaml'] : []),
    ].join('\n'),
  );
  return file;
}

describe('a council wordingFile (COUNCILS_FILE)', () => {
  let app: TestApp;
  let connector: FakeBotConnector;
  beforeAll(async () => {
    connector = await startFakeBotConnector();
    app = await startTestApp('pglite', {
      COUNCILS_FILE: councilsFileWith('help.intro: "Northmoor: type a command, or press a button."\n'),
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await connector?.close();
  });

  it('is read relative to the councils file', () => {
    const [council] = parseCouncilsFile(
      'councils:\n  - id: northmoor\n    directoryFile: d.yaml\n    wordingFile: words/northmoor.yaml\n',
      '/etc/cpd/councils.yaml',
    );
    expect(council!.wordingFile).toBe('/etc/cpd/words/northmoor.yaml');
  });

  it("rewords the council's help card in Teams", async () => {
    const chair = teamsUser((await app.services.directory.byId('chair-amara')) as Person);
    const r = await teamsClient(app, connector.serviceUrl).say(chair, 'help');
    expect(r.status).toBe(200);
    const card = connector.cardsIn(chair.conversationId).at(-1)!;
    expect(cardText(card)).toContain('Northmoor: type a command, or press a button.');
    expect(executeActions(card).map((a) => a.title)).toEqual(['Raise a dispute', 'My disputes']);
  });

  it('a bad one stops the start, naming the key', async () => {
    await expect(
      startTestApp('pglite', { COUNCILS_FILE: councilsFileWith('help.intro: "Hello {childName}"\n') }),
    ).rejects.toThrow(/COUNCILS_FILE: WORDING_FILE .*northmoor-words\.yaml: help\.intro: uses \{childName\}/);
  }, 120_000);
});

describe('several councils', () => {
  it("the shared bot's words follow the council in hand, the deployment's where it has none", () => {
    const council = (id: string) => ({
      id,
      tenantId: `00000000-0000-4000-8000-${id === 'northmoor' ? '00000000a11c' : '0000000050f7'}`,
      signInTenantIds: [],
      services: {} as AppServices,
    });
    const councils = new Councils([council('northmoor'), council('southmere')]);
    const words = councilWording(
      defaultWording,
      new Map([['southmere', parseWordingFile('list.title: "Southmere disputes"\n', 's.yaml')]]),
      () => {
        try {
          return councils.current().id;
        } catch {
          return undefined;
        }
      },
    );
    expect(councils.run(councils.byId('southmere')!, () => words.text('list.title'))).toBe(
      'Southmere disputes',
    );
    expect(councils.run(councils.byId('northmoor')!, () => words.text('list.title'))).toBe(
      'Your open disputes',
    );
    expect(words.text('list.title')).toBe('Your open disputes');
  });
});
