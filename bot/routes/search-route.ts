// Data.Query typeahead (`application/search` invokes) for the raise form's social worker picker.
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Person } from '../../src/app/ports/directory.ts';
import { directoryRolesOf } from '../../src/app/resolve-roster.ts';
import type { BotDeps } from '../bot-context.ts';
import { peopleDataset } from '../cards/card-contract.ts';
import type { InvokeResponse } from './card-action-route.ts';

const SearchValue = z.object({
  queryText: z.string().max(100).default(''),
  dataset: z.string().max(50),
  queryOptions: z
    .object({ skip: z.number().int().min(0).default(0), top: z.number().int().min(1).max(50).default(15) })
    .default({ skip: 0, top: 15 }),
});

export async function onSearch(
  deps: BotDeps,
  context: TurnContext,
  person: Person | null,
): Promise<InvokeResponse> {
  const parsed = SearchValue.safeParse(context.activity.value);
  if (!person || !parsed.success || parsed.data.dataset !== peopleDataset)
    return {
      status: 200,
      body: { type: 'application/vnd.microsoft.search.searchResponse', value: { results: [] } },
    };
  const { queryText, queryOptions } = parsed.data;
  // The picker offers social workers (issue 12 item 8): people who can hold a protocol's
  // socialWorker role, as GET /api/directory/users?role=socialWorker decides.
  const protocols = deps.services.protocols.all().map((e) => e.protocol);
  const found = await deps.services.directory.search({ q: queryText, limit: 500 });
  const results = found
    .filter((p) => !p.mailbox && p.id !== person.id)
    .filter((p) => directoryRolesOf(p, protocols).includes('socialWorker'))
    .slice(queryOptions.skip)
    .map((p) => ({ title: `${p.name} (${p.jobTitle})`, value: p.id }));
  return {
    status: 200,
    body: { type: 'application/vnd.microsoft.search.searchResponse', value: { results } },
  };
}
