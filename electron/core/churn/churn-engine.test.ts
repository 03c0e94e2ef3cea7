import { describe, expect, it } from 'vitest';
import { ChurnSummarySchema, PortHoldSchema } from '../../../shared/churn-model';
import { DeltaSchema, SnapshotSchema, type Socket } from '../../../shared/model';
import { applyDelta } from '../../../shared/apply-delta';
import { createChurnEngine } from './churn-engine';
import { lifetimeBucket } from './lifetime-histogram';
import { META, counters, owner, row, sample } from './test-rows';

const curl = owner(300, 'curl');
const est = row({ lport: 45000, remote: '10.0.0.1', rport: 443, inode: 777, owner: curl });
const tw = { ...row({ lport: 45000, remote: '10.0.0.1', rport: 443 }), state: 'TIME_WAIT' as const };
const sshd = row({ lport: 22, state: 'LISTEN', inode: 5, owner: owner(1, 'sshd') });

function bucketCount(counts: number[] | undefined, ms: number): number {
  return counts?.[lifetimeBucket(ms)] ?? -1;
}

describe('createChurnEngine: table and deltas', () => {
  it('starts at seq 0 with an empty snapshot carrying the meta', () => {
    const snap = createChurnEngine(META).snapshot();
    expect(SnapshotSchema.parse(snap)).toEqual({
      seq: 0,
      time: 0,
      host: 'test-host',
      platform: 'linux',
      source: 'test',
      ephemeralRange: META.ephemeralRange,
      sockets: [],
      counters: null,
      firstSeen: {},
    });
  });

  it('adds every row on the first ingest, as base 0, without counting them as births', () => {
    const e = createChurnEngine(META);
    const d = DeltaSchema.parse(e.ingest(sample(5000, [sshd, est], counters(10, 4))));
    expect(d).toMatchObject({ seq: 1, baseSeq: 0, time: 5000, removed: [], changed: [] });
    expect(d.added).toEqual([sshd, est]);
    expect(d.stats).toEqual({ births: 0, deaths: 0, eventOnlyBirths: 0, kernelOpens: null, sampleMs: 3 });
    expect(e.snapshot().firstSeen).toEqual({ [sshd.id]: 5000, [est.id]: 5000 });
  });

  it('reports added, removed with lifetime and last state, and changed with the full new row', () => {
    const e = createChurnEngine(META);
    const a = row({ lport: 40001, rport: 80, inode: 1 });
    const b = row({ lport: 40002, rport: 80, inode: 2 });
    const c = row({ lport: 40003, rport: 80, inode: 3 });
    e.ingest(sample(1000, [a, b]));
    const bWait = { ...b, state: 'CLOSE_WAIT' as const, rxQueue: 12 };
    const d = e.ingest(sample(2500, [bWait, c]));
    expect(d.removed).toEqual([{ id: a.id, lifetimeMs: 1500, lastState: 'ESTABLISHED' }]);
    expect(d.changed).toEqual([bWait]);
    expect(d.added).toEqual([c]);
    expect(e.snapshot().firstSeen).toEqual({ [b.id]: 1000, [c.id]: 2500 });
    const quiet = e.ingest(sample(3500, [bWait, c]));
    expect([quiet.added, quiet.removed, quiet.changed]).toEqual([[], [], []]);
    expect(quiet.stats.births + quiet.stats.deaths).toBe(0);
  });

  it('rebuilds the same table from deltas as it holds itself', () => {
    const e = createChurnEngine(META);
    let mirror = e.snapshot();
    const ticks: Socket[][] = [[sshd, est], [sshd, tw], [sshd, tw, row({ lport: 45001, rport: 443, inode: 9 })], []];
    ticks.forEach((sockets, i) => {
      mirror = applyDelta(mirror, e.ingest(sample(1000 * (i + 1), sockets)));
      expect(mirror).toEqual(e.snapshot());
    });
  });

  it('forgets removed ids, so the table never outgrows the sample', () => {
    const e = createChurnEngine(META);
    for (let t = 0; t < 200; t += 1) {
      e.ingest(sample(t * 1000, [sshd, row({ lport: 30000 + t, rport: 80, inode: 100 + t })]));
    }
    const snap = e.snapshot();
    expect(snap.sockets).toHaveLength(2);
    expect(Object.keys(snap.firstSeen)).toHaveLength(2);
  });

  it('keeps meta replaced by setMeta and refuses nonsense limits', () => {
    const e = createChurnEngine(META);
    e.setMeta({ ...META, source: 'ss' });
    expect(e.snapshot().source).toBe('ss');
    expect(() => createChurnEngine(META, { holdsPerPort: 0 })).toThrow(/holdsPerPort/);
    expect(() => createChurnEngine(META, { rateWindowSec: 1.5 })).toThrow(/rateWindowSec/);
  });
});

