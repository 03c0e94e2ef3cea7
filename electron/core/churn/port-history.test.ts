import { describe, expect, it } from 'vitest';
import { PortHoldSchema } from '../../../shared/churn-model';
import { HOLD_BYTES, PortHistory, endpoint } from './port-history';
import { owner, row } from './test-rows';

describe('PortHistory', () => {
  it('records a tenancy, follows its row and closes it, newest first', () => {
    const h = new PortHistory(16, 100);
    const curl = owner(300, 'curl');
    const est = row({ lport: 45000, remote: '10.0.0.1', rport: 443, inode: 7, owner: curl });
    const hold = h.open(est, curl, 1000);
    const tw = { ...row({ lport: 45000, remote: '10.0.0.1', rport: 443 }), state: 'TIME_WAIT' as const };
    h.update(hold, tw, curl);
    h.close(hold, 61_000);
    const next = h.open(row({ lport: 45000, remote: '10.0.0.2', rport: 80, inode: 8 }), null, 70_000);
    const list = h.history(45000, 'tcp');
    expect(list.map((x) => PortHoldSchema.parse(x))).toEqual([
      { ...next },
      {
        proto: 'tcp',
        port: 45000,
        socketId: tw.id,
        owner: curl,
        remote: '10.0.0.1:443',
        lastState: 'TIME_WAIT',
        from: 1000,
        to: 61_000,
      },
    ]);
    expect(h.history(45000, 'udp')).toEqual([]);
  });

  it('keeps at most holdsPerPort holds after ten times as many', () => {
    const h = new PortHistory(16, 100);
    for (let i = 0; i < 160; i += 1) h.open(row({ lport: 443, rport: 10000 + i, inode: i + 1 }), null, i);
    const list = h.history(443, 'tcp');
    expect(list).toHaveLength(16);
    expect(list[0]?.from).toBe(159);
    expect(list[15]?.from).toBe(144);
  });

  it('forgets the least recently touched port beyond portsTracked; closing a hold touches its port', () => {
    const h = new PortHistory(4, 3);
    const first = h.open(row({ lport: 1 }), null, 0);
    h.open(row({ lport: 2 }), null, 0);
    h.open(row({ lport: 3 }), null, 0);
    h.close(first, 5);
    h.open(row({ lport: 4 }), null, 0);
    expect(h.size).toBe(3);
    expect(h.history(2, 'tcp')).toEqual([]);
    expect(h.history(1, 'tcp')[0]?.to).toBe(5);
    for (let p = 10; p < 40; p += 1) h.open(row({ lport: p }), null, 0);
    expect(h.size).toBe(3);
  });

  it('hands out copies that cannot change the history', () => {
    const h = new PortHistory(4, 4);
    h.open(row({ lport: 9, owner: owner(1, 'a') }), owner(1, 'a'), 0);
    const copy = h.history(9, 'tcp')[0];
    if (copy?.owner) copy.owner.name = 'changed';
    expect(h.history(9, 'tcp')[0]?.owner?.name).toBe('a');
  });
});

describe('endpoint', () => {
  it('brackets IPv6 addresses', () => {
    expect(endpoint('::1', 443)).toBe('[::1]:443');
    expect(endpoint('10.0.0.1', 80)).toBe('10.0.0.1:80');
  });
});

describe('PortHistory byte budget', () => {
  const hold = (port: number, i: number) => row({ lport: port, rport: 80 + (i % 100), inode: port * 1000 + i });

  it('keeps the holds within the budget in bytes, however many ports churn', () => {
    const budget = 200 * HOLD_BYTES;
    const ports = new PortHistory(16, 20_000, budget);
    for (let i = 0; i < 20_000; i += 1) {
      const h = ports.open(hold(32768 + (i % 5000), i), null, i);
      ports.close(h, i + 1);
      expect(ports.bytes).toBeLessThanOrEqual(budget);
    }
    expect(ports.holds).toBeLessThanOrEqual(200);
    expect(ports.holds).toBeGreaterThan(150);
    // The quietest ports went first: the newest tenancies are all still there.
    expect(ports.history(32768 + (19_999 % 5000), 'tcp')[0]?.from).toBe(19_999);
    // What was dropped is said: history reaches back to just after the newest dropped activity.
    expect(ports.trimmedToMs).toBeGreaterThan(19_000);
    expect(ports.trimmedToMs).toBeLessThan(20_000);
  });

  it('counts a hold a full ring pushes out, and a port the LRU drops, off the total', () => {
    const ports = new PortHistory(2, 3);
    for (let i = 0; i < 5; i += 1) ports.open(hold(40000, i), null, i);
    expect(ports.holds).toBe(2);
    for (let p = 1; p <= 3; p += 1) ports.open(hold(40000 + p, 0), null, 10 + p);
    expect(ports.size).toBe(3);
    expect(ports.holds).toBe(3);
    expect(ports.trimmedToMs).toBeNull();
  });

  it('shrinks to a lower budget at once, never below one full ring', () => {
    const ports = new PortHistory(16, 1000, 1000 * HOLD_BYTES);
    for (let i = 0; i < 900; i += 1) ports.open(hold(30000 + i, 0), null, i);
    ports.setBudget(100 * HOLD_BYTES);
    expect(ports.holds).toBeLessThanOrEqual(100);
    ports.setBudget(0);
    expect(ports.budget).toBe(16 * HOLD_BYTES);
    expect(ports.holds).toBeLessThanOrEqual(16);
    expect(ports.holds).toBeGreaterThan(0);
  });
});
