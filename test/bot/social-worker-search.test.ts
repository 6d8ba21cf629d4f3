// Issue 12 item 8: "The social-worker picker offers social workers." The raise card's Data.Query
// typeahead (bot/routes/search-route.ts) answers with people who can hold the socialWorker role,
// not the Chief Executive or a business support officer.
import type { TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import type { BotDeps } from '../../bot/bot-context.ts';
import { peopleDataset } from '../../bot/cards/card-contract.ts';
import { onSearch } from '../../bot/routes/search-route.ts';
import { demoDirectoryPath } from '../../src/adapters/directory/demo-directory.ts';
import { loadFileDirectory } from '../../src/adapters/directory/file-directory.ts';
import { ProtocolRegistry } from '../../src/app/protocol-registry.ts';
import { builtinProtocols } from '../../src/protocols/builtin-protocols.ts';

const directory = loadFileDirectory(demoDirectoryPath);
const deps = {
  services: { directory, protocols: new ProtocolRegistry(builtinProtocols()) },
} as unknown as BotDeps;

async function titles(queryText: string): Promise<string[]> {
  const chair = (await directory.search({ q: 'Conference Chair', limit: 1 }))[0]!;
  const context = { activity: { value: { queryText, dataset: peopleDataset } } } as unknown as TurnContext;
  const r = await onSearch(deps, context, chair);
  return (r.body as { value: { results: { title: string }[] } }).value.results.map((x) => x.title);
}

describe('the raise card offers social workers', () => {
  it('an empty search lists social workers only', async () => {
    const found = await titles('');
    expect(found.length).toBeGreaterThan(0);
    for (const t of found) expect(t).toMatch(/Social Worker/);
  });

  it('searching for the Chief Executive or business support finds no one to name as social worker', async () => {
    expect(await titles('Chief Executive')).toEqual([]);
    expect(await titles('Business Support')).toEqual([]);
  });
});
