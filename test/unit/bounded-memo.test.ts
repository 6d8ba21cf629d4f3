import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../../src/core/calendar/bounded-memo.ts';

describe('boundedMemo', () => {
  it('computes each argument once while it is remembered, and forgets the oldest past the bound', () => {
    const calls: string[] = [];
    const upper = boundedMemo((s: string) => {
      calls.push(s);
      return s.toUpperCase();
    }, 2);
    expect([upper('a'), upper('a'), upper('b'), upper('a')]).toEqual(['A', 'A', 'B', 'A']);
    expect(calls).toEqual(['a', 'b']);
    upper('c'); // over the bound: 'a', the oldest, goes
    upper('a');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });

  it('remembers falsy answers, and does not remember a throw', () => {
    let n = 0;
    const f = boundedMemo((s: string) => {
      n++;
      if (s === 'bad') throw new RangeError(`bad ${n}`);
      return s === 'zero' ? 0 : false;
    });
    expect([f('zero'), f('zero'), f('no'), f('no')]).toEqual([0, 0, false, false]);
    expect(n).toBe(2);
    expect(() => f('bad')).toThrow('bad 3');
    expect(() => f('bad')).toThrow('bad 4');
  });
});
