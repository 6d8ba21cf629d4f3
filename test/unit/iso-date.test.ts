// The one "is this a real date" check (src/core/calendar/iso-date.ts), and the schemas that use it:
// a protocol's closure days and the bot's card forms refuse a date the calendar does not have.
import { describe, expect, it } from 'vitest';
import { disputeCommandSchemas } from '../../bot/card-actions.ts';
import { inputIds } from '../../bot/cards/card-contract.ts';
import { isIsoDate, IsoDateSchema } from '../../src/core/calendar/iso-date.ts';
import { ProtocolSchema } from '../../src/core/protocol/protocol-schema.ts';
import { builtinProtocols } from '../../src/protocols/builtin-protocols.ts';

describe('isIsoDate', () => {
  it('accepts 29 February only in a leap year', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true); // divisible by 400
    expect(isIsoDate('2100-02-29')).toBe(false); // divisible by 100 only
  });

  it('refuses days and months the calendar does not have', () => {
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-04-30')).toBe(true);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-00-10')).toBe(false);
    expect(isIsoDate('2026-12-32')).toBe(false);
    expect(isIsoDate('2026-12-31')).toBe(true);
  });

  it('accepts only the strict YYYY-MM-DD form', () => {
    expect(isIsoDate('2026-2-3')).toBe(false);
    expect(isIsoDate('2026-02-03T00:00:00Z')).toBe(false);
    expect(isIsoDate(' 2026-02-03')).toBe(false);
    expect(isIsoDate('03/02/2026')).toBe(false);
    expect(isIsoDate(20260203)).toBe(false);
  });

  it('says which rule a refused value broke, as a schema', () => {
    const issue = (s: string) => IsoDateSchema.safeParse(s).error?.issues.map((i) => i.message);
    expect(IsoDateSchema.safeParse('2024-02-29').success).toBe(true);
    expect(issue('2026-02-29')).toEqual(['is not a real date']);
    expect(issue('29/02/2024')).toContain('must be a date written YYYY-MM-DD');
  });
});

describe('the schemas that take a date', () => {
  it('refuse a protocol whose closure days include 31 April', () => {
    const protocol = builtinProtocols()[0]!;
    const withClosure = (closureDays: string[]) =>
      ProtocolSchema.safeParse({ ...protocol, workingDays: { ...protocol.workingDays, closureDays } });
    expect(withClosure(['2026-12-29']).success).toBe(true);
    expect(withClosure(['2026-04-31']).success).toBe(false);
  });

  it("refuse a card's new due date of 29 February 2026 and accept 2024's", () => {
    const extend = (dueOn: string) =>
      disputeCommandSchemas.extend.safeParse({
        [inputIds.extend.dueOn]: dueOn,
        [inputIds.extend.reason]: 'The conference moved.',
      });
    expect(extend('2024-02-29').success).toBe(true);
    expect(extend('2026-02-29').success).toBe(false);
    expect(extend('2026-13-01').success).toBe(false);
  });
});
