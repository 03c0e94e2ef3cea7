import { describe, expect, it } from 'vitest';
import { churnSeries } from './churn-series';

describe('churnSeries', () => {
  it('aligns the three lines on seconds and totals the window', () => {
    const s = churnSeries([
      { t: 1_000_000, births: 3, deaths: 1, kernelOpens: null },
      { t: 1_001_000, births: 2, deaths: 4, kernelOpens: 7 },
    ]);
    expect(s.x).toEqual([1000, 1001]);
    expect(s.kernel).toEqual([null, 7]);
    expect(s.totals).toEqual({ births: 5, deaths: 5, kernel: 7 });
  });

  it('keeps only the window and says kernel unknown when no bucket had counters', () => {
    const buckets = Array.from({ length: 400 }, (_, i) => ({ t: i * 1000, births: 1, deaths: 0, kernelOpens: null }));
    const s = churnSeries(buckets);
    expect(s.x).toHaveLength(300);
    expect(s.x[0]).toBe(100);
    expect(s.totals).toEqual({ births: 300, deaths: 0, kernel: null });
  });
});
