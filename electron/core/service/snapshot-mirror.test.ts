import { describe, expect, it } from 'vitest';
import { applyDelta } from '../../../shared/apply-delta';
import type { Delta, Snapshot, Socket, TickStats } from '../../../shared/model';
import type { CoverageContext } from '../../../shared/owner-coverage';
import { countOwnerCoverage } from '../../../shared/owner-coverage';
import { row } from '../churn/test-rows';
import type { TickMessage } from '../sampler/worker-protocol';
import { EMPTY_CHURN, emptySnapshot } from './service-defaults';
import { createSnapshotMirror, resetDelta } from './snapshot-mirror';

/** A row on local port `port`; state and queue vary so rows can differ between tables. */
const sock = (port: number, state: Socket['state'] = 'ESTABLISHED', txQueue = 0): Socket =>
  row({ lport: port, rport: 80, inode: port, state, txQueue });
const stats: TickStats = { births: 0, deaths: 0, eventOnlyBirths: 0, kernelOpens: null, sampleMs: 1 };
/** Root on Linux with inodes, nothing unreadable. */
const CTX: CoverageContext = { platform: 'linux', uid: 0, inodes: true, unreadable: [] };
const base = (): Snapshot => emptySnapshot('h', 'linux');
const snap = (seq: number, time: number, sockets: Socket[]): Snapshot => ({
  ...base(),
  seq,
  time,
  source: 'linux-procfs',
  sockets,
  firstSeen: Object.fromEntries(sockets.map((s) => [s.id, time])),
});
function tick(delta: Delta, snapshot: Snapshot | null): TickMessage {
  return { type: 'tick', source: 'linux-procfs', delta, churn: EMPTY_CHURN, errors: [], ephemeralRange: base().ephemeralRange, snapshot };
}
const engineDelta = (seq: number, time: number, part: Partial<Delta>): Delta => ({
  seq,
  baseSeq: seq - 1,
  time,
  added: [],
  removed: [],
  changed: [],
  counters: null,
  stats,
  ...part,
});

describe('resetDelta', () => {
  it('removes what vanished, adds what is new, changes only rows that differ', () => {
    const before = snap(7, 1000, [sock(1), sock(2), sock(3)]);
    const after = snap(1, 5000, [sock(2), sock(3, 'CLOSE_WAIT'), sock(4)]);
    const d = resetDelta(before, after, stats);
    expect(d.seq).toBe(8);
    expect(d.baseSeq).toBe(7);
    expect(d.added.map((s) => s.localPort)).toEqual([4]);
    expect(d.changed.map((s) => s.localPort)).toEqual([3]);
    expect(d.removed).toEqual([{ id: sock(1).id, lifetimeMs: 4000, lastState: 'ESTABLISHED' }]);
    expect(d.stats).toMatchObject({ births: 1, deaths: 1 });
    expect(applyDelta(before, d).sockets.map((s) => s.localPort).sort()).toEqual([2, 3, 4]);
  });
});

describe('createSnapshotMirror', () => {
  it('numbers a fresh thread after the mirror, maps later deltas, and survives a restart', () => {
    const mirror = createSnapshotMirror(base());
    const client = { snapshot: mirror.current() };
    const publish = (d: Delta | null) => {
      expect(d).not.toBeNull();
      client.snapshot = applyDelta(client.snapshot, d!);
    };
    // First thread: engine seq 1 is the full table.
    publish(mirror.apply(tick(engineDelta(1, 100, { added: [sock(1), sock(2)] }), snap(1, 100, [sock(1), sock(2)]))));
    publish(mirror.apply(tick(engineDelta(2, 200, { removed: [{ id: sock(1).id, lifetimeMs: 100, lastState: 'ESTABLISHED' }] }), null)));
    expect(mirror.current().seq).toBe(2);
    // The thread restarts: its engine counts from 1 again, with a different table.
    publish(mirror.apply(tick(engineDelta(1, 900, { added: [sock(2, 'ESTABLISHED', 5), sock(9)] }), snap(1, 900, [sock(2, 'ESTABLISHED', 5), sock(9)]))));
    expect(mirror.current().seq).toBe(3);
    publish(mirror.apply(tick(engineDelta(2, 1000, { added: [sock(10)] }), null)));
    expect(mirror.current().seq).toBe(4);
    expect(client.snapshot.sockets).toEqual(mirror.current().sockets);
    expect(mirror.current().sockets.map((s) => s.localPort).sort((a, b) => a - b)).toEqual([2, 9, 10]);
    // Socket 2 kept its first-seen time across the restart.
    expect(mirror.current().firstSeen[sock(2).id]).toBe(100);
  });

  it('returns null for a delta that does not follow, and rebases on a full snapshot', () => {
    const mirror = createSnapshotMirror(base());
    expect(mirror.apply(tick(engineDelta(1, 100, {}), null))).toBeNull();
    mirror.apply(tick(engineDelta(1, 100, { added: [sock(1)] }), snap(1, 100, [sock(1)])));
    expect(mirror.apply(tick(engineDelta(5, 500, {}), null))).toBeNull();
    const d = mirror.rebase(snap(5, 500, [sock(1), sock(6)]), stats);
    expect(d).toMatchObject({ seq: 2, baseSeq: 1 });
    expect(mirror.apply(tick(engineDelta(6, 600, { added: [sock(7)] }), null))).toMatchObject({ seq: 3, baseSeq: 2 });
  });
});

