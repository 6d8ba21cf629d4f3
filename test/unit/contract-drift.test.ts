// The tab's copy of the contract (tab/src/api/openapi.json and its types) is what the routes
// generate today: a route or schema changed without `npm run contract:generate` fails here.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { contractFiles, generatedContract } from '../../scripts/generate-contract.ts';

describe("the tab's generated contract", () => {
  it('matches what the routes generate (run `npm run contract:generate` after changing a route)', async () => {
    const generated = await generatedContract();
    expect(await readFile(contractFiles.document, 'utf8'), contractFiles.document).toBe(generated.document);
    expect(await readFile(contractFiles.types, 'utf8'), contractFiles.types).toBe(generated.types);
  }, 60_000);
});
