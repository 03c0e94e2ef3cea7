/**
 * Which processes hold the most sockets and which churn the most, for the glance's two top-5
 * lists. Counts are kept incrementally per owner (pid + start time), so a ranking never rescans
 * the table, and the churn counters age out with the rate window so idle processes drop away.
 * Rows without a known owner are not ranked: "unknown" is not a process.
 */
import type { Churner } from '../../../shared/churn-model';
import type { Owner } from '../../../shared/model';
import { ownerKey } from './owner-key';
import { bucketStart } from './rate-window';

interface SocketCount {
  owner: Owner;
  sockets: number;
}

/** Current sockets per owner; an owner leaves the map with its last socket. */
export class OwnerSockets {
  private readonly byKey = new Map<string, SocketCount>();

  get size(): number {
    return this.byKey.size;
  }

  add(owner: Owner | null): void {
    if (owner === null) return;
    const key = ownerKey(owner);
    const found = this.byKey.get(key);
    if (found === undefined) this.byKey.set(key, { owner, sockets: 1 });
    else {
      found.sockets += 1;
      found.owner = owner;
    }
  }

  remove(owner: Owner | null): void {
    if (owner === null) return;
    const key = ownerKey(owner);
    const found = this.byKey.get(key);
    if (found === undefined) return;
    found.sockets -= 1;
    if (found.sockets <= 0) this.byKey.delete(key);
  }

  sockets(key: string): number {
    return this.byKey.get(key)?.sockets ?? 0;
  }

  values(): IterableIterator<SocketCount> {
    return this.byKey.values();
  }
}

interface ChurnCount {
  owner: Owner;
  births: number;
  deaths: number;
  /** Births whose owner was inferred rather than seen. */
  inferred: number;
}

function bump(map: Map<string, ChurnCount>, owner: Owner, births: number, deaths: number): void {
  const key = ownerKey(owner);
  const inferred = owner.inferred === true ? births : 0;
  const found = map.get(key);
  if (found === undefined) map.set(key, { owner, births, deaths, inferred });
  else {
    found.births += births;
    found.deaths += deaths;
    found.inferred += inferred;
    if (owner.inferred !== true || found.owner.inferred === true) found.owner = owner;
  }
}

/** Births and deaths per owner over the last windowSec seconds, kept per second so they can expire. */
export class OwnerChurn {
  private buckets: { t: number; byKey: Map<string, ChurnCount> }[] = [];
  private readonly totals = new Map<string, ChurnCount>();

  constructor(private readonly windowSec: number) {}

  /** Owners with churn in the window. */
  get size(): number {
    return this.totals.size;
  }

  /**
   * Records one tick's births and deaths by owner, after expiring seconds that fell out of the
   * window. Call it every tick, even an idle one, so counters age on time.
   */
  record(time: number, born: readonly (Owner | null)[], died: readonly (Owner | null)[]): void {
    const t = bucketStart(time);
    this.expire(t);
    if (born.every((o) => o === null) && died.every((o) => o === null)) return;
    let bucket = this.buckets.at(-1);
    if (bucket === undefined || bucket.t < t) {
      bucket = { t, byKey: new Map() };
      this.buckets.push(bucket);
    }
    for (const o of born) if (o !== null) this.add(bucket.byKey, o, 1, 0);
    for (const o of died) if (o !== null) this.add(bucket.byKey, o, 0, 1);
  }

  private add(bucket: Map<string, ChurnCount>, owner: Owner, births: number, deaths: number): void {
    bump(bucket, owner, births, deaths);
    bump(this.totals, owner, births, deaths);
  }

  private expire(t: number): void {
    const last = this.buckets.at(-1);
    const steppedBack = last !== undefined && last.t - t >= this.windowSec * 1000;
    const oldest = t - (this.windowSec - 1) * 1000;
    while (this.buckets.length > 0 && (steppedBack || (this.buckets[0]?.t ?? t) < oldest)) {
      const gone = this.buckets.shift();
      if (gone !== undefined) this.subtract(gone.byKey);
    }
  }

  private subtract(bucket: Map<string, ChurnCount>): void {
    for (const [key, c] of bucket) {
      const total = this.totals.get(key);
      if (total === undefined) continue;
      total.births -= c.births;
      total.deaths -= c.deaths;
      total.inferred -= c.inferred;
      if (total.births <= 0 && total.deaths <= 0) this.totals.delete(key);
    }
  }

  get(key: string): ChurnCount | undefined {
    return this.totals.get(key);
  }

  values(): IterableIterator<ChurnCount> {
    return this.totals.values();
  }
}

function toChurner(owner: Owner, sockets: OwnerSockets, churn: OwnerChurn): Churner {
  const key = ownerKey(owner);
  const c = churn.get(key);
  const churner = { pid: owner.pid, name: owner.name, sockets: sockets.sockets(key), births: c?.births ?? 0, deaths: c?.deaths ?? 0 };
  return c !== undefined && c.inferred > 0 ? { ...churner, inferredBirths: c.inferred } : churner;
}

function rank(list: Churner[], metric: (c: Churner) => number, n: number): Churner[] {
  return list.sort((a, b) => metric(b) - metric(a) || a.pid - b.pid).slice(0, n);
}

/** The n owners holding the most sockets right now. */
export function topBySockets(sockets: OwnerSockets, churn: OwnerChurn, n = 5): Churner[] {
  return rank([...sockets.values()].map((s) => toChurner(s.owner, sockets, churn)), (c) => c.sockets, n);
}

/** The n owners with the most births + deaths over the window. */
export function topByChurn(sockets: OwnerSockets, churn: OwnerChurn, n = 5): Churner[] {
  return rank([...churn.values()].map((c) => toChurner(c.owner, sockets, churn)), (c) => c.births + c.deaths, n);
}
