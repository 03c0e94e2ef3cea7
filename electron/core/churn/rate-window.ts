/**
 * Births, deaths and kernel opens per second over a sliding window, for the churn chart and the
 * glance's "last 60 s" figures. Seconds with no tick are stored as zero buckets so the chart's x
 * axis is time, not tick count; the ring caps memory at one bucket per second of window.
 */
import type { RateBucket } from '../../../shared/churn-model';
import { Ring } from './ring';

/** Start of the 1 s bucket that holds an epoch-ms time. */
export function bucketStart(time: number): number {
  return Math.floor(time / 1000) * 1000;
}

function addNullable(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : a + b;
}

/** The per-second rate history. */
export class RateWindow {
  private readonly ring: Ring<RateBucket>;

  /** With `withEvents`, every bucket carries eventOnlyBirths (destroy events are on). */
  constructor(
    readonly windowSec: number,
    private readonly withEvents = false,
  ) {
    this.ring = new Ring<RateBucket>(windowSec);
  }

  private bucket(t: number, births: number, deaths: number, kernelOpens: number | null, eventOnly: number): RateBucket {
    return this.withEvents ? { t, births, deaths, kernelOpens, eventOnlyBirths: eventOnly } : { t, births, deaths, kernelOpens };
  }

  /**
   * Adds one tick's figures to the bucket of `time`. Seconds skipped since the last tick become
   * zero buckets (kernelOpens 0 when this tick has counters, else null: the kernel's count for the
   * gap lands in this tick's bucket). A time in an older second (clock set back) is added to the
   * newest bucket; one more than a window back restarts the history.
   */
  add(time: number, births: number, deaths: number, kernelOpens: number | null, eventOnlyBirths = 0): void {
    const t = bucketStart(time);
    const last = this.ring.last();
    if (last !== undefined && t <= last.t && last.t - t < this.windowSec * 1000) {
      last.births += births;
      last.deaths += deaths;
      last.kernelOpens = addNullable(last.kernelOpens, kernelOpens);
      if (last.eventOnlyBirths !== undefined) last.eventOnlyBirths += eventOnlyBirths;
      return;
    }
    if (last !== undefined && t > last.t) this.fillGap(last.t, t, kernelOpens === null ? null : 0);
    else if (last !== undefined) this.ring.clear();
    this.ring.push(this.bucket(t, births, deaths, kernelOpens, eventOnlyBirths));
  }

  private fillGap(lastT: number, t: number, kernelOpens: number | null): void {
    const from = Math.max(lastT + 1000, t - (this.windowSec - 1) * 1000);
    for (let g = from; g < t; g += 1000) this.ring.push(this.bucket(g, 0, 0, kernelOpens, 0));
  }

  /** Buckets oldest first, as copies. */
  buckets(): RateBucket[] {
    return this.ring.toArray().map((b) => ({ ...b }));
  }
}
