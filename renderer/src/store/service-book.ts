/**
 * The renderer's cache of service names. The port table lives in the service; the table asks for
 * the keys its rows look up, each once: a lookup that misses records the key, the store hands out
 * the recorded keys in batches for one getServiceNames call, and what comes back (named keys only)
 * is kept. A key asked and not named is never asked again; a failed call returns its keys.
 */
import type { ServiceNames } from './table-row';

/** Names known so far, and which keys are still to ask or already asked. */
export class ServiceBook {
  private names = new Map<string, string>();
  private readonly asked = new Set<string>();
  private readonly missing = new Set<string>();

  /** The names as a read-only map (a new map after each change, so rows can be compared). */
  get known(): ServiceNames {
    return this.names;
  }

  /** The name of a key; a miss on a key not yet asked is recorded for the next batch. */
  lookup(key: string): string | undefined {
    const name = this.names.get(key);
    if (name === undefined && !this.asked.has(key)) this.missing.add(key);
    return name;
  }

  /** Up to `limit` recorded keys, now counted as asked. */
  take(limit: number): string[] {
    const out: string[] = [];
    for (const key of this.missing) {
      if (out.length >= limit) break;
      out.push(key);
    }
    for (const key of out) {
      this.missing.delete(key);
      this.asked.add(key);
    }
    return out;
  }

  /** Keys whose call failed: they are asked again with a later batch. */
  giveBack(keys: readonly string[]): void {
    for (const key of keys) {
      this.asked.delete(key);
      if (!this.names.has(key)) this.missing.add(key);
    }
  }

  /** Takes an answer; true when it named something new (the rows then need their service again). */
  receive(found: Readonly<Record<string, string>>): boolean {
    const fresh = Object.entries(found).filter(([key, name]) => this.names.get(key) !== name);
    if (fresh.length === 0) return false;
    this.names = new Map([...this.names, ...fresh]);
    return true;
  }

  /** Replaces every name (a host that hands the whole table at once). */
  replace(names: ServiceNames): void {
    this.names = new Map(names);
    for (const key of names.keys()) this.missing.delete(key);
  }

  /** Keys waiting to be asked. */
  get pending(): number {
    return this.missing.size;
  }
}
