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

  constructor(readonly windowSec: number) {
    this.ring = new Ring<RateBucket>(windowSec);
  }

  /**
   * Adds one tick's figures to the bucket of `time`. Seconds skipped since the last tick become
   * zero buckets (kernelOpens 0 when this tick has counters, else null: the kernel's count for the
   * gap lands in this tick's bucket). A time in an older second (clock set back) is added to the
   * newest bucket; one more than a window back restarts the history.
   */
  add(time: number, births: number, deaths: number, kernelOpens: number | null): void {
    const t = bucketStart(time);
    const last = this.ring.last();
    if (last !== undefined && t <= last.t && last.t - t < this.windowSec * 1000) {
      last.births += births;
      last.deaths += deaths;
      last.kernelOpens = addNullable(last.kernelOpens, kernelOpens);
      return;
    }
    if (last !== undefined && t > last.t) this.fillGap(last.t, t, kernelOpens === null ? null : 0);
    else if (last !== undefined) this.ring.clear();
    this.ring.push({ t, births, deaths, kernelOpens });
  }

  private fillGap(lastT: number, t: number, kernelOpens: number | null): void {
    const from = Math.max(lastT + 1000, t - (this.windowSec - 1) * 1000);
    for (let g = from; g < t; g += 1000) this.ring.push({ t: g, births: 0, deaths: 0, kernelOpens });
  }

  /** Buckets oldest first, as copies. */
  buckets(): RateBucket[] {
    return this.ring.toArray().map((b) => ({ ...b }));
  }
}
