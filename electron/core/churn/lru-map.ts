/**
 * A Map with a size cap that drops the least recently touched entry first. The churn engine keys
 * per-port history and per-process lifetimes by values the OS keeps inventing (ports, pids), so
 * every such map needs a cap that forgets the quiet ones instead of growing for the life of the app.
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LRU capacity must be ≥ 1, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Reads an entry and marks it as most recently used. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Reads an entry without changing its place. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Stores an entry as most recently used, evicting the least recently used beyond the cap. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** Returns the entry for key, creating it with make() when absent; either way it becomes most recent. */
  getOrCreate(key: K, make: () => V): V {
    const found = this.get(key);
    if (found !== undefined) return found;
    const made = make();
    this.set(key, made);
    return made;
  }

  /** Entries from most to least recently used. */
  newestFirst(): [K, V][] {
    return [...this.entries].reverse();
  }
}
