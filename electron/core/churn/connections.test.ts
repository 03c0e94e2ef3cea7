import { describe, expect, it } from 'vitest';
import { continuesConnection, countsAsOpen, isRebirth, isTimeWaitRenewal, tupleKey } from './connections';
import { row } from './test-rows';

const est = row({ lport: 45000, rport: 443, remote: '10.0.0.1', inode: 777 });
const tw = { ...row({ lport: 45000, rport: 443, remote: '10.0.0.1', inode: 0 }), state: 'TIME_WAIT' as const };

describe('connection rules', () => {
  it('gives rows of one tuple with other inodes the same tuple key', () => {
    expect(tupleKey(est)).toBe(tupleKey(tw));
    expect(est.id).not.toBe(tw.id);
    expect(tupleKey(row({ lport: 45000, rport: 443, remote: '10.0.0.2' }))).not.toBe(tupleKey(est));
  });

  it('links close() (inode N to 0) and accept() (0 to N) but not two sockets or a reused TIME_WAIT tuple', () => {
    expect(continuesConnection(est, tw)).toBe(true);
    const queued = row({ lport: 8080, rport: 50000, inode: 0 });
    expect(continuesConnection(queued, row({ lport: 8080, rport: 50000, inode: 42 }))).toBe(true);
    expect(continuesConnection(est, { ...est, inode: 778, id: 'other' })).toBe(false);
    expect(continuesConnection(tw, est)).toBe(false);
    const udp = row({ proto: 'udp', lport: 5353, rport: 53, inode: 9 });
    expect(continuesConnection(udp, { ...udp, inode: 0 })).toBe(false);
  });

  it('sees a TIME_WAIT row turning into an opening state as a rebirth', () => {
    expect(isRebirth('TIME_WAIT', 'SYN_RECV')).toBe(true);
    expect(isRebirth('TIME_WAIT', 'ESTABLISHED')).toBe(true);
    expect(isRebirth('FIN_WAIT2', 'TIME_WAIT')).toBe(false);
    expect(isRebirth('ESTABLISHED', 'SYN_SENT')).toBe(false);
  });

  it('sees a TIME_WAIT timer that started over as a new connection on the tuple, not timer ticks or jitter', () => {
    const at = (remainingMs: number) => ({ ...tw, timer: { kind: 'time-wait' as const, remainingMs, retransmits: 0 } });
    expect(isTimeWaitRenewal(at(30_000), at(59_800), 1000)).toBe(true);
    // one second later a timer has 1 s less; 100 ms less means it restarted 900 ms in
    expect(isTimeWaitRenewal(at(59_500), at(59_400), 1000)).toBe(true);
    expect(isTimeWaitRenewal(at(30_000), at(29_000), 1000)).toBe(false);
    expect(isTimeWaitRenewal(at(30_000), at(29_100), 1000)).toBe(false);
    // expired, not yet reaped: the kernel prints 0 again and again
    expect(isTimeWaitRenewal(at(0), at(0), 1000)).toBe(false);
    expect(isTimeWaitRenewal(at(300), at(0), 1000)).toBe(false);
    expect(isTimeWaitRenewal(at(0), at(59_900), 1000)).toBe(true);
    // reads that took 800 ms may be 800 ms further apart than their samples' start times
    expect(isTimeWaitRenewal(at(30_000), at(29_700), 1000, 800)).toBe(false);
    expect(isTimeWaitRenewal(at(30_000), at(59_800), 1000, 800)).toBe(true);
    expect(isTimeWaitRenewal({ ...at(30_000), timer: null }, at(59_800), 1000)).toBe(false);
    expect(isTimeWaitRenewal(at(30_000), { ...at(59_800), state: 'ESTABLISHED' }, 1000)).toBe(false);
  });

  it('counts connected TCP rows as opens, not listeners, half-open requests or UDP', () => {
    expect(countsAsOpen(est)).toBe(true);
    expect(countsAsOpen(tw)).toBe(true);
    expect(countsAsOpen({ ...est, state: 'SYN_SENT' })).toBe(true);
    expect(countsAsOpen({ ...est, state: 'SYN_RECV' })).toBe(false);
    expect(countsAsOpen(row({ lport: 22, state: 'LISTEN', inode: 5 }))).toBe(false);
    expect(countsAsOpen(row({ proto: 'udp', lport: 5353, rport: 53 }))).toBe(false);
  });
});
