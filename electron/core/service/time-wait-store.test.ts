import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { row } from '../churn/test-rows';
import { SLOT_BYTES, TimeWaitStore } from './time-wait-store';

/** A TIME_WAIT remnant as the Linux reader builds it (uid null, timer with its expiry). */
const tw = (lport: number, rport: number, expiresAt: number, local = '127.0.0.1', remote = '127.0.0.1'): Socket => ({
  ...row({ lport, rport, local, remote, state: 'TIME_WAIT', inode: 0 }),
  uid: null,
  timer: { kind: 'time-wait', remainingMs: 60_000, retransmits: 0, expiresAt },
});

describe('TimeWaitStore', () => {
  it('rebuilds exactly the rows it stored, IPv4 and IPv6, with their first-seen times', () => {
    const store = new TimeWaitStore(2);
    const rows = [tw(40000, 80, 1_060_000), tw(40001, 443, 1_061_000, '::1', '::1'), tw(40002, 80, 1_062_000, '::ffff:127.0.0.1', '::ffff:127.0.0.1')];
    const slots = rows.map((s, i) => {
      expect(store.fits(s)).toBe(true);
      return store.add(s, 1000 + i);
    });
    slots.forEach((slot, i) => {
      expect(store.socket(slot)).toEqual(rows[i]);
      expect(store.firstSeen(slot)).toBe(1000 + i);
    });
    expect(store.size).toBe(3);
  });

  it('takes only plain countdown remnants: anything the columns cannot rebuild stays an object', () => {
    const store = new TimeWaitStore();
    const base = tw(40000, 80, 1_060_000);
    expect(store.fits({ ...base, state: 'ESTABLISHED' })).toBe(false);
    expect(store.fits({ ...base, txQueue: 1 })).toBe(false);
    expect(store.fits({ ...base, owner: { pid: 1, startTime: 1, name: 'x' } })).toBe(false);
    expect(store.fits({ ...base, uid: 0 })).toBe(false);
    expect(store.fits({ ...base, timer: { kind: 'time-wait', remainingMs: 5, retransmits: 0 } })).toBe(false);
    expect(store.fits({ ...base, id: `${base.id}#2` })).toBe(false);
    expect(store.fits({ ...base, inode: 7 })).toBe(false);
  });

  it('costs a fixed number of bytes per row: 60,000 remnants in under 2.5 MB of columns', () => {
    const store = new TimeWaitStore();
    for (let i = 0; i < 60_000; i += 1) store.add(tw(1024 + (i % 60_000), 1 + Math.floor(i / 60_000), 1_000_000 + i), i);
    expect(store.size).toBe(60_000);
    // Capacity doubles from 1,024: 65,536 slots of SLOT_BYTES.
    expect(store.bytes).toBeLessThan(65_536 * SLOT_BYTES + 1024);
    expect(store.bytes).toBeLessThan(2.5 * 1024 * 1024);
  });

  it('reuses freed slots, so churn at a steady table size does not grow the columns', () => {
    const store = new TimeWaitStore(1024);
    let live: number[] = [];
    for (let tick = 0; tick < 50; tick += 1) {
      for (let i = 0; i < 100; i += 1) live.push(store.add(tw(1024 + ((tick * 100 + i) % 60_000), 80, tick), tick));
      if (live.length > 900) {
        for (const slot of live.slice(0, 100)) store.remove(slot);
        live = live.slice(100);
      }
    }
    expect(store.size).toBe(live.length);
    expect(store.bytes).toBeLessThan(1024 * SLOT_BYTES + 1024);
  });

  it('gives back what was stored after any sequence of adds, replaces and removes', () => {
    const op = fc.record({ kind: fc.constantFrom('add', 'replace', 'remove'), port: fc.integer({ min: 1, max: 65535 }), expiry: fc.integer({ min: 0, max: 2 ** 40 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const store = new TimeWaitStore(4);
        const model = new Map<number, Socket>();
        for (const o of ops) {
          const s = tw(o.port, 80, o.expiry);
          const slots = [...model.keys()];
          if (o.kind === 'add' || slots.length === 0) model.set(store.add(s, 0), s);
          else if (o.kind === 'replace') {
            store.replace(slots[0]!, s);
            model.set(slots[0]!, s);
          } else {
            store.remove(slots[0]!);
            model.delete(slots[0]!);
          }
        }
        for (const [slot, s] of model) expect(store.socket(slot)).toEqual(s);
        expect(store.size).toBe(model.size);
      }),
    );
  });
});
