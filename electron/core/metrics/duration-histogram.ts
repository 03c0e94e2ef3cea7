/**
 * A fixed-bucket histogram of sample durations, fed one tick at a time. The status only keeps
 * the last sample's duration; Prometheus wants the distribution, and fixed buckets keep the
 * memory constant however long the host runs.
 */
import type { HistogramData } from './prom-text';

/** Bucket bounds in seconds: 1 ms to 10 s, roughly 1-2.5-5 per decade. */
export const SAMPLE_DURATION_BOUNDS_S: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** A histogram that can be observed into and read. */
export interface DurationHistogram {
  observe(seconds: number): void;
  data(): HistogramData;
}

/** Creates an empty histogram over ascending bounds; non-finite or negative observations are ignored. */
export function createDurationHistogram(bounds: readonly number[] = SAMPLE_DURATION_BOUNDS_S): DurationHistogram {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  let sum = 0;
  return {
    observe(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) return;
      let i = bounds.findIndex((b) => seconds <= b);
      if (i < 0) i = bounds.length;
      counts[i] = (counts[i] ?? 0) + 1;
      sum += seconds;
    },
    data: () => ({ bounds, counts: [...counts], sum }),
  };
}
