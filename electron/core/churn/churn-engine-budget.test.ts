import { describe, expect, it } from 'vitest';
import { createChurnEngine } from './churn-engine';
import { HOLD_BYTES } from './port-history';
import { META, row, sample } from './test-rows';

describe('the churn engine under its history budget', () => {
  it('trims the port history when asked to shrink, and says how far back it reaches, once per change', () => {
    const engine = createChurnEngine(META);
    // Halve the 8 MB budget down to its floor (one ring of 16 holds).
    while (engine.shrink()) {
      // keep halving
    }
    expect(engine.sizes()['portHistoryBytes']).toBeLessThanOrEqual(16 * HOLD_BYTES);
    expect(engine.notices()).toEqual([]);
    // Connections on 100 ports a second, each living one second, for 30 seconds.
    for (let t = 0; t < 30; t += 1) {
      const sockets = Array.from({ length: 100 }, (_, i) => row({ lport: 40000 + ((t * 100 + i) % 20000), rport: 443, inode: 1 + t * 100 + i }));
      engine.ingest(sample(1_000_000 + t * 1000, sockets));
    }
    const sizes = engine.sizes();
    expect(sizes['portHistoryHolds']).toBeLessThanOrEqual(16);
    const words = engine.notices();
    expect(words).toHaveLength(1);
    expect(words[0]).toMatch(/^port history trimmed to the last \d+ s to stay under 4 KB$/);
    // Said once: the same reach is not repeated.
    expect(engine.notices()).toEqual([]);
    expect(engine.shrink()).toBe(false);
  });
});
