/**
 * Turns churn buckets into the chart's columns (uPlot's aligned arrays: x in seconds, then one
 * array per line) and the totals the chart exposes as data-* attributes.
 */
import type { RateBucket } from '../../../../shared/churn-model';

/** Chart columns and window totals. */
export interface ChurnSeries {
  /** Bucket start times in Unix seconds. */
  x: number[];
  births: number[];
  deaths: number[];
  /** Kernel-counted opens; null marks seconds without counters (a gap in the line). */
  kernel: Array<number | null>;
  totals: { births: number; deaths: number; kernel: number | null };
}

/** Columns for the last `windowSec` seconds of buckets (default 5 minutes). */
export function churnSeries(buckets: readonly RateBucket[], windowSec = 300): ChurnSeries {
  const shown = buckets.slice(-windowSec);
  const totals = { births: 0, deaths: 0, kernel: null as number | null };
  for (const b of shown) {
    totals.births += b.births;
    totals.deaths += b.deaths;
    if (b.kernelOpens !== null) totals.kernel = (totals.kernel ?? 0) + b.kernelOpens;
  }
  return {
    x: shown.map((b) => b.t / 1000),
    births: shown.map((b) => b.births),
    deaths: shown.map((b) => b.deaths),
    kernel: shown.map((b) => b.kernelOpens),
    totals,
  };
}
