import { describe, expect, it } from 'vitest';
import { frameStats, messageStats, percentile } from './frame-stats';

describe('percentile', () => {
  it('uses nearest rank', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 95)).toBe(95);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('frameStats', () => {
  it('measures gaps between timestamps and counts stalls', () => {
    const t = [0, 16, 33, 50, 150, 166];
    expect(frameStats(t)).toEqual({ frames: 5, p50: 17, p95: 100, p99: 100, max: 100, over50: 1 });
  });
});

describe('messageStats', () => {
  it('separates the snapshot result from delta events', () => {
    const snap = JSON.stringify({ t: 'result', id: 1, ok: true, response: { snapshot: { sockets: 'x'.repeat(1000) } } });
    const d1 = JSON.stringify({ t: 'event', event: 'delta', payload: { a: 'y'.repeat(50) } });
    const d2 = JSON.stringify({ t: 'event', event: 'delta', payload: { a: 'y'.repeat(150) } });
    const other = JSON.stringify({ t: 'event', event: 'churn', payload: {} });
    const stats = messageStats([snap, d1, other, d2]);
    expect(stats.snapshotBytes).toBe(snap.length);
    expect(stats.deltas).toBe(2);
    expect(stats.deltaP50).toBe(d1.length);
    expect(stats.deltaMax).toBe(d2.length);
    expect(stats.deltaToSnapshot).toBeCloseTo(d1.length / snap.length);
  });
});
