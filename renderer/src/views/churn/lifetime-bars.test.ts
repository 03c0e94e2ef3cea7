import { describe, expect, it } from 'vitest';
import { axisLabel, boundText, bucketRange, lifetimeChart } from './lifetime-bars';

/** The engine's bounds (electron/core/churn/lifetime-histogram.ts): 1-2-5 steps from 1 ms to 1 h. */
const BOUNDS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000,
  3_600_000,
];

describe('lifetime bars', () => {
  it('labels each decade and the open-ended last bucket, nothing in between', () => {
    const labels = BOUNDS.map((_, i) => axisLabel(BOUNDS, i)).filter((l) => l !== '');
    expect(labels).toEqual(['1ms', '10ms', '100ms', '1s', '10s', '100s', '17m', '>33m']);
    expect(boundText(2_000_000)).toBe('33.3 min');
    const chart = lifetimeChart({ boundsMs: BOUNDS, counts: BOUNDS.map(() => 0) });
    expect(chart.bars.filter((b) => b.major && b.label !== '').map((b) => b.label)).toEqual(['1ms', '100ms', '10s', '17m']);
    expect(boundText(1500)).toBe('1.5 s');
  });

  it('says the range of each bucket, open at both ends', () => {
    expect(bucketRange(BOUNDS, 0)).toBe('≤ 1 ms');
    expect(bucketRange(BOUNDS, 4)).toBe('10–20 ms');
    expect(bucketRange(BOUNDS, 9)).toBe('500 ms – 1 s');
    expect(bucketRange(BOUNDS, 20)).toBe('> 33.3 min');
  });

  it('scales bars to the tallest, puts the below-one-tick tally first, and finds the median bucket', () => {
    const counts = BOUNDS.map(() => 0);
    counts[4] = 10;
    counts[9] = 30;
    counts[20] = 1;
    const chart = lifetimeChart({ boundsMs: BOUNDS, counts, belowOneTick: 60 });
    expect(chart.bars).toHaveLength(22);
    expect(chart.bars[0]).toMatchObject({ kind: 'below-tick', count: 60, fraction: 1, label: '<tick' });
    expect(chart.bars[1]).toMatchObject({ label: '', tip: '≤ 1 ms: 0 connections' });
    expect(chart.bars[10]).toMatchObject({ count: 30, fraction: 0.5, tip: '500 ms – 1 s: 30 connections' });
    expect(chart.bars[21]).toMatchObject({ count: 1, tip: '> 33.3 min: 1 connection', label: '>33m' });
    expect(chart.measured).toBe(41);
    expect(chart.median).toBe('500 ms – 1 s');
  });

  it('has no tick bar without destroy events, and no median without lifetimes', () => {
    const chart = lifetimeChart({ boundsMs: BOUNDS, counts: BOUNDS.map(() => 0) });
    expect(chart.bars.every((b) => b.kind === 'bucket' && b.fraction === 0)).toBe(true);
    expect(chart.belowOneTick).toBeNull();
    expect(chart.median).toBeNull();
    // A short counts array (malformed summary) reads as zeros, never as NaN.
    expect(lifetimeChart({ boundsMs: [10, 100], counts: [3] }).bars.map((b) => b.count)).toEqual([3, 0]);
  });
});
