// A bounded memo for the calendar's pure functions. A server asks about the same few hundred dates
// and instants thousands of times a minute (every deadline schedule, every view), and each answer
// from luxon in Europe/London costs an Intl call; the answers never change, so keep recent ones.
// Bounded (oldest out first) so a long-running process does not grow without limit.
export function boundedMemo<A extends string, R>(fn: (arg: A) => R, maxEntries = 4096): (arg: A) => R {
  const memo = new Map<string, R>();
  return (arg: A): R => {
    const hit = memo.get(arg);
    if (hit !== undefined || memo.has(arg)) return hit as R;
    const value = fn(arg); // a throw is not remembered: bad input is rare and must keep its message
    if (memo.size >= maxEntries) memo.delete(memo.keys().next().value as string);
    memo.set(arg, value);
    return value;
  };
}
