import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { owner, row } from '../churn/test-rows';
import { closeWaitPileups, ephemeralListeners, socketFlags } from './flags';

const RANGE = { low: 32768, high: 60999 };
const leaky = owner(42, 'leaky');
const closeWait = (lport: number, o: Socket['owner']): Socket => ({ ...row({ lport, rport: 443, remote: '10.0.0.9', inode: lport, owner: o }), state: 'CLOSE_WAIT' });

describe('ephemeralListeners', () => {
  it('flags TCP listeners inside the OS range only, sorted by port', () => {
    const dev = owner(7, 'node');
    const sockets = [
      row({ lport: 45123, state: 'LISTEN', inode: 1, owner: dev }),
      row({ lport: 45123, local: '::1', state: 'LISTEN', inode: 2, owner: dev }),
      row({ lport: 33000, state: 'LISTEN', inode: 3 }),
      row({ lport: 8080, state: 'LISTEN', inode: 4 }),
      row({ lport: 61000, state: 'LISTEN', inode: 5 }),
      row({ proto: 'udp', lport: 40000, inode: 6 }),
      row({ lport: 40001, rport: 443, inode: 7 }),
    ];
    expect(ephemeralListeners(sockets, RANGE).map((l) => `${l.address}:${l.port}:${l.owner?.pid ?? '?'}`)).toEqual([
      '127.0.0.1:33000:?',
      '127.0.0.1:45123:7',
      '::1:45123:7',
    ]);
  });
});

describe('closeWaitPileups', () => {
  it('flags a process from the threshold on, groups unknown owners, most first', () => {
    const sockets = [
      ...Array.from({ length: 20 }, (_, i) => closeWait(40000 + i, leaky)),
      ...Array.from({ length: 15 }, (_, i) => closeWait(41000 + i, owner(43, 'fine'))),
      ...Array.from({ length: 16 }, (_, i) => closeWait(42000 + i, null)),
      row({ lport: 43000, rport: 443, inode: 9, owner: owner(43, 'fine') }),
    ];
    expect(closeWaitPileups(sockets, 16)).toEqual([
      { owner: leaky, count: 20 },
      { owner: null, count: 16 },
    ]);
    expect(socketFlags(sockets, RANGE).closeWaitThreshold).toBe(16);
  });

  it('keeps pid reuse apart: the same pid with another start time is another process', () => {
    const sockets = [
      ...Array.from({ length: 10 }, (_, i) => closeWait(40000 + i, owner(42, 'leaky', 1000))),
      ...Array.from({ length: 10 }, (_, i) => closeWait(41000 + i, owner(42, 'leaky', 2000))),
    ];
    expect(closeWaitPileups(sockets, 16)).toEqual([]);
  });
});
