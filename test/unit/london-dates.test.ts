// SEEDS.md "Dates on the record": the case note, the Word form, cards, emails, lists and reports carry
// the Europe/London calendar date of an instant, never the UTC date (issue 12 item 1: "An answer at
// 00:40 BST is dated that day, not the day before"). And a guard: no code takes a date by slicing an
// ISO instant (eslint.config.js `noSlicedDates`).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { untyped } from '../support/untyped-lint.ts';
import { formatDay } from '../../bot/cards/card-text.ts';
import { buildDisputeForm } from '../../src/app/dispute-form.ts';
import { londonDateOf, londonTimeOf } from '../../src/core/calendar/working-day-calendar.ts';
import type { DisputeCommand } from '../../src/core/dispute/dispute-commands.ts';
import { caseNote } from '../../src/core/records/case-note.ts';
import {
  CHAIR_ID,
  SOCIAL_WORKER_ID,
  chair,
  holder,
  protocolById,
  raiseCommand,
  refusalOf,
  run,
  step,
} from './support/dispute-fixtures.ts';

const G = protocolById('gloucestershire');
const root = join(import.meta.dirname, '..', '..');

const respond: DisputeCommand = {
  type: 'respond',
  outcome: 'actions-agreed',
  text: 'The core group meets on Friday.',
  actionsProposed: null,
  moreTimeUntil: null,
};
const resolve: DisputeCommand = { type: 'resolve', summary: 'Core group held.', keepMonitoring: false };

/**
 * Raised Mon 1 Jun 2026 at 09:00 BST; the social worker answers at 00:40 BST on Wed 3 Jun (23:40 UTC
 * on Tue 2 Jun); the chair resolves at 00:40 BST on Thu 4 Jun (23:40 UTC on Wed 3 Jun).
 */
function answeredAfterMidnight() {
  return run(G, [
    step(raiseCommand(), chair, '2026-06-01T08:00:00Z'),
    step(respond, holder('socialWorker'), '2026-06-02T23:40:00Z'),
    step(resolve, chair, '2026-06-03T23:40:00Z'),
  ]);
}

describe('an answer at 00:40 BST is dated that day (SEEDS.md "Dates on the record")', () => {
  it('londonDateOf gives the London date, where the first ten characters of the instant give the day before', () => {
    expect('2026-06-02T23:40:00Z'.slice(0, 10)).toBe('2026-06-02'); // what slicing would have said
    expect(londonDateOf('2026-06-02T23:40:00Z')).toBe('2026-06-03');
    expect(londonTimeOf('2026-06-02T23:40:00Z')).toBe('00:40');
  });

  it('the case note dates the response and the resolution by the London day', () => {
    const note = caseNote(G, answeredAfterMidnight().events, (id) => id);
    const text = note.entries.map((e) => e.text).join('\n');
    expect(text).toContain(`Response from ${SOCIAL_WORKER_ID} on 2026-06-03`);
    expect(text).toContain(`Resolved on 2026-06-04 by ${CHAIR_ID}`);
    expect(text).not.toContain('on 2026-06-02');
    // The record shows when the stage was sent and the time it falls due (close of business).
    expect(text).toContain('sent 2026-06-01 at 09:00; response due by 17:30 on 2026-06-03.');
  });

  it('the Word form dates the response and the resolution by the London day', () => {
    const r = answeredAfterMidnight();
    const form = buildDisputeForm({
      reference: 'CPD-TEST01',
      protocol: G,
      events: r.events,
      partyOf: (id) => ({ name: id, status: 'Practitioner' }),
      londonDateOf,
      now: '2026-06-03T23:50:00Z',
    });
    expect(form.stages[0]!.responses[0]!.dateReturned).toBe('2026-06-03');
    expect(form.resolution?.date).toBe('2026-06-04');
    expect(form.producedOn).toBe('2026-06-04');
  });

  it('a closed dispute says the London day it closed', () => {
    const refusal = refusalOf(
      G,
      answeredAfterMidnight(),
      step(respond, holder('socialWorker'), '2026-06-05T10:00:00Z'),
    );
    expect(refusal.message).toContain('resolved on 2026-06-04');
  });

  it('a card shows the London day of an instant', () => {
    expect(formatDay('2026-06-02T23:40:00Z')).toBe('Wed 3 Jun 2026');
  });
});

