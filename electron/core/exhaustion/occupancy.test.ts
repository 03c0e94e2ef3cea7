import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { owner, row } from '../churn/test-rows';
import { levelOf, OccupancyIndex, timerBucket, timeWaitExpiry, TIMER_BOUNDS_MS } from './occupancy';

const RANGE = { low: 60000, high: 60099 };
const tw = (lport: number, rport: number, remainingMs: number, remote = '127.0.0.1'): Socket => ({
  ...row({ lport, rport, remote }),
  state: 'TIME_WAIT',
  timer: { kind: 'time-wait', remainingMs, retransmits: 0 },
});
const uses = (index: OccupancyIndex) => Object.fromEntries([...index.tuples()].map((t) => [t.key, [t.used, t.timeWait.size]]));

describe('OccupancyIndex', () => {
  it('counts ports in the range per destination, server sides and out-of-range ports left out', () => {
    const app = owner(10, 'app');
    const sockets: Socket[] = [
      row({ lport: 60001, rport: 60050, inode: 2 }), // an accepted connection (server side), before its listener in the list
      row({ lport: 60001, state: 'LISTEN', inode: 1, owner: app }), // a listener in the range: a flag, not a tuple
      row({ lport: 60050, rport: 60001, inode: 3 }), // the client of it
      row({ lport: 60002, rport: 443, remote: '10.0.0.1', inode: 4 }),
      row({ lport: 60003, rport: 443, remote: '10.0.0.1', inode: 5 }),
      row({ lport: 40000, rport: 443, remote: '10.0.0.1', inode: 6 }), // outside the range
      tw(60004, 443, 300, '10.0.0.1'),
      row({ proto: 'udp', lport: 60005, inode: 7 }),
      row({ proto: 'udp', lport: 60006, rport: 53, remote: '10.0.0.53', inode: 8 }),
    ];
    const index = new OccupancyIndex(RANGE);
    index.rebuild(sockets, RANGE, 0);
    expect(uses(index)).toEqual({
      'tcp|127.0.0.1|127.0.0.1|60001': [1, 0],
      'tcp|127.0.0.1|10.0.0.1|443': [3, 1],
      'udp|127.0.0.1': [2, 0],
    });
    expect([...index.tuples()].find((t) => t.proto === 'udp')).toMatchObject({ remoteAddress: '*', remotePort: 0 });
  });

  it('follows added, removed and changed rows, dropping a tuple with its last row', () => {
    const index = new OccupancyIndex(RANGE);
    const a = row({ lport: 60010, rport: 80, inode: 1 });
    const b = row({ lport: 60011, rport: 80, inode: 2 });
    index.apply({ added: [a, b], removed: [], changed: [] }, 0);
    const closing = { ...b, inode: 0, id: 'b-tw' };
    index.apply({ added: [{ ...closing, state: 'FIN_WAIT2' }], removed: [b], changed: [] }, 1000);
    expect(uses(index)).toEqual({ 'tcp|127.0.0.1|127.0.0.1|80': [2, 0] });
    index.apply({ added: [], removed: [], changed: [{ ...closing, state: 'TIME_WAIT', timer: { kind: 'time-wait', remainingMs: 4000, retransmits: 0 } }] }, 2000);
    expect(uses(index)).toEqual({ 'tcp|127.0.0.1|127.0.0.1|80': [2, 1] });
    const t = [...index.tuples()][0]!;
    expect(index.expiry(t, 2000)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(index.expiry(t, 5500)).toEqual([1, 0, 0, 0, 0, 0]);
    index.apply({ added: [], removed: [a, closing], changed: [] }, 3000);
    expect(uses(index)).toEqual({});
  });
});

describe('timeWaitExpiry and timerBucket', () => {
  it('buckets TIME_WAIT timers by time left, unknown and overdue ones too', () => {
    const sockets = [tw(60010, 80, 500), tw(60011, 80, 4000), tw(60012, 80, 59_000), tw(60013, 80, 200_000), { ...tw(60014, 80, 0), timer: null }, row({ lport: 1, rport: 2, inode: 3 })];
    expect(timeWaitExpiry(sockets)).toEqual({ total: 5, expiry: [1, 1, 0, 0, 1, 2] });
    expect(timerBucket(-20)).toBe(0);
    expect(TIMER_BOUNDS_MS.at(-1)).toBe(120_000);
  });
});

describe('levelOf', () => {
  it('warns from 70% and is critical from 90%', () => {
    expect([0, 0.699, 0.7, 0.899, 0.9, 1].map(levelOf)).toEqual(['ok', 'ok', 'warning', 'warning', 'critical', 'critical']);
  });
});
