/**
 * A lifetime histogram as bars a person can read: a short axis label at each decade (1ms, 10ms …
 * 1h+), a tooltip with the bucket's range and count, and a first bar for connections that lived
 * shorter than one tick (known only from destroy events, so they get no invented lifetime).
 */
import type { Histogram } from '../../../../shared/churn-model';
import { formatCount } from '../../../../shared/format';

/** One bar. */
export interface LifetimeBar {
  key: string;
  count: number;
  /** count / tallest bar, 0..1. */
  fraction: number;
  /** Axis text under the bar, '' where none is drawn (only decades are labelled). */
  label: string;
  /** Labels kept on a narrow chart: every other decade (1ms, 100ms, 10s, 17m). */
  major: boolean;
  tip: string;
  kind: 'below-tick' | 'bucket';
}

/** The bars plus figures for the caption. */
export interface LifetimeChart {
  bars: LifetimeBar[];
  /** Connections with a measured lifetime (the buckets). */
  measured: number;
  belowOneTick: number | null;
  /** The bucket range holding the median measured lifetime, null when none. */
  median: string | null;
}

function trim(n: number): string {
  return String(Number(n.toFixed(1)));
}

/** A bound in words: "20 ms", "5 s", "33.3 min", "1 h". */
export function boundText(ms: number): string {
  if (ms < 1000) return `${trim(ms)} ms`;
  if (ms < 60_000) return `${trim(ms / 1000)} s`;
  if (ms < 3_600_000) return `${trim(ms / 60_000)} min`;
  return `${trim(ms / 3_600_000)} h`;
}

function shortBound(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms <= 100_000) return `${ms / 1000}s`;
  return `${Math.round(ms / 60_000)}m`;
}

/** Axis text under bucket i: its bound at each decade (1ms, 10ms … 17m), ">33m" for the open-ended last, else ''. */
export function axisLabel(bounds: readonly number[], i: number): string {
  const ms = bounds[i] ?? 0;
  if (i === bounds.length - 1) return i === 0 ? 'all' : `>${shortBound(bounds[i - 1] ?? 0)}`;
  const decade = Math.log10(ms);
  return Math.abs(decade - Math.round(decade)) > 1e-9 ? '' : shortBound(ms);
}

/** The range a bucket covers: "≤ 1 ms", "10–20 ms", "> 33.3 min". */
export function bucketRange(bounds: readonly number[], i: number): string {
  const hi = bounds[i] ?? 0;
  if (i === 0) return `≤ ${boundText(hi)}`;
  const lo = bounds[i - 1] ?? 0;
  if (i === bounds.length - 1) return `> ${boundText(lo)}`;
  const [a, b] = [boundText(lo), boundText(hi)];
  const unit = (t: string): string => t.split(' ')[1] ?? '';
  return unit(a) === unit(b) ? `${a.split(' ')[0]}–${b}` : `${a} – ${b}`;
}

const plural = (n: number): string => `${formatCount(n)} connection${n === 1 ? '' : 's'}`;

/** Bars for a histogram (the summary's, or one process's). */
export function lifetimeChart(h: Histogram): LifetimeChart {
  const below = h.belowOneTick ?? null;
  const counts = h.boundsMs.map((_, i) => h.counts[i] ?? 0);
  const max = Math.max(1, below ?? 0, ...counts);
  const bars: LifetimeBar[] = [];
  if (below !== null) {
    bars.push({
      key: 'below-tick',
      count: below,
      fraction: below / max,
      label: '<tick',
      major: true,
      tip: `${plural(below)} opened and closed between two samples: seen only by destroy events, shorter than one tick`,
      kind: 'below-tick',
    });
  }
  h.boundsMs.forEach((ms, i) => {
    const count = counts[i] ?? 0;
    bars.push({
      key: String(ms),
      count,
      fraction: count / max,
      // Beside the '<tick' bar there is no room for '1ms': the tooltip keeps the range.
      label: i === 0 && below !== null ? '' : axisLabel(h.boundsMs, i),
      major: Math.round(Math.log10(ms)) % 2 === 0 && i < h.boundsMs.length - 1,
      tip: `${bucketRange(h.boundsMs, i)}: ${plural(count)}`,
      kind: 'bucket',
    });
  });
  const measured = counts.reduce((a, b) => a + b, 0);
  return { bars, measured, belowOneTick: below, median: medianRange(h.boundsMs, counts, measured) };
}

function medianRange(bounds: readonly number[], counts: readonly number[], total: number): string | null {
  if (total === 0) return null;
  let seen = 0;
  for (let i = 0; i < counts.length; i += 1) {
    seen += counts[i] ?? 0;
    if (seen * 2 >= total) return bucketRange(bounds, i);
  }
  return null;
}
