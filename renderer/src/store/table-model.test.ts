import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDelta, DeltaGapError } from '../../../shared/apply-delta';
import { matchSocket, parseFilter } from '../../../shared/filter';
import type { Snapshot, Socket } from '../../../shared/model';
import { portCell, heldPortsIn } from './port-occupancy';
import { COLUMN_IDS, rowComparator, type SortSpec } from './row-order';
import { TableModel } from './table-model';
import { GHOST_MS, displayStatus } from './table-row';
import { testSocket } from '../../../shared/filter-fixtures';
import { testDelta, testSnapshot } from './test-sockets';

const byPort: SortSpec = { column: 'local', dir: 'asc' };
const ports = (m: TableModel): number[] => m.rows.map((r) => r.socket.localPort);

describe('TableModel deltas and ghosts', () => {
  const a = testSocket({ localPort: 40001 });
  const b = testSocket({ localPort: 40002 });
  const c = testSocket({ localPort: 40003 });

  it('loads a snapshot as steady rows, sorted', () => {
    const m = new TableModel(byPort);
    m.load(testSnapshot([c, a, b]), 0);
    expect(ports(m)).toEqual([40001, 40002, 40003]);
    expect(m.rows.every((r) => r.status === 'steady')).toBe(true);
    expect(m.rows[0]?.firstSeen).toBe(1_000_000 - 5000);
  });

  it('marks added rows new, changed rows changed, removed rows as ghosts that leave after GHOST_MS', () => {
    const m = new TableModel(byPort);
    m.load(testSnapshot([a, b]), 0);
    const bClosing = { ...b, state: 'CLOSE_WAIT' as const };
    m.apply(testDelta(1, { added: [c], removed: [a], changed: [bClosing] }), 100);
    expect(ports(m)).toEqual([40001, 40002, 40003]);
    expect(m.rows.map((r) => r.status)).toEqual(['closed', 'changed', 'new']);
    expect(m.live.has(a.id)).toBe(false);
    expect(m.rows[1]?.socket.state).toBe('CLOSE_WAIT');
    expect(displayStatus(m.rows[2]!, 100 + 1000)).toBe('new');
    expect(displayStatus(m.rows[2]!, 100 + 2000)).toBe('steady');

    expect(m.expire(100 + GHOST_MS - 1)).toEqual([]);
    expect(m.nextGhostExpiry()).toBe(100 + GHOST_MS);
    expect(m.expire(100 + GHOST_MS)).toEqual([a.id]);
    expect(ports(m)).toEqual([40002, 40003]);
  });

  it('lets ghosts that are due go with the next delta, without a separate expiry pass', () => {
    const m = new TableModel(byPort);
    m.load(testSnapshot([a, b]), 0);
    m.apply(testDelta(1, { removed: [a] }), 100);
    m.apply(testDelta(2, { added: [c] }), 100 + GHOST_MS);
    expect(ports(m)).toEqual([40002, 40003]);
    expect(m.ghosts.size).toBe(0);
  });

  it('fills the service column once the host supplies names, and keeps them for new rows', () => {
    const m = new TableModel(byPort);
    const web = testSocket({ localPort: 443, state: 'LISTEN' });
    m.load(testSnapshot([web, a]), 0);
    expect(m.rows.map((r) => r.service)).toEqual([null, null]);
    m.setServiceNames(new Map([['443/tcp', 'https']]));
    expect(m.rows.map((r) => r.service)).toEqual(['https', null]);
    const dns = testSocket({ localPort: 443, inode: 7, remotePort: 50000 });
    m.apply(testDelta(1, { added: [dns] }), 1);
    expect(m.live.get(dns.id)?.service).toBe('https');
  });

  it('names a connection accepted in the same delta as its listener by the local port, and re-picks on a new range', () => {
    const m = new TableModel(byPort);
    m.load(testSnapshot([]), 0);
    m.addServiceNames({ '33060/tcp': 'mysqlx', '40000/tcp': 'by-chance' });
    const accepted = testSocket({ localPort: 33060, remotePort: 40000 });
    const client = testSocket({ localPort: 40000, remotePort: 33060, inode: 3 });
    const listener = testSocket({ localPort: 33060, state: 'LISTEN', remotePort: 0, remoteAddress: '0.0.0.0' });
    m.apply(testDelta(1, { added: [accepted, client, listener] }), 1);
    expect(m.live.get(accepted.id)?.servicePick).toMatchObject({ name: 'mysqlx', side: 'local' });
    expect(m.live.get(client.id)?.servicePick).toMatchObject({ name: 'mysqlx', side: 'remote' });
    m.apply(testDelta(2, { removed: [listener] }), 2);
    // With the range moved off 40000, the client's own port is no longer ephemeral: its local name wins.
    m.setEphemeralRange({ low: 49152, high: 65535 });
    expect(m.live.get(client.id)?.servicePick).toMatchObject({ name: 'by-chance', side: 'local' });
    expect(m.addServiceNames({ '33060/tcp': 'mysqlx' })).toBe(false);
  });

  it('re-filters eph when the machine range is re-read', () => {
    const m = new TableModel(byPort);
    m.load(testSnapshot([a, testSocket({ localPort: 50000 })]), 0);
    m.setFilter('eph');
    expect(ports(m)).toEqual([40001, 50000]);
    m.setEphemeralRange({ low: 49152, high: 65535 });
    expect(ports(m)).toEqual([50000]);
  });

  it('keeps the changed row its first-seen time', () => {
    const m = new TableModel(byPort);
    m.load(testSnapshot([a]), 0);
    m.apply(testDelta(1, { changed: [{ ...a, txQueue: 10 }] }), 10);
    expect(m.rows[0]?.firstSeen).toBe(1_000_000 - 5000);
  });

  it('ignores stale deltas and throws DeltaGapError on a gap', () => {
    const m = new TableModel(byPort);
    expect(m.apply(testDelta(0, { added: [a] }), 0)).toBe(false);
    m.load(testSnapshot([a], 5), 0);
    expect(m.apply(testDelta(3, { added: [b] }), 0)).toBe(false);
    expect(() => m.apply(testDelta(6, { added: [b] }), 0)).toThrow(DeltaGapError);
    expect(m.apply(testDelta(5, { added: [b] }), 0)).toBe(true);
  });

  it('bounds the ghost list, dropping the oldest first', () => {
    const m = new TableModel(byPort, 2);
    m.load(testSnapshot([a, b, c]), 0);
    m.apply(testDelta(1, { removed: [a] }), 1);
    m.apply(testDelta(2, { removed: [b, c] }), 2);
    expect([...m.ghosts.keys()]).toEqual([b.id, c.id]);
    expect(ports(m)).toEqual([40002, 40003]);
  });

  it('keeps the last valid filter when a typo comes in', () => {
    const m = new TableModel(byPort);
    m.load(testSnapshot([a, b, c]), 0);
    m.setFilter('lport:40002');
    expect(ports(m)).toEqual([40002]);
    m.setFilter('lport:40002 foo:');
    expect(m.filterProblem?.message).toContain("unknown key 'foo'");
    expect(ports(m)).toEqual([40002]);
    m.setFilter('');
    expect(m.filterProblem).toBeNull();
    expect(ports(m)).toHaveLength(3);
  });

  it('counts port occupancy and starts heat when a port is freed', () => {
    const m = new TableModel(byPort);
    const tw = testSocket({ localPort: 40002, state: 'TIME_WAIT', inode: 0, remotePort: 80 });
    m.load(testSnapshot([a, b, tw]), 0);
    expect(portCell(m.occupancy, 40001, 0).state).toBe('used');
    expect(portCell(m.occupancy, 40002, 0).state).toBe('used');
    m.apply(testDelta(1, { removed: [b, a] }), 500);
    expect(portCell(m.occupancy, 40002, 600).state).toBe('time-wait');
    expect(portCell(m.occupancy, 40001, 5500)).toEqual({ state: 'freed', heat: 0.5 });
    expect(portCell(m.occupancy, 40001, 10_500).state).toBe('free');
    expect(heldPortsIn(m.occupancy, { low: 40000, high: 40010 })).toBe(1);
  });
});

