import { describe, expect, it } from 'vitest';
import { createLinuxSource } from '../electron/core/sampler/linux-source';
import { holdConnections } from './holders';
import { median } from './measure';
import { targets } from './report';

describe('bench connection holders', () => {
  it('hold N connections with both ends open, owned by the two holders, and leave no TIME_WAIT', async () => {
    const held = await holdConnections(50);
    const source = createLinuxSource();
    const sample = await source.sample();
    const ours = sample.sockets.filter((s) => s.owner !== null && held.pids.includes(s.owner.pid));
    const established = ours.filter((s) => s.state === 'ESTABLISHED');
    expect(established).toHaveLength(100);
    expect(ours.filter((s) => s.state === 'LISTEN')).toHaveLength(1);
    const pairs = new Set(established.map((s) => `${s.localPort}>${s.remotePort}`));
    await held.stop();
    const after = await source.sample();
    // Exact port pairs: other work on this machine may pick up the freed ports at once.
    const leftovers = after.sockets.filter((s) => pairs.has(`${s.localPort}>${s.remotePort}`));
    expect(leftovers.map((s) => `${s.state} ${s.localPort}->${s.remotePort} ${s.owner?.pid}`)).toEqual([]);
  });
});

describe('bench arithmetic', () => {
  it('takes medians of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('checks the acceptance targets against the measured ratios', () => {
    const run = {
      sockets: 20000,
      medianMs: { ephemeraCold: 90, ephemeraSteady: 40, ephemeraNamesOn: 36, rawRead: 30, systeminformation: 400, ssTunap: 200, lsof: null },
      attributed: { ephemera: 20002, ssTunap: 20002 },
    };
    expect(targets(run)).toEqual([
      'steady >= 5x faster than systeminformation: met (10.0x)',
      'steady <= 1.6x the bare /proc read: met (1.33x)',
      'names on <= 1.25x the bare /proc read: met (1.20x; 0.90x the steady sample)',
      'steady <= 1.25x the bare /proc read (namespaces and every holder read): NOT met (1.33x)',
      'attributes >= ss -tunap: met (20002 vs 20002)',
    ]);
    const slow = { ...run, medianMs: { ...run.medianMs, ephemeraSteady: 100, ephemeraNamesOn: 100 }, attributed: { ephemera: 1, ssTunap: 2 } };
    expect(targets(slow).every((line) => line.includes('NOT met'))).toBe(true);
  });
});
