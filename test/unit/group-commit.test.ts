// The outbox worker records deliveries with groupCommit: these are the guarantees it relies on.
import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../src/app/group-commit.ts';

/** A write that waits until the test lets it finish, recording what each call carried. */
function heldWrites() {
  const calls: { items: number[]; finish: (error?: Error) => void }[] = [];
  const write = (items: number[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ items, finish: (error) => (error ? reject(error) : resolve()) });
    });
  return { calls, write };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('groupCommit', () => {
  it('writes the first item at once, and everything handed in meanwhile in the next single write', async () => {
    const { calls, write } = heldWrites();
    const add = groupCommit(write);
    const settled: number[] = [];
    const done = [1, 2, 3, 4].map((n) => add(n).then(() => settled.push(n)));
    expect(calls.map((c) => c.items)).toEqual([[1]]);

    calls[0]!.finish();
    await tick();
    expect(settled).toEqual([1]); // 2 to 4 are not written yet, so not reported as written
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);

    calls[1]!.finish();
    await Promise.all(done);
    expect(settled).toEqual([1, 2, 3, 4]);
    expect(calls).toHaveLength(2);
  });

  it('fails exactly the items of a failed write, and goes on writing the ones after', async () => {
    const { calls, write } = heldWrites();
    const add = groupCommit(write);
    const first = add(1);
    const second = add(2);
    calls[0]!.finish(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1], [2]]);
    calls[1]!.finish();
    await expect(second).resolves.toBeUndefined();
    const third = add(3); // idle again: written at once
    expect(calls.map((c) => c.items)).toEqual([[1], [2], [3]]);
    calls[2]!.finish();
    await expect(third).resolves.toBeUndefined();
  });
});
