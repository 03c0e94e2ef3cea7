import { describe, expect, it } from 'vitest';
import { timerRemainingMs } from '../../shared/socket-timer';
import { measureTimeWaitDelta } from './time-wait-table';

describe('deltas at 60,000 TIME_WAIT rows with 1% change', () => {
  it('carry the changed rows only, never the countdown, and stay under 3% of the snapshot', async () => {
    const started = Date.now();
    const r = await measureTimeWaitDelta(60_000, 0.01, 3, 500);
    // 600 rows left and 600 new ones came; the 59,400 others only counted down.
    expect(r.delta.added).toHaveLength(600);
    expect(r.delta.removed).toHaveLength(600);
    expect(r.delta.changed).toHaveLength(0);
    expect(r.snapshot.sockets).toHaveLength(60_000);
    expect(r.ratio).toBeLessThanOrEqual(0.03);
    expect(r.printSkewMs).toBeLessThanOrEqual(50);
    // The time left is still right when derived at the snapshot's time: rows were given 30-60 s.
    const elapsed = r.snapshot.time - started;
    for (const s of r.snapshot.sockets.slice(0, 100)) {
      const left = timerRemainingMs(s.timer!, r.snapshot.time);
      expect(left).toBeGreaterThan(30_000 - elapsed - 500);
      expect(left).toBeLessThanOrEqual(60_000);
    }
  }, 60_000);
});
