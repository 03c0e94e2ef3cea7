import { describe, expect, it } from 'vitest';
import type { Delta } from '../../shared/model';
import { owner, row } from '../core/churn/test-rows';
import { HOLD_BYTES_CAP, heldBytes } from './ws-session';

describe('heldBytes', () => {
  it('estimates a delta within a factor of two of its JSON, so the hold cap is a cap in bytes', () => {
    const sockets = Array.from({ length: 1000 }, (_, i) => row({ lport: 30000 + i, remote: '10.1.2.3', rport: 443, inode: 5000 + i, owner: owner(1234, 'node') }));
    const delta: Delta = {
      seq: 2,
      baseSeq: 1,
      time: 1_700_000_000_000,
      added: sockets.slice(0, 400),
      changed: sockets.slice(400, 600),
      removed: sockets.slice(600).map((s) => ({ id: s.id, lifetimeMs: 1234, lastState: 'TIME_WAIT' })),
      counters: { activeOpens: 1, passiveOpens: 2, currEstab: 3, timeWait: 4 },
      stats: { births: 400, deaths: 400, eventOnlyBirths: 0, kernelOpens: 800, sampleMs: 12 },
    };
    const real = JSON.stringify({ t: 'event', event: 'delta', payload: delta }).length;
    const estimate = heldBytes('delta', delta);
    expect(estimate).toBeGreaterThan(real / 2);
    expect(estimate).toBeLessThan(real * 2);
    // About 30,000 such rows fit the hold queue, never an unbounded number.
    expect(HOLD_BYTES_CAP / heldBytes('delta', { added: [{}], changed: [], removed: [] })).toBeLessThan(30_000);
  });
});