describe('createChurnEngine: connections, not rows', () => {
  it('counts ESTABLISHED → TIME_WAIT as a transition, and the death when the tail leaves', () => {
    const e = createChurnEngine(META);
    e.ingest(sample(1000, [sshd]));
    expect(e.ingest(sample(2000, [sshd, est])).stats).toMatchObject({ births: 1, deaths: 0 });
    const moved = e.ingest(sample(3000, [sshd, tw]));
    expect(moved.removed).toEqual([{ id: est.id, lifetimeMs: 1000, lastState: 'ESTABLISHED' }]);
    expect(moved.added).toEqual([tw]);
    expect(moved.stats).toMatchObject({ births: 0, deaths: 0 });
    const gone = e.ingest(sample(63_000, [sshd]));
    expect(gone.stats).toMatchObject({ births: 0, deaths: 1 });
    expect(gone.removed).toEqual([{ id: tw.id, lifetimeMs: 60_000, lastState: 'TIME_WAIT' }]);
    // The connection lived from its ESTABLISHED row's first sight to the TIME_WAIT tail's end.
    const all = e.summary().lifetimes;
    expect(bucketCount(all.counts, 61_000)).toBe(1);
    expect(all.counts.reduce((x, y) => x + y, 0)).toBe(1);
    expect(bucketCount(e.lifetimesFor(300)?.counts, 61_000)).toBe(1);
    expect(e.lifetimesFor(300, 999)).toBeNull();
  });

  it('counts a socket first seen in TIME_WAIT as a birth', () => {
    const e = createChurnEngine(META);
    e.ingest(sample(1000, []));
    expect(e.ingest(sample(2000, [tw])).stats.births).toBe(1);
  });

  it('keeps one port hold per connection, owned by its process through TIME_WAIT', () => {
    const e = createChurnEngine(META);
    e.ingest(sample(1000, []));
    e.ingest(sample(2000, [est]));
    e.ingest(sample(3000, [tw]));
    e.ingest(sample(63_000, []));
    const holds = e.portHistory(45000, 'tcp').map((h) => PortHoldSchema.parse(h));
    expect(holds).toEqual([
      { proto: 'tcp', port: 45000, socketId: tw.id, owner: curl, remote: '10.0.0.1:443', lastState: 'TIME_WAIT', from: 2000, to: 63_000 },
    ]);
    expect(e.portHistory(45000, 'udp')).toEqual([]);
  });

  it('keeps holdsPerPort holds per port and portsTracked ports', () => {
    const e = createChurnEngine(META, { holdsPerPort: 4, portsTracked: 3 });
    for (let i = 0; i < 40; i += 1) e.ingest(sample(i * 1000, [row({ lport: 443, rport: 20000 + i, inode: i + 1 })]));
    expect(e.portHistory(443, 'tcp')).toHaveLength(4);
    expect(e.portHistory(443, 'tcp')[0]?.remote).toBe('127.0.0.1:20039');
    for (let p = 1; p <= 4; p += 1) e.ingest(sample(100_000 + p, [row({ lport: p, state: 'LISTEN', inode: 900 + p })]));
    expect(e.portHistory(443, 'tcp')).toEqual([]);
    expect(e.portHistory(1, 'tcp')).toEqual([]);
    expect(e.portHistory(4, 'tcp')).toHaveLength(1);
  });

  it('fills the rate history with zero buckets for seconds without a tick', () => {
    const e = createChurnEngine(META);
    e.ingest(sample(10_200, []));
    e.ingest(sample(13_700, [est]));
    const buckets = ChurnSummarySchema.parse(e.summary()).buckets;
    expect(buckets.map((b) => [b.t, b.births])).toEqual([
      [10_000, 0],
      [11_000, 0],
      [12_000, 0],
      [13_000, 1],
    ]);
  });

  it('bounds the rate history by rateWindowSec', () => {
    const e = createChurnEngine(META, { rateWindowSec: 20 });
    for (let s = 0; s < 200; s += 1) e.ingest(sample(s * 1000, [row({ lport: 30000 + s, rport: 80, inode: s + 1 })]));
    const buckets = e.summary().buckets;
    expect(buckets).toHaveLength(20);
    expect(buckets.every((b) => b.births === 1 && b.deaths === 1)).toBe(true);
  });
});

describe('createChurnEngine: owners', () => {
  it('ranks a reused pid as two processes, in history and in churn', () => {
    const e = createChurnEngine(META);
    const oldJob = owner(4242, 'job', 100);
    const newJob = owner(4242, 'job', 900);
    const first = row({ lport: 50000, rport: 80, inode: 1, owner: oldJob });
    const second = row({ lport: 50000, rport: 80, inode: 2, owner: newJob });
    e.ingest(sample(1000, []));
    e.ingest(sample(2000, [first]));
    e.ingest(sample(3000, [second]));
    const churn = e.summary().topByChurn;
    expect(churn).toEqual([
      { pid: 4242, name: 'job', sockets: 0, births: 1, deaths: 1 },
      { pid: 4242, name: 'job', sockets: 1, births: 1, deaths: 0 },
    ]);
    expect(e.portHistory(50000, 'tcp').map((h) => h.owner?.startTime)).toEqual([900, 100]);
    expect(e.lifetimesFor(4242, 100)).not.toBeNull();
    expect(e.lifetimesFor(4242, 900)).toBeNull();
  });

  it('ranks current sockets per owner, top 5, and never ranks unknown owners', () => {
    const e = createChurnEngine(META);
    const sockets: Socket[] = [];
    for (let pid = 1; pid <= 7; pid += 1) {
      for (let i = 0; i < pid; i += 1) sockets.push(row({ lport: 1000 * pid + i, rport: 80, inode: 1000 * pid + i, owner: owner(pid, `p${pid}`) }));
    }
    for (let i = 0; i < 50; i += 1) sockets.push(row({ lport: 60000 + i, rport: 80, inode: 90000 + i }));
    e.ingest(sample(1000, sockets));
    expect(e.summary().topBySockets.map((c) => [c.pid, c.sockets])).toEqual([
      [7, 7],
      [6, 6],
      [5, 5],
      [4, 4],
      [3, 3],
    ]);
    e.ingest(sample(2000, sockets.filter((s) => s.owner?.pid !== 7)));
    expect(e.summary().topBySockets[0]?.pid).toBe(6);
  });
});
