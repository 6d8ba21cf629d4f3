// "Find dispute", the search message extension (`composeExtension/query` invokes): finds disputes
// by reference or by the child's initials and case number, among those the person searching may
// read (src/app/dispute-search.ts: access checked, every look audited). Each result inserts the
// reference card, which shows the reference only; the people on the dispute see their own view.
// Invoke shape: https://learn.microsoft.com/en-us/microsoftteams/platform/messaging-extensions/how-to/search-commands/respond-to-search
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { searchDisputes } from '../../src/app/dispute-search.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import { parseDisputeSearch } from '../../src/core/dispute/dispute-search-query.ts';
import type { BotDeps } from '../bot-context.ts';
import { composeExtensionMessage, composeExtensionResult, referenceAttachment } from '../reference-cards.ts';
import type { InvokeResponse } from './card-action-route.ts';

/** The command and its parameter as the manifest declares them (appPackage/manifest.json). */
export const findDisputeCommand = { id: 'findDispute', parameter: 'query' } as const;

const QueryValue = z.object({
  commandId: z.string().max(64),
  parameters: z
    .array(z.object({ name: z.string().max(64), value: z.unknown() }))
    .max(10)
    .default([]),
  queryOptions: z
    .object({
      skip: z.coerce.number().int().min(0).default(0),
      count: z.coerce.number().int().min(1).max(100).default(25),
    })
    .optional(),
});

export async function onMessageExtensionQuery(
  deps: BotDeps,
  context: TurnContext,
  person: Person | null,
): Promise<InvokeResponse> {
  const parsed = QueryValue.safeParse(context.activity.value);
  if (!parsed.success || parsed.data.commandId !== findDisputeCommand.id)
    return { status: 400, body: { message: 'That search is not one CP Disputes offers.' } };
  const typed = parsed.data.parameters.find((p) => p.name === findDisputeCommand.parameter)?.value;
  const words = deps.config.wording;
  const query = parseDisputeSearch(typeof typed === 'string' ? typed.slice(0, 200) : '');
  if (query.kind === 'incomplete') return composeExtensionMessage(words.text('reference.search-hint'));
  // Someone not in the council's directory may read no dispute: the same answer as no match.
  if (!person) return composeExtensionMessage(words.text('reference.nothing-found'));
  const found = await searchDisputes(deps.services, person, query, 'search:find-dispute');
  if (found.length === 0) return composeExtensionMessage(words.text('reference.nothing-found'));
  const { skip, count } = parsed.data.queryOptions ?? { skip: 0, count: 25 };
  const page = found.slice(skip, skip + count);
  return composeExtensionResult(await Promise.all(page.map((d) => referenceAttachment(deps, d))));
}
