import { describe, expect, it } from 'vitest';
import { HistogramSchema } from '../../../shared/churn-model';
import { LIFETIME_BOUNDS_MS, LifetimeHistogram, ProcessLifetimes, lifetimeBucket } from './lifetime-histogram';
import { owner } from './test-rows';

describe('lifetime buckets', () => {
  it('puts a lifetime in the first bucket whose upper bound holds it', () => {
    expect(lifetimeBucket(0)).toBe(0);
    expect(lifetimeBucket(1)).toBe(0);
    expect(lifetimeBucket(1.5)).toBe(1);
    expect(lifetimeBucket(5)).toBe(2);
    expect(lifetimeBucket(6)).toBe(3);
    expect(lifetimeBucket(60_000)).toBe(LIFETIME_BOUNDS_MS.indexOf(100_000));
    expect(lifetimeBucket(3_600_000)).toBe(LIFETIME_BOUNDS_MS.length - 1);
    expect(lifetimeBucket(86_400_000)).toBe(LIFETIME_BOUNDS_MS.length - 1);
  });

  it('agrees with a linear scan for every bound and its neighbours', () => {
    for (const b of LIFETIME_BOUNDS_MS) {
      for (const ms of [b - 0.5, b, b + 0.5]) {
        const linear = LIFETIME_BOUNDS_MS.findIndex((x) => ms <= x);
        expect(lifetimeBucket(ms)).toBe(linear === -1 ? LIFETIME_BOUNDS_MS.length - 1 : linear);
      }
    }
  });

  it('has strictly increasing bounds from 1 ms to 1 h', () => {
    expect(LIFETIME_BOUNDS_MS[0]).toBe(1);
    expect(LIFETIME_BOUNDS_MS.at(-1)).toBe(3_600_000);
    for (let i = 1; i < LIFETIME_BOUNDS_MS.length; i += 1) {
      expect(LIFETIME_BOUNDS_MS[i] as number).toBeGreaterThan(LIFETIME_BOUNDS_MS[i - 1] as number);
    }
  });
});

describe('LifetimeHistogram', () => {
  it('counts lifetimes into a schema-valid histogram', () => {
    const h = new LifetimeHistogram();
    for (const ms of [3, 4, 1000, 7_200_000]) h.add(ms);
    const out = HistogramSchema.parse(h.toHistogram());
    expect(out.counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(out.counts[2]).toBe(2);
    expect(out.counts[9]).toBe(1);
    expect(out.counts.at(-1)).toBe(1);
  });
});

describe('ProcessLifetimes', () => {
  it('keeps a reused pid apart by start time', () => {
    const p = new ProcessLifetimes(4);
    p.add(owner(42, 'old', 100), 10);
    p.add(owner(42, 'new', 200), 5000);
    expect(p.get(42, 100)?.counts[3]).toBe(1);
    expect(p.get(42, 200)?.counts[11]).toBe(1);
    expect(p.get(42)?.counts[11]).toBe(1);
    expect(p.get(43)).toBeNull();
  });

  it('forgets the least recently active process beyond its cap', () => {
    const p = new ProcessLifetimes(256);
    for (let pid = 1; pid <= 2560; pid += 1) p.add(owner(pid, `p${pid}`), 1);
    expect(p.size).toBe(256);
    expect(p.get(1)).toBeNull();
    expect(p.get(2560)).not.toBeNull();
  });
});
