/**
 * How long connections live, on a log scale from 1 ms to 1 h. Churn is about short lives (a burst of
 * 5 ms health checks) next to long ones (a 40 min database session), so equal-width buckets would
 * hide one or the other; 1-2-5 steps per decade keep 21 readable buckets.
 */
import type { Histogram } from '../../../shared/churn-model';
import type { Owner } from '../../../shared/model';
import { LruMap } from './lru-map';
import { ownerKey } from './owner-key';

/** Upper bounds in ms: 1, 2, 5 … 500 000, 1 000 000, 2 000 000, then 1 h, which also takes anything longer. */
export const LIFETIME_BOUNDS_MS: readonly number[] = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
  1_000_000, 2_000_000, 3_600_000,
];

/** Index of the bucket a lifetime falls in: the first bound ≥ ms, or the last bucket. */
export function lifetimeBucket(ms: number): number {
  let lo = 0;
  let hi = LIFETIME_BOUNDS_MS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms <= (LIFETIME_BOUNDS_MS[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** One histogram of lifetimes. */
export class LifetimeHistogram {
  private readonly counts: number[] = LIFETIME_BOUNDS_MS.map(() => 0);
  private belowOneTick = 0;

  /** With `tallyBelowTick`, the wire shape carries the below-one-tick tally (destroy events are on). */
  constructor(private readonly tallyBelowTick = false) {}

  add(ms: number): void {
    const i = lifetimeBucket(ms);
    this.counts[i] = (this.counts[i] ?? 0) + 1;
  }

  /** Counts a connection that lived between two samples: shorter than a tick, lifetime unknown. */
  addBelowTick(): void {
    this.belowOneTick += 1;
  }

  /** A copy in the wire shape. */
  toHistogram(): Histogram {
    const h: Histogram = { boundsMs: [...LIFETIME_BOUNDS_MS], counts: [...this.counts] };
    return this.tallyBelowTick ? { ...h, belowOneTick: this.belowOneTick } : h;
  }
}

/** Lifetimes per process (pid + start time), keeping the most recently active processes only. */
export class ProcessLifetimes {
  private readonly byOwner: LruMap<string, { owner: Owner; histogram: LifetimeHistogram }>;

  constructor(
    maxProcesses: number,
    private readonly tallyBelowTick = false,
  ) {
    this.byOwner = new LruMap(maxProcesses);
  }

  get size(): number {
    return this.byOwner.size;
  }

  private histogramOf(owner: Owner): LifetimeHistogram {
    return this.byOwner.getOrCreate(ownerKey(owner), () => ({ owner, histogram: new LifetimeHistogram(this.tallyBelowTick) })).histogram;
  }

  add(owner: Owner, ms: number): void {
    this.histogramOf(owner).add(ms);
  }

  /** Counts an unseen connection of a process (its owner was inferred) as below one tick. */
  addBelowTick(owner: Owner): void {
    this.histogramOf(owner).addBelowTick();
  }

  /** The histogram of one process; without a start time, of the most recently active one with that pid. */
  get(pid: number, startTime?: number): Histogram | null {
    if (startTime !== undefined) return this.byOwner.peek(ownerKey({ pid, startTime }))?.histogram.toHistogram() ?? null;
    const match = this.byOwner.newestFirst().find(([, v]) => v.owner.pid === pid);
    return match === undefined ? null : match[1].histogram.toHistogram();
  }
}
