import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { applyRowDiff, type ConnectionTick, type TrackedRow } from './connection-tracker';
import { diffRows } from './row-diff';
import { owner, row } from './test-rows';

/** Runs ticks of sampled tables through the diff and the tracker, as the engine does. */
function tracker() {
  const rows = new Map<string, TrackedRow>();
  let tick = 0;
  return {
    rows,
    step(time: number, sockets: Socket[]): ConnectionTick {
      tick += 1;
      return applyRowDiff(rows, diffRows(rows, sockets, tick), { time, tick, first: tick === 1 });
    },
  };
}

const curl = owner(300, 'curl');
const est = row({ lport: 45000, remote: '10.0.0.1', rport: 443, inode: 777, owner: curl });
const tw = { ...row({ lport: 45000, remote: '10.0.0.1', rport: 443, inode: 0 }), state: 'TIME_WAIT' as const };

describe('applyRowDiff', () => {
  it('sees ESTABLISHED inode N replaced by TIME_WAIT inode 0 as one connection', () => {
    const t = tracker();
    t.step(1000, []);
    const born = t.step(2000, [est]);
    expect(born.born).toHaveLength(1);
    expect(born.opens).toBe(1);
    const moved = t.step(3000, [tw]);
    expect(moved.removed).toEqual([{ id: est.id, lifetimeMs: 1000, lastState: 'ESTABLISHED' }]);
    expect(moved.born).toEqual([]);
    expect(moved.died).toEqual([]);
    expect(moved.continued.map((c) => c.socket.id)).toEqual([tw.id]);
    expect(moved.opens).toBe(0);
    const gone = t.step(63000, []);
    expect(gone.died).toHaveLength(1);
    expect(gone.died[0]?.firstSeen).toBe(2000);
    expect(gone.died[0]?.owner).toEqual(curl);
    expect(gone.removed[0]?.lifetimeMs).toBe(60000);
  });

  it('counts a row first seen in TIME_WAIT as a birth and an open', () => {
    const t = tracker();
    t.step(1000, []);
    const tick = t.step(2000, [tw]);
    expect(tick.born).toHaveLength(1);
    expect(tick.opens).toBe(1);
  });

  it('counts a new live socket on a tuple whose TIME_WAIT row just left as death plus birth', () => {
    const t = tracker();
    t.step(1000, [tw]);
    const tick = t.step(2000, [est]);
    expect(tick.born).toHaveLength(1);
    expect(tick.died).toHaveLength(1);
    expect(tick.died[0]?.censored).toBe(true);
  });

  it('links an accepted child (inode 0 to N) to its connection', () => {
    const t = tracker();
    const queued = row({ lport: 8080, rport: 50000, inode: 0 });
    t.step(1000, []);
    t.step(2000, [queued]);
    const tick = t.step(3000, [row({ lport: 8080, rport: 50000, inode: 99, owner: owner(5, 'srv') })]);
    expect(tick.born).toEqual([]);
    expect(tick.died).toEqual([]);
    expect([...t.rows.values()][0]?.conn.owner?.name).toBe('srv');
  });

  it('sees a same-id TIME_WAIT row turning into SYN_RECV as a death and a birth', () => {
    const t = tracker();
    t.step(1000, []);
    t.step(2000, [tw]);
    const tick = t.step(3000, [{ ...tw, state: 'SYN_RECV' }]);
    expect(tick.died).toHaveLength(1);
    expect(tick.born).toHaveLength(1);
    expect(tick.opens).toBe(0);
    expect(t.step(4000, [{ ...tw, state: 'ESTABLISHED' }]).opens).toBe(1);
  });

  it('does not count first-tick rows as births or opens, but marks them censored', () => {
    const t = tracker();
    const tick = t.step(1000, [est, row({ lport: 22, state: 'LISTEN', inode: 5 })]);
    expect(tick.opens).toBe(0);
    expect(tick.born.every((b) => b.conn.censored)).toBe(true);
  });

  it('counts an open when a half-open request completes, once', () => {
    const t = tracker();
    const req = row({ lport: 8080, rport: 51000, state: 'SYN_RECV' });
    t.step(1000, [req]);
    expect(t.step(2000, [{ ...req, state: 'ESTABLISHED' }]).opens).toBe(1);
    expect(t.step(3000, [{ ...req, state: 'CLOSE_WAIT' }]).opens).toBe(0);
  });

  it('keeps rows in applyDelta order and forgets removed ids', () => {
    const t = tracker();
    const a = row({ lport: 1, rport: 2, inode: 1 });
    const b = row({ lport: 3, rport: 4, inode: 2 });
    const c = row({ lport: 5, rport: 6, inode: 3 });
    t.step(1000, [a, b]);
    t.step(2000, [c, { ...b, rxQueue: 5 }]);
    expect([...t.rows.keys()]).toEqual([b.id, c.id]);
    expect(t.rows.get(b.id)?.socket.rxQueue).toBe(5);
    expect(t.rows.get(b.id)?.firstSeen).toBe(1000);
  });
});
