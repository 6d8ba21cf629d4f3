// Each card template has Adaptive Cards Designer sample data beside it (templates/<name>.data.json,
// fictional): paste both into https://adaptivecards.microsoft.com/designer to see and reword a card.
// Expanded with its sample, every template must give a card the Adaptive Cards SDK accepts, with
// nothing left unbound: a template that gains a field its sample lacks fails here, so the samples
// never drift from the templates.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expandCard, expandFragment } from '../../bot/cards/expand-template.ts';
import { adaptiveCardProblems } from '../support/card-inspection.ts';

const dir = fileURLToPath(new URL('../../bot/cards/templates/', import.meta.url));
const read = (file: string) => JSON.parse(readFileSync(dir + file, 'utf8')) as Record<string, unknown>;
const templates = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.data.json'))
  .map((f) => f.replace(/\.json$/, ''));

/** Fragments are parts of another card (the answer form sits inside the dispute card). */
const fragments: Record<string, (expanded: Record<string, unknown>) => unknown[]> = {
  'answer-form': (expanded) => expanded['items'] as unknown[],
};

/** The raise form's sample is drawn for Teams (its typeahead picker); Outlook's has an email box. */
const hostsOf = (name: string) =>
  name === 'raise-form' ? (['teams'] as const) : (['teams', 'outlook'] as const);

describe('the card templates and their Designer sample data', () => {
  it('every template has its sample data', () => {
    expect(templates.length).toBeGreaterThanOrEqual(6);
    const samples = readdirSync(dir).filter((f) => f.endsWith('.data.json'));
    expect(samples.sort()).toEqual(templates.map((t) => `${t}.data.json`).sort());
  });

  describe.each(templates)('%s', (name) => {
    it.each(hostsOf(name))('expanded with its sample, the SDK reads it without a warning (%s)', (host) => {
      const template = read(`${name}.json`);
      const data = read(`${name}.data.json`);
      const card = fragments[name]
        ? expandCard({ body: fragments[name](expandFragment(template, data)) }, {}, { host })
        : expandCard(template, data, { host });
      expect(adaptiveCardProblems(card)).toEqual([]);
      expect(JSON.stringify(card)).not.toContain('${');
      expect(card.body.length).toBeGreaterThan(0);
    });
  });
});
