import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Delta, Snapshot, Socket } from '../../../shared/model';
import { advanceMirror, bridgingDelta, follows, mirrorOf } from './resync';

function row(port: number, state: Socket['state'] = 'ESTABLISHED', txQueue = 0): Socket {
  return {
    id: `tcp|127.0.0.1:${port}|127.0.0.1:80|${port}`,
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: port,
    remoteAddress: '127.0.0.1',
    remotePort: 80,
    state,
    inode: port,
    uid: 1000,
    txQueue,
    rxQueue: 0,
    timer: null,
    owner: null,
  };
}

function snapshot(seq: number, time: number, sockets: Socket[]): Snapshot {
  return {
    seq,
    time,
    host: 'h',
    platform: 'linux',
    source: 'test',
    ephemeralRange: { low: 32768, high: 60999, source: 'default', origin: 'test' },
    sockets,
    counters: null,
    firstSeen: Object.fromEntries(sockets.map((s) => [s.id, time])),
  };
}

/** Applies a delta to a plain id → row table, as any store would. */
function apply(table: Map<string, Socket>, delta: Delta): void {
  for (const r of delta.removed) table.delete(r.id);
  for (const s of [...delta.added, ...delta.changed]) table.set(s.id, s);
}

describe('mirror and bridging delta', () => {
  it('follows the chain and bridges a gap with exact added, changed and removed rows', () => {
    const mirror = mirrorOf(snapshot(1, 1000, [row(1), row(2), row(3)]));
    const d2: Delta = {
      seq: 2, baseSeq: 1, time: 2000, added: [row(4)], removed: [{ id: row(1).id, lifetimeMs: 1000, lastState: 'ESTABLISHED' }],
      changed: [], counters: null, stats: { births: 1, deaths: 1, eventOnlyBirths: 0, kernelOpens: null, sampleMs: 1 },
    };
    expect(follows(mirror, d2)).toBe(true);
    advanceMirror(mirror, d2);
    expect(mirror.seq).toBe(2);
    expect([...mirror.rows.keys()].sort()).toEqual([row(2).id, row(3).id, row(4).id].sort());

    const fresh = snapshot(9, 5000, [row(2), row(3, 'CLOSE_WAIT'), row(5)]);
    const bridge = bridgingDelta(mirror, fresh);
    expect(bridge.baseSeq).toBe(2);
    expect(bridge.seq).toBe(9);
    expect(bridge.added.map((s) => s.localPort)).toEqual([5]);
    expect(bridge.changed.map((s) => s.localPort)).toEqual([3]);
    expect(bridge.removed).toEqual([{ id: row(4).id, lifetimeMs: 3000, lastState: 'ESTABLISHED' }]);
    expect(bridge.stats).toMatchObject({ births: 1, deaths: 1, kernelOpens: null });
  });

  it('takes any table to exactly the fresh snapshot', () => {
    const ports = fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 30 });
    fc.assert(
      fc.property(ports, ports, fc.integer({ min: 0, max: 3 }), (before, after, q) => {
        const old = snapshot(3, 1000, before.map((p) => row(p)));
        const fresh = snapshot(7, 2000, after.map((p) => row(p, 'ESTABLISHED', p % 4 === q ? 1 : 0)));
        const table = new Map(old.sockets.map((s) => [s.id, s] as const));
        apply(table, bridgingDelta(mirrorOf(old), fresh));
        expect([...table.values()].sort((a, b) => a.localPort - b.localPort)).toEqual(
          [...fresh.sockets].sort((a, b) => a.localPort - b.localPort),
        );
      }),
    );
  });
});
