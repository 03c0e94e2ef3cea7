/**
 * A Map with a size cap that drops the least recently touched entry first. The churn engine keys
 * per-port history and per-process lifetimes by values the OS keeps inventing (ports, pids), so
 * every such map needs a cap that forgets the quiet ones instead of growing for the life of the app.
 *
 * Recency is a doubly linked list beside the Map, not Map insertion order: re-inserting to touch
 * and `keys().next()` to evict leave deleted slots at the front of V8's table that every eviction
 * walks again, which measured 2.5 ms a tick at 20,000 ports.
 */
interface Node<K, V> {
  key: K;
  value: V;
  newer: Node<K, V> | null;
  older: Node<K, V> | null;
}

export class LruMap<K, V> {
  private readonly nodes = new Map<K, Node<K, V>>();
  private newest: Node<K, V> | null = null;
  private oldest: Node<K, V> | null = null;

  /** `onEvict` hears every entry the cap (or evictOldest) drops, so a caller can keep byte counts. */
  constructor(
    readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LRU capacity must be ≥ 1, got ${capacity}`);
  }

  get size(): number {
    return this.nodes.size;
  }

  /** Reads an entry and marks it as most recently used. */
  get(key: K): V | undefined {
    const node = this.nodes.get(key);
    if (node === undefined) return undefined;
    this.unlink(node);
    this.pushNewest(node);
    return node.value;
  }

  /** Reads an entry without changing its place. */
  peek(key: K): V | undefined {
    return this.nodes.get(key)?.value;
  }

  /** Stores an entry as most recently used, evicting the least recently used beyond the cap. */
  set(key: K, value: V): void {
    const found = this.nodes.get(key);
    if (found !== undefined) {
      found.value = value;
      this.unlink(found);
      this.pushNewest(found);
      return;
    }
    const node: Node<K, V> = { key, value, newer: null, older: null };
    this.nodes.set(key, node);
    this.pushNewest(node);
    if (this.nodes.size > this.capacity) this.evictOldest();
  }

  /** Drops the least recently used entry; returns it, or undefined when empty. */
  evictOldest(): [K, V] | undefined {
    const gone = this.oldest;
    if (gone === null) return undefined;
    this.unlink(gone);
    this.nodes.delete(gone.key);
    this.onEvict?.(gone.key, gone.value);
    return [gone.key, gone.value];
  }

  /** The least recently used entry without touching it. */
  peekOldest(): [K, V] | undefined {
    return this.oldest === null ? undefined : [this.oldest.key, this.oldest.value];
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
    const out: [K, V][] = [];
    for (let n = this.newest; n !== null; n = n.older) out.push([n.key, n.value]);
    return out;
  }

  private unlink(node: Node<K, V>): void {
    if (node.newer !== null) node.newer.older = node.older;
    else this.newest = node.older;
    if (node.older !== null) node.older.newer = node.newer;
    else this.oldest = node.newer;
    node.newer = null;
    node.older = null;
  }

  private pushNewest(node: Node<K, V>): void {
    node.older = this.newest;
    if (this.newest !== null) this.newest.newer = node;
    this.newest = node;
    if (this.oldest === null) this.oldest = node;
  }
}
