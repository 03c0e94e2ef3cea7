import { describe, expect, it } from 'vitest';
import { RateWindow, bucketStart } from './rate-window';

describe('RateWindow', () => {
  it('aligns buckets to whole seconds and sums ticks that share one', () => {
    const w = new RateWindow(300);
    w.add(10_100, 1, 0, 2);
    w.add(10_900, 2, 1, null);
    expect(bucketStart(10_999)).toBe(10_000);
    expect(w.buckets()).toEqual([{ t: 10_000, births: 3, deaths: 1, kernelOpens: 2 }]);
  });

  it('fills skipped seconds with zero buckets so the x axis is honest', () => {
    const w = new RateWindow(300);
    w.add(1_000, 1, 0, 1);
    w.add(4_500, 2, 2, 5);
    expect(w.buckets()).toEqual([
      { t: 1_000, births: 1, deaths: 0, kernelOpens: 1 },
      { t: 2_000, births: 0, deaths: 0, kernelOpens: 0 },
      { t: 3_000, births: 0, deaths: 0, kernelOpens: 0 },
      { t: 4_000, births: 2, deaths: 2, kernelOpens: 5 },
    ]);
  });

  it('marks gap buckets as unknown kernel opens when the tick has no counters', () => {
    const w = new RateWindow(300);
    w.add(1_000, 0, 0, null);
    w.add(3_000, 0, 0, null);
    expect(w.buckets().map((b) => b.kernelOpens)).toEqual([null, null, null]);
  });

  it('stays within the window after ten windows of ticks and across a long gap', () => {
    const w = new RateWindow(30);
    for (let s = 0; s < 300; s += 1) w.add(s * 1000, 1, 1, 0);
    expect(w.buckets()).toHaveLength(30);
    expect(w.buckets()[0]?.t).toBe(270_000);
    w.add(10_000_000, 4, 0, 0);
    const b = w.buckets();
    expect(b).toHaveLength(30);
    expect(b[29]).toEqual({ t: 10_000_000, births: 4, deaths: 0, kernelOpens: 0 });
    expect(b[0]?.t).toBe(10_000_000 - 29_000);
    expect(b.slice(0, 29).every((x) => x.births === 0)).toBe(true);
  });

  it('adds a slightly late tick to the newest bucket and restarts after a big clock step back', () => {
    const w = new RateWindow(10);
    w.add(50_000, 1, 0, null);
    w.add(49_000, 1, 0, null);
    expect(w.buckets()).toEqual([{ t: 50_000, births: 2, deaths: 0, kernelOpens: null }]);
    w.add(1_000, 3, 0, null);
    expect(w.buckets()).toEqual([{ t: 1_000, births: 3, deaths: 0, kernelOpens: null }]);
  });

  it('hands out copies', () => {
    const w = new RateWindow(5);
    w.add(0, 1, 0, null);
    const first = w.buckets()[0];
    if (first) first.births = 99;
    expect(w.buckets()[0]?.births).toBe(1);
  });
});