describe('around the clock changes', () => {
  it('00:30 BST on Sun 25 Oct 2026, before the clocks go back at 02:00 BST, is 25 Oct', () => {
    expect(londonDateOf('2026-10-24T23:30:00Z')).toBe('2026-10-25');
    expect(londonTimeOf('2026-10-24T23:30:00Z')).toBe('00:30');
  });

  it('after the clocks go back, 23:30 UTC is 23:30 GMT the same day', () => {
    expect(londonDateOf('2026-10-25T23:30:00Z')).toBe('2026-10-25');
  });

  it('23:30 UTC on Sat 28 Mar 2026 is still GMT: 28 Mar; 23:30 UTC on Sun 29 Mar is 00:30 BST on 30 Mar', () => {
    expect(londonDateOf('2026-03-28T23:30:00Z')).toBe('2026-03-28');
    expect(londonDateOf('2026-03-29T23:30:00Z')).toBe('2026-03-30');
  });

  it('the case note dates an answer given at 00:30 BST on the Monday after the clocks go forward by that Monday', () => {
    const r = run(G, [
      step(raiseCommand(), chair, '2026-03-27T10:00:00Z'),
      step(respond, holder('socialWorker'), '2026-03-29T23:30:00Z'),
    ]);
    const text = caseNote(G, r.events, (id) => id).entries[0]!.text;
    expect(text).toContain(`Response from ${SOCIAL_WORKER_ID} on 2026-03-30`);
  });
});

describe('the guard: no date is taken by slicing an ISO instant (eslint.config.js noSlicedDates)', () => {
  const eslint = new ESLint({ cwd: root, overrideConfig: [untyped] }); // a made-up file: no type information
  const lint = async (code: string, file = 'src/app/example.ts') => {
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
  };

  it.each([
    ['event.at.slice(0, 10)', 'export const day = (event: { at: string }) => event.at.slice(0, 10);\n'],
    ['at.substring(0, 10)', 'export const day = (at: string) => at.substring(0, 10);\n'],
    ["at.split('T')[0]", "export const day = (at: string) => at.split('T')[0];\n"],
    ['toISOString().slice', 'export const day = (d: Date) => d.toISOString().slice(0, 7);\n'],
  ])('refuses %s in the server, the bot and the tab', async (_what, code) => {
    expect((await lint(code))[0]).toMatch(/UTC date|toISOString\(\) is UTC/);
    expect((await lint(code, 'bot/example.ts'))[0]).toMatch(/UTC/);
    expect((await lint(code, 'tab/src/example.tsx'))[0]).toMatch(/UTC/);
  });

  it('accepts the London date of the instant', async () => {
    const code =
      "import { londonDateOf } from '../core/calendar/working-day-calendar.ts';\n" +
      'export const day = (at: string) => londonDateOf(at);\n';
    expect(await lint(code)).toEqual([]);
  });

  it('no source file slices an ISO instant for a date (a fast scan of what the lint rule covers)', () => {
    const sliced =
      /\.(slice|substring|substr)\(0,\s*10\)|\.split\(['"]T['"]\)|toISOString\(\)\.(slice|substring|substr|split)\(/;
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name)) {
          const lines = readFileSync(path, 'utf8').split('\n');
          lines.forEach((line, i) => {
            const allowed = /eslint-disable-next-line no-restricted-syntax/.test(lines[i - 1] ?? '');
            if (sliced.test(line) && !allowed) found.push(`${relative(root, path)}:${i + 1}: ${line.trim()}`);
          });
        }
      }
    };
    for (const dir of ['src', 'bot', join('tab', 'src')]) walk(join(root, dir));
    expect(found).toEqual([]);
  });
});