/** Random table operations: the model must always equal a from-scratch computation. */
describe('TableModel incremental order', () => {
  const portArb = fc.integer({ min: 1, max: 40 });
  const sockArb = fc.record({
    localPort: portArb.map((p) => 40000 + p),
    remotePort: fc.constantFrom(0, 80, 443, 5432),
    state: fc.constantFrom('ESTABLISHED', 'TIME_WAIT', 'LISTEN', 'CLOSE_WAIT') as fc.Arbitrary<Socket['state']>,
    owner: fc.option(
      fc.record({
        pid: fc.integer({ min: 1, max: 5 }),
        startTime: fc.constant(1),
        name: fc.constantFrom('a', 'b', 'c'),
      }),
    ),
  });
  const stepArb = fc.record({ add: fc.array(sockArb, { maxLength: 4 }), remove: fc.nat(3), change: fc.nat(3) });

  it('matches applyDelta and a full filter+sort after every delta, for every column', () => {
    fc.assert(
      fc.property(
        fc.array(sockArb, { maxLength: 10 }),
        fc.array(stepArb, { maxLength: 8 }),
        fc.constantFrom(...COLUMN_IDS),
        fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
        fc.constantFrom('', 'state:estab', '-eph port:80,443', 'pid:none'),
        (initial, steps, column, dir, query) => {
          const m = new TableModel({ column, dir });
          m.setFilter(query);
          let snap: Snapshot = testSnapshot(dedupe(initial.map(testSocket)));
          m.load(snap, 0);
          steps.forEach((step, i) => {
            const live = snap.sockets;
            const removed = live.slice(0, step.remove);
            const changed = live
              .slice(step.remove, step.remove + step.change)
              .map((s) => ({ ...s, txQueue: s.txQueue + 1 }));
            const added = dedupe(
              step.add.map((s) => testSocket({ ...s, inode: 1 + i * 100 + s.localPort })),
              live,
            );
            const delta = testDelta(snap.seq, { added, removed, changed });
            snap = applyDelta(snap, delta);
            m.apply(delta, i * 1000);
            const liveIds = [...m.live.keys()].sort();
            expect(liveIds).toEqual(snap.sockets.map((s) => s.id).sort());
            const recount = new Map<string, number>();
            for (const s of snap.sockets) recount.set(s.state, (recount.get(s.state) ?? 0) + 1);
            expect(new Map(m.stateCounts)).toEqual(recount);
            const filter = parseFilter(query);
            if (!filter.ok) throw new Error(filter.error);
            const expected = [...m.live.values(), ...m.ghosts.values()]
              .filter((r) => matchSocket(filter.filter, r.socket, { ephemeralRange: snap.ephemeralRange }))
              .sort(rowComparator({ column, dir }));
            expect(m.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

function dedupe(sockets: Socket[], existing: Socket[] = []): Socket[] {
  const seen = new Set(existing.map((s) => s.id));
  return sockets.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
}

describe('TableModel state counts', () => {
  it('keeps per-state counts in step with the live rows through changes and removals', () => {
    const m = new TableModel(byPort);
    const a = testSocket({ localPort: 40001 });
    const b = testSocket({ localPort: 40002, state: 'LISTEN' });
    m.load(testSnapshot([a, b]), 0);
    m.apply(testDelta(1, { changed: [{ ...a, state: 'CLOSE_WAIT' }], removed: [b] }), 1);
    expect([...m.stateCounts]).toEqual([['CLOSE_WAIT', 1]]);
  });
});
