// The wording's safeguards (issue 16 item 8): each shipped text uses only the parameters it declares;
// a toast, a chat-list line or a card's fallback is given the dispute reference, the stage and its
// due day and nothing else, so no council wording can put a child's details on a lock screen; and a
// council's file is read over the defaults, key by key.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseWordingFile } from '../../bot/wording/load-wording-file.ts';
import { wordingDefaults } from '../../bot/wording/wording-defaults.ts';
import { summaryFor } from '../../bot/wording/notification-words.ts';
import { defaultWording, placeholdersOf } from '../../bot/wording/wording.ts';
import type { OutboxReason } from '../../src/app/ports/outbox.ts';

/** Every message reason (the calendar jobs are not messages): the compiler says when one is added. */
const messageReasons = {
  respond: true,
  copied: true,
  told: true,
  reminder: true,
  'chair-decision-needed': true,
  consulted: true,
  'response-received': true,
  'co-sign-needed': true,
  'step-refused': true,
  'extension-beyond-cap': true,
  'cap-reached': true,
  closed: true,
  'delivery-failed': true,
  'meeting-booked': true,
  'meeting-moved': true,
  'meeting-cancelled': true,
  'meeting-declined': true,
  'meeting-not-booked': true,
  'immediate-review': true,
  'pre-alert': true,
  'confirm-meeting-date': true,
  'file-local-record': true,
} satisfies Record<Exclude<OutboxReason, 'book-meeting' | 'update-meeting' | 'cancel-meeting'>, true>;
const notificationReasons = Object.keys(messageReasons);

const entries = Object.entries(wordingDefaults) as [string, { text: string; params: readonly string[] }][];

describe('the shipped wording', () => {
  it.each(entries)('%s uses only the parameters it declares', (_key, entry) => {
    for (const name of placeholdersOf(entry.text)) expect(entry.params).toContain(name);
  });

  it('gives toasts and fallbacks only the reference, the stage and the due day', () => {
    const lockScreen = entries.filter(([key]) => key.startsWith('summary.') || key === 'card.fallback');
    expect(lockScreen.length).toBeGreaterThan(20);
    for (const [key, entry] of lockScreen)
      for (const p of entry.params) expect(['reference', 'stage', 'due', 'summary'], key).toContain(p);
    for (const [key, entry] of lockScreen.filter(([k]) => k.startsWith('summary.')))
      expect(entry.text, key).toMatch(/^\{reference\}/);
  });

  it('gives the reference card (seen by people not on the dispute) and the feed preview nothing beyond the reference', () => {
    const reference = entries.filter(([key]) => key.startsWith('reference.'));
    expect(reference.length).toBeGreaterThan(8);
    for (const [key, entry] of reference)
      for (const p of entry.params) expect(['reference'], key).toContain(p);
    const feedPreview = entries.filter(([key]) => key.startsWith('feed.preview.'));
    expect(feedPreview.map(([key]) => key)).toHaveLength(4);
    for (const [key, entry] of feedPreview) expect(entry.params, key).toEqual([]);
  });

  it.each(notificationReasons)('has a notice and a toast for the %s notification', (reason) => {
    expect(defaultWording.has(`notice.${reason}`)).toBe(true);
    expect(defaultWording.has(`summary.${reason}`)).toBe(true);
    const toast = summaryFor(defaultWording, reason, {
      reference: 'CPD-7K3QX2',
      stage: { name: 'Formal Stage 1', dueOn: '2026-11-27' } as never,
    });
    expect(toast).toMatch(/^CPD-7K3QX2: /);
    expect(toast).not.toMatch(/[{}]/);
  });

  it('says "respond by" with the day', () => {
    expect(
      summaryFor(defaultWording, 'respond', {
        reference: 'CPD-7K3QX2',
        stage: { name: 'Formal Stage 1', dueOn: '2026-11-27' } as never,
      }),
    ).toBe('CPD-7K3QX2: you are asked to respond by Fri 27 Nov');
  });
});

describe('a council wording file', () => {
  it('the shipped example is a valid file', () => {
    const path = fileURLToPath(new URL('../../bot/wording/wording.example.yaml', import.meta.url));
    const words = parseWordingFile(readFileSync(path, 'utf8'), path);
    expect(
      words.text('summary.respond', { reference: 'CPD-7K3QX2', stage: 'Stage 1', due: 'Fri 27 Nov' }),
    ).toBe('CPD-7K3QX2: please respond by Fri 27 Nov');
  });

  it('replaces the texts it names and keeps the rest', () => {
    const words = parseWordingFile('list.more: "{count} more in CP Disputes"\n', 'w.yaml');
    expect(words.text('list.more', { count: 3 })).toBe('3 more in CP Disputes');
    expect(words.text('list.title')).toBe('Your open disputes');
  });

  it('refuses a reference card or feed text that names the child, so the server does not start', () => {
    expect(() =>
      parseWordingFile('reference.only-reference: "About {childName}, case {caseNumber}"\n', 'w.yaml'),
    ).toThrow(/reference\.only-reference: uses \{childName\}.*it may use no parameters/);
    expect(() =>
      parseWordingFile('feed.preview.asked-to-respond: "{reference} needs you"\n', 'w.yaml'),
    ).toThrow(/feed\.preview\.asked-to-respond: uses \{reference\}/);
  });

  it('names every bad key at once', () => {
    expect(() =>
      parseWordingFile('nope: "x"\ncard.fallback: "{summary} for {caseNumber}"\n', 'w.yaml'),
    ).toThrow(/nope: is not a text the bot has.*card\.fallback: uses \{caseNumber\}/);
  });
});
