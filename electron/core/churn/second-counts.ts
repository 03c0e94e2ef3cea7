/**
 * Counts per second over a fixed window in a fixed array: each slot remembers which second it
 * holds, so a slot from a second that left the window reads as zero without any sweep. A
 * destination keeps one of these, and so does each of its callers, at 2 × 60 numbers each.
 */
export class SecondCounts {
  private readonly counts: Float64Array;
  private readonly stamps: Float64Array;

  constructor(readonly windowSec: number) {
    this.counts = new Float64Array(windowSec);
    this.stamps = new Float64Array(windowSec).fill(-1);
  }

  /** Adds n to the second `sec` (epoch seconds). */
  add(sec: number, n: number): void {
    const i = sec % this.windowSec;
    if (this.stamps[i] !== sec) {
      this.stamps[i] = sec;
      this.counts[i] = 0;
    }
    this.counts[i] = (this.counts[i] ?? 0) + n;
  }

  /** The sum over the window ending with second `nowSec`. */
  sum(nowSec: number): number {
    let total = 0;
    for (let i = 0; i < this.windowSec; i += 1) {
      const stamp = this.stamps[i] ?? -1;
      if (stamp > nowSec - this.windowSec && stamp <= nowSec) total += this.counts[i] ?? 0;
    }
    return total;
  }

  /** One value per second of the window ending with `nowSec`, oldest first. */
  series(nowSec: number): number[] {
    const out: number[] = [];
    for (let sec = nowSec - this.windowSec + 1; sec <= nowSec; sec += 1) {
      const i = ((sec % this.windowSec) + this.windowSec) % this.windowSec;
      out.push(this.stamps[i] === sec ? (this.counts[i] ?? 0) : 0);
    }
    return out;
  }
}
