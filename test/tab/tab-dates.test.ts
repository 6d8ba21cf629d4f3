// Issue 12 item 8: "Errors show dates as the person typed them (DD/MM/YYYY in the tab)", and
// "Recurrence matches case numbers written differently". The tab's own helpers, without a browser.
import { describe, expect, it } from 'vitest';
import { caseNumberKey as tabKey, datesAsTyped } from '../../tab/src/format.ts';
import { caseNumberKey } from '../../src/core/dispute/case-number.ts';

describe('the tab shows dates in errors as the person typed them', () => {
  it("rewrites the API's YYYY-MM-DD as DD/MM/YYYY, leaving other numbers alone", () => {
    expect(
      datesAsTyped(
        'The conference date, 2026-11-24, is in the future: a dispute follows a conference that has been held.',
      ),
    ).toBe(
      'The conference date, 24/11/2026, is in the future: a dispute follows a conference that has been held.',
    );
    expect(datesAsTyped('The new date must be after the current due date, 2026-11-25.')).toBe(
      'The new date must be after the current due date, 25/11/2026.',
    );
    expect(datesAsTyped('at most 4000 characters (case GL-2026-11)')).toBe(
      'at most 4000 characters (case GL-2026-11)',
    );
  });
});

describe('the tab compares case numbers as the server does', () => {
  it.each(['GL-600', 'gl 600', 'GL600', ' Gl.600 '])('%s is the key GL600 on both sides', (written) => {
    expect(tabKey(written)).toBe('GL600');
    expect(caseNumberKey(written)).toBe('GL600');
  });
});
