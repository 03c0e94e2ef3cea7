/**
 * A fixed-capacity buffer that overwrites its oldest item. Rate buckets and port holds arrive
 * forever; a ring keeps the newest N at a constant cost per push. Storage grows up to the capacity
 * on demand, because most of the 20,000 port rings only ever hold one or two tenancies.
 */
export class Ring<T> {
  private items: (T | undefined)[] = [];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be ≥ 1, got ${capacity}`);
  }

  get size(): number {
    return this.count;
  }

  /** Appends an item; returns the item it pushed out, if the ring was full. */
  push(item: T): T | undefined {
    if (this.count < this.capacity) {
      if (this.items.length < this.capacity) this.items.push(item);
      else this.items[(this.start + this.count) % this.capacity] = item;
      this.count += 1;
      return undefined;
    }
    const evicted = this.items[this.start];
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    return evicted;
  }

  /** The newest item, or undefined when empty. */
  last(): T | undefined {
    return this.count === 0 ? undefined : this.items[(this.start + this.count - 1) % this.capacity];
  }

  /** Items oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i += 1) out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }

  /** Empties the ring. */
  clear(): void {
    this.items = [];
    this.start = 0;
    this.count = 0;
  }
}
