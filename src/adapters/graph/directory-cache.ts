// The directory's read cache: promises kept for GRAPH_CACHE_SECONDS by the injected clock, so
// concurrent readers share one request and a roster resolved twice asks Graph once. A failed read is
// not kept. Built on lru-cache, which also bounds how many entries a large tenant can pile up.
import { LRUCache } from 'lru-cache';

interface Entry {
  promise: Promise<unknown>;
  /** Set once the promise has resolved: what `peek` may hand out without waiting. */
  settled?: { value: unknown };
}

/** The most entries kept: a few per person (user, person, mailbox, chain) of a capped directory. */
const MAX_ENTRIES = 20_000;

export class DirectoryCache {
  private readonly entries: LRUCache<string, Entry> | null;

  constructor(ttlMs: number, now: () => number) {
    // GRAPH_CACHE_SECONDS=0 turns caching off: every read asks Graph.
    this.entries =
      ttlMs > 0
        ? new LRUCache<string, Entry>({
            max: MAX_ENTRIES,
            ttl: ttlMs,
            // Read the injected clock on every look-up (no 1 ms memo), so a test clock that jumps is seen.
            ttlResolution: 0,
            perf: { now },
          })
        : null;
  }

  /** The value for `key`: a fresh one already read (or being read), else what `load` reads. */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries?.get(key);
    if (hit) return hit.promise as Promise<T>;
    const entry: Entry = { promise: Promise.resolve() };
    entry.promise = load().then(
      (value) => {
        entry.settled = { value };
        return value;
      },
      (error: unknown) => {
        if (this.entries?.peek(key) === entry) this.entries.delete(key);
        throw error;
      },
    );
    this.entries?.set(key, entry);
    return entry.promise as Promise<T>;
  }

  /** A value already read and still fresh, without asking for it. */
  peek<T>(key: string): T | undefined {
    const settled = this.entries?.get(key, { updateAgeOnGet: false })?.settled;
    return settled ? (settled.value as T) : undefined;
  }

  /** Offers a value read another way, unless a fresh one is already there. */
  offer<T>(key: string, value: T): void {
    if (!this.entries || this.entries.has(key)) return;
    this.entries.set(key, { promise: Promise.resolve(value), settled: { value } });
  }

  clear(): void {
    this.entries?.clear();
  }
}