describe('createSnapshotMirror with TIME_WAIT remnants', () => {
  /** A remnant as the Linux reader builds it: no inode, uid or owner, a timer with its expiry. */
  const remnant = (port: number, expiresAt: number): Socket => ({
    ...row({ lport: port, rport: 80, state: 'TIME_WAIT', inode: 0 }),
    uid: null,
    timer: { kind: 'time-wait', remainingMs: 60_000, retransmits: 0, expiresAt },
  });

  it('keeps the table exactly as applyDelta would, remnants in columns, live rows as objects', () => {
    const mirror = createSnapshotMirror(base());
    let expected = snap(1, 100, [sock(1), remnant(2, 60_100), remnant(3, 60_100)]);
    mirror.apply(tick(engineDelta(1, 100, {}), expected));
    expected = { ...expected, firstSeen: mirror.current().firstSeen };
    const deltas: Delta[] = [
      engineDelta(2, 1100, { added: [remnant(4, 61_100), sock(5)], removed: [{ id: remnant(2, 0).id, lifetimeMs: 1000, lastState: 'TIME_WAIT' }] }),
      // A remnant whose TIME_WAIT restarted (new expiry), and a live row that entered TIME_WAIT with an owner still named.
      engineDelta(3, 2100, { changed: [remnant(3, 62_100), { ...sock(5), state: 'TIME_WAIT' }] }),
      engineDelta(4, 3100, { removed: [{ id: sock(1).id, lifetimeMs: 3000, lastState: 'ESTABLISHED' }], added: [remnant(6, 63_100)] }),
    ];
    for (const d of deltas) {
      const published = mirror.apply(tick(d, null))!;
      expected = applyDelta(expected, published);
      expect(mirror.current().sockets).toEqual(expected.sockets);
      expect(mirror.current().firstSeen).toEqual(expected.firstSeen);
    }
    expect(mirror.sizes()).toMatchObject({ mirrorRows: 4, mirrorCompactRows: 3, mirrorObjectRows: 1 });
    expect(mirror.coverage(CTX)).toEqual(countOwnerCoverage(expected.sockets, CTX));
    expect(mirror.coverage(CTX)).toMatchObject({ attributed: 0, total: 4, timeWait: 4 });
  });

  it('counts owners and the reasons for the rest as deltas arrive, as a full count of the table would', () => {
    const mirror = createSnapshotMirror(base());
    const owned = { ...sock(1), owner: { pid: 42, startTime: 1, name: 'node' } };
    const queued = { ...sock(7), inode: 0 };
    const theirs = { ...sock(8), uid: 1234 };
    const same = (ctx: CoverageContext): void => {
      expect(mirror.coverage(ctx)).toEqual(countOwnerCoverage(mirror.current().sockets, ctx));
      // The owned rows without building the table (the notifier's watched ports read them every tick).
      expect([...(mirror.view().owned?.() ?? [])]).toEqual(mirror.current().sockets.filter((s) => s.owner !== null));
    };
    mirror.apply(tick(engineDelta(1, 100, {}), snap(1, 100, [owned, sock(2), remnant(3, 60_000), queued, theirs])));
    expect(mirror.coverage(CTX)).toMatchObject({ attributed: 1, total: 5, timeWait: 1, acceptQueue: 1, notFound: 2 });
    same(CTX);
    mirror.apply(tick(engineDelta(2, 200, { changed: [{ ...sock(2), owner: owned.owner }, { ...queued, inode: 99 }] }), null));
    expect(mirror.coverage(CTX)).toMatchObject({ attributed: 2, total: 5, acceptQueue: 0, notFound: 2 });
    same(CTX);
    mirror.apply(tick(engineDelta(3, 300, { removed: [{ id: owned.id, lifetimeMs: 200, lastState: 'ESTABLISHED' }, { id: remnant(3, 0).id, lifetimeMs: 200, lastState: 'TIME_WAIT' }] }), null));
    expect(mirror.coverage(CTX)).toMatchObject({ attributed: 1, total: 3, timeWait: 0 });
    same(CTX);
    // Another view of the same rows (not root, no inodes; processes unreadable): counted again, once.
    const other: CoverageContext = { platform: 'linux', uid: 1000, inodes: false, unreadable: [{ pid: 9, name: 'x' }] };
    expect(mirror.coverage(other)).toMatchObject({ attributed: 1, total: 3, otherUsers: 1, unreadable: 1 });
    same(other);
    same(CTX);
  });

  it('holds 60,000 remnants in far less than their objects would take', () => {
    const mirror = createSnapshotMirror(base());
    const sockets = Array.from({ length: 60_000 }, (_, i) => remnant(1024 + i, 60_000 + i));
    mirror.apply(tick(engineDelta(1, 100, {}), snap(1, 100, sockets)));
    const sizes = mirror.sizes();
    expect(sizes['mirrorCompactRows']).toBe(60_000);
    // 32 bytes of columns a row (capacity doubles: 65,536 slots).
    expect(sizes['mirrorCompactBytes']).toBeLessThan(2.5 * 1024 * 1024);
    expect(mirror.current().sockets[59_999]).toEqual(sockets[59_999]);
  });
});
