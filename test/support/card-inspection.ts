// Reading Adaptive Cards in tests: every text a person sees, every Action.Execute they can press.
import * as AC from 'adaptivecards';
export interface CardAction {
  verb: string;
  data: Record<string, unknown>;
  title: string;
}

export function walk(node: unknown, visit: (n: Record<string, unknown>) => void) {
  if (Array.isArray(node)) for (const x of node) walk(x, visit);
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

/** Every Action.Execute in the card body and actions (not the refresh action). */
export function executeActions(card: Record<string, unknown>): CardAction[] {
  const out: CardAction[] = [];
  const { refresh: _refresh, ...rest } = card;
  walk(rest, (n) => {
    if (n.type === 'Action.Execute')
      out.push({
        verb: String(n.verb),
        data: (n.data as Record<string, unknown>) ?? {},
        title: String(n.title ?? ''),
      });
  });
  return out;
}

export function cardText(card: unknown): string {
  const parts: string[] = [];
  walk(card, (n) => {
    for (const key of ['text', 'title', 'value', 'placeholder', 'label'])
      if (typeof n[key] === 'string') parts.push(n[key] as string);
  });
  return parts.join('\n');
}

export function inputIdsOf(card: unknown): string[] {
  const ids: string[] = [];
  walk(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') ids.push(n.id);
  });
  return ids;
}

/**
 * Problems the Adaptive Cards SDK (the `adaptivecards` package, what hosts draw with) finds when it
 * parses a card for its own schema version and validates it: [] for a card a host would accept.
 * Parsing needs no DOM. Teams' Data.Query typeahead is allowed below 1.6, as test/bot/cards.test.ts
 * explains.
 */
export function adaptiveCardProblems(json: { version?: unknown }): string[] {
  const version = (
    { '1.3': AC.Versions.v1_3, '1.4': AC.Versions.v1_4, '1.5': AC.Versions.v1_5 } as Record<
      string,
      AC.Version
    >
  )[String(json.version)];
  if (!version) return [`unexpected version ${String(json.version)}`];
  const typeahead = new Set<string>();
  walk(json, (o) => {
    if ((o['choices.data'] as { type?: unknown } | undefined)?.type === 'Data.Query')
      typeahead.add(String(o['id']));
  });
  const context = new AC.SerializationContext(version);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  const events = [];
  for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i));
  events.push(...card.validateProperties().validationEvents);
  const isTypeahead = (source: unknown) =>
    source instanceof AC.ChoiceSetInput && source.id !== undefined && typeahead.has(source.id);
  return events
    .filter(
      (e) =>
        !(
          isTypeahead(e.source) &&
          ((e.event === AC.ValidationEvent.UnsupportedProperty && /"choices\.data"/.test(e.message)) ||
            e.event === AC.ValidationEvent.CollectionCantBeEmpty)
        ),
    )
    .map((e) => `${AC.ValidationEvent[e.event]}: ${e.message}`);
}

/** Every link a card offers, with its label: markdown links in its text and Action.OpenUrl buttons. */
export function cardLinks(card: unknown): { label: string; url: string }[] {
  const out: { label: string; url: string }[] = [];
  walk(card, (n) => {
    if (n.type === 'Action.OpenUrl' && typeof n.url === 'string')
      out.push({ label: typeof n.title === 'string' ? n.title : '', url: n.url });
    if (typeof n.text === 'string')
      for (const m of n.text.matchAll(/\[([^\]]*)\]\((\S+?)\)/g)) out.push({ label: m[1]!, url: m[2]! });
  });
  return out;
}
