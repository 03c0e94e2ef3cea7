/**
 * Counts per second over a fixed window in a fixed array: each slot remembers which second it
 * holds, so a slot from a second that left the window reads as zero without any sweep. A
 * destination keeps one of these, and so does each of its callers; the arrays are made on the
 * first count, so the thousands of destinations that only hold long-lived connections cost none.
 */
export class SecondCounts {
  private counts: Float64Array | null = null;
  private stamps: Float64Array | null = null;

  constructor(readonly windowSec: number) {}

  /** Adds n to the second `sec` (epoch seconds). */
  add(sec: number, n: number): void {
    this.counts ??= new Float64Array(this.windowSec);
    this.stamps ??= new Float64Array(this.windowSec).fill(-1);
    const i = sec % this.windowSec;
    if (this.stamps[i] !== sec) {
      this.stamps[i] = sec;
      this.counts[i] = 0;
    }
    this.counts[i] = (this.counts[i] ?? 0) + n;
  }

  /** The sum over the window ending with second `nowSec`. */
  sum(nowSec: number): number {
    const { counts, stamps } = this;
    if (counts === null || stamps === null) return 0;
    let total = 0;
    for (let i = 0; i < this.windowSec; i += 1) {
      const stamp = stamps[i] ?? -1;
      if (stamp > nowSec - this.windowSec && stamp <= nowSec) total += counts[i] ?? 0;
    }
    return total;
  }

  /** One value per second of the window ending with `nowSec`, oldest first. */
  series(nowSec: number): number[] {
    const out: number[] = [];
    for (let sec = nowSec - this.windowSec + 1; sec <= nowSec; sec += 1) {
      const i = ((sec % this.windowSec) + this.windowSec) % this.windowSec;
      out.push(this.stamps !== null && this.stamps[i] === sec ? (this.counts?.[i] ?? 0) : 0);
    }
    return out;
  }
}
