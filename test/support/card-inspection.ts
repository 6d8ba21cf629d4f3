// Reading Adaptive Cards in tests: every text a person sees, every Action.Execute they can press.
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
