/**
 * The renderer's host names (issue 13): what the service found for remote addresses, keyed the
 * way the service keys them (shared/address-key), so `::ffff:10.0.0.5` finds the name of
 * `10.0.0.5`. Names arrive by event, never waited for; with "Resolve names" off none is given.
 */
import { canonicalAddress } from '../../../shared/address-key';

/** Most distinct addresses kept; past it the oldest go (the service keeps the real cache). */
const LIMIT = 50_000;

/** Names by canonical address, plus whether they are shown. */
export class HostNameBook {
  private readonly names = new Map<string, string>();
  private readonly keys = new Map<string, string | null>();
  /** Whether names are shown: the service's "Resolve names" setting. */
  resolving = true;

  /** The name of an address when one is known and names are on, else null. */
  nameOf(address: string): string | null {
    if (!this.resolving || this.names.size === 0) return null;
    let key = this.keys.get(address);
    if (key === undefined) {
      key = canonicalAddress(address);
      if (this.keys.size >= LIMIT) this.keys.clear();
      this.keys.set(address, key);
    }
    return key === null ? null : (this.names.get(key) ?? null);
  }

  /** Takes names (address → name, in any spelling); true when one is new. */
  receive(found: Readonly<Record<string, string>>): boolean {
    let fresh = false;
    for (const [address, name] of Object.entries(found)) {
      const key = canonicalAddress(address);
      if (key === null || this.names.get(key) === name) continue;
      if (this.names.size >= LIMIT) this.names.delete(this.names.keys().next().value ?? '');
      this.names.set(key, name);
      fresh = true;
    }
    return fresh;
  }
}
