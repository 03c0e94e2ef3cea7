import { describe, expect, it } from 'vitest';
import { testSocket } from '../../../../shared/filter-fixtures';
import type { RateBucket } from '../../../../shared/churn-model';
import { createOccupancy, holdPort } from '../../store/port-occupancy';
import { churnWindow, occupancyOf, rankStates } from './glance-stats';

const bucket = (t: number, births: number, deaths: number, kernelOpens: number | null = null): RateBucket => ({
  t,
  births,
  deaths,
  kernelOpens,
});

describe('glance figures', () => {
  it('ranks states, most common first, ties by name', () => {
    const counts = new Map([
      ['LISTEN', 1],
      ['TIME_WAIT', 2],
      ['ESTABLISHED', 2],
    ] as const);
    expect(rankStates(counts)).toEqual([
      { state: 'ESTABLISHED', count: 2 },
      { state: 'TIME_WAIT', count: 2 },
      { state: 'LISTEN', count: 1 },
    ]);
  });

  it('counts distinct held ports against the range size', () => {
    const occ = createOccupancy();
    [32768, 32768, 40000, 61000].forEach((p, i) => holdPort(occ, testSocket({ localPort: p, inode: i + 1 })));
    expect(occupancyOf(occ, { low: 32768, high: 60999 })).toEqual({ held: 2, size: 28232, fraction: 2 / 28232 });
    expect(occupancyOf(occ, { low: 10, high: 5 })).toEqual({ held: 0, size: 0, fraction: 0 });
  });

  it('sums the last 60 s and takes the rate from the newest full second', () => {
    const t0 = 1_000_000;
    const buckets = Array.from({ length: 70 }, (_, i) => bucket(t0 + i * 1000, 1, 2, 3));
    buckets.push(bucket(t0 + 70_000, 9, 9, 9));
    const w = churnWindow(buckets, t0 + 70_400);
    expect(w.birthsPerSec).toBe(1);
    expect(w.deathsPerSec).toBe(2);
    expect(w.births60).toBe(59 + 9);
    expect(w.deaths60).toBe(59 * 2 + 9);
    expect(w.birthSeries).toHaveLength(60);
  });

  it('has no rate before a full second, and nothing before any bucket', () => {
    expect(churnWindow([bucket(0, 5, 0)], 2000)).toMatchObject({ birthsPerSec: 5 });
    expect(churnWindow([bucket(0, 5, 0, 2)], 500)).toMatchObject({ births60: 5, birthsPerSec: null });
    expect(churnWindow([], 0)).toMatchObject({ births60: 0, birthsPerSec: null, birthSeries: [] });
  });
});
