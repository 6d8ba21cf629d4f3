// Binds a JSON card template (adaptivecards-templating: `${...}`, `$when`, `$data`) to its data and
// stamps what every card carries: the type, the schema and the schema version of the host.
// The engine's own module: the package's index also re-exports a JSON-schema helper whose typings
// point at adaptivecards' TypeScript sources, which this project's strict settings would type-check.
import { Template } from 'adaptivecards-templating/lib/template-engine.js';
import { schemaVersionFor, type CardHost } from './card-contract.ts';

export const adaptiveCardSchema = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** An expanded Adaptive Card, ready to send. */
export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

/** Options every renderer takes about where the card is shown. */
export interface CardHostOptions {
  host: CardHost;
  /**
   * Outlook actionable messages: the provider id registered in the Actionable Email Developer
   * Dashboard (`originator`). Ignored for Teams.
   */
  originator?: string;
}

// A Template parses every `${...}` of its payload into adaptive-expressions when it is constructed;
// expanding is only evaluation. The templates are module-level JSON, so each is parsed once per
// process, not on every card (the bench's card path spent about a third of a press re-parsing).
// expand() is synchronous, so one prepared Template serves every caller in turn.
const prepared = new WeakMap<object, Template>();

/** Expands any template object (a whole card or a fragment) against `data` as `$root`. */
export function expandFragment<T>(template: object, data: object): T {
  let engine = prepared.get(template);
  if (!engine) {
    engine = new Template(template);
    prepared.set(template, engine);
  }
  return engine.expand({ $root: data }) as T;
}

export function expandCard(template: object, data: object, options: CardHostOptions): AdaptiveCardJson {
  const expanded = withoutNulls(expandFragment<Record<string, unknown>>(template, data)) as Record<
    string,
    unknown
  >;
  const card: AdaptiveCardJson = {
    ...expanded,
    type: 'AdaptiveCard',
    $schema: adaptiveCardSchema,
    version: schemaVersionFor(options.host),
    body: Array.isArray(expanded['body']) ? expanded['body'] : [],
  };
  if (Array.isArray(card.actions) && card.actions.length === 0) delete card.actions;
  if (options.host === 'outlook' && options.originator) card['originator'] = options.originator;
  // Teams draws cards at full width only when asked (a narrow column otherwise); other hosts ignore it.
  // https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-format#full-width-adaptive-card
  if (options.host === 'teams')
    card['msteams'] = { ...(card['msteams'] as object | undefined), width: 'Full' };
  return card;
}

/** A binding to an absent value (no date typed yet) leaves the property out rather than `null`. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  return value;
}
