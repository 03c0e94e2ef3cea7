import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/model';
import { diffRows, sameRow, type HeldRow } from './row-diff';
import { owner, row } from './test-rows';

function hold(rows: Socket[], tick = 1): Map<string, HeldRow> {
  return new Map(rows.map((socket) => [socket.id, { socket, tick }]));
}

const a = row({ lport: 40000, rport: 80, inode: 11, owner: owner(10, 'curl') });
const b = row({ lport: 40001, rport: 80, inode: 12 });
const c = row({ lport: 40002, rport: 80, inode: 13 });

describe('diffRows', () => {
  it('finds added, removed and unchanged rows by id', () => {
    const held = hold([a, b]);
    const d = diffRows(held, [b, c], 2);
    expect(d.added).toEqual([c]);
    expect(d.removed.map((r) => r.socket.id)).toEqual([a.id]);
    expect(d.changed).toEqual([]);
    expect(held.get(b.id)?.tick).toBe(2);
    expect(held.get(a.id)?.tick).toBe(1);
  });

  it('reports a changed row with its full new content', () => {
    const next = { ...a, state: 'CLOSE_WAIT' as const, rxQueue: 7 };
    const d = diffRows(hold([a]), [next], 2);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]?.next).toBe(next);
    expect(d.changed[0]?.held.socket).toBe(a);
  });

  it('treats a timer or owner change as a change, and a fresh but equal object as no change', () => {
    const timed = { ...a, timer: { kind: 'keepalive' as const, remainingMs: 900, retransmits: 0 } };
    expect(diffRows(hold([a]), [timed], 2).changed).toHaveLength(1);
    expect(diffRows(hold([timed]), [{ ...timed, timer: { ...timed.timer, remainingMs: 800 } }], 2).changed).toHaveLength(1);
    expect(diffRows(hold([a]), [{ ...a, owner: owner(10, 'curl', 2000) }], 2).changed).toHaveLength(1);
    expect(diffRows(hold([a]), [{ ...a, owner: null }], 2).changed).toHaveLength(1);
    expect(diffRows(hold([a]), [structuredClone(a)], 2).changed).toEqual([]);
  });

  it('keeps the first of two rows with one id and counts the second', () => {
    const d = diffRows(hold([a]), [a, { ...a, state: 'LAST_ACK' }, c, { ...c, rxQueue: 1 }], 2);
    expect(d.duplicates).toBe(2);
    expect(d.added).toEqual([c]);
    expect(d.changed).toEqual([]);
  });

  it('removes everything when the sample is empty', () => {
    expect(diffRows(hold([a, b, c]), [], 2).removed).toHaveLength(3);
  });
});

describe('sameRow', () => {
  it('notices every field, including uid and queues', () => {
    expect(sameRow(a, { ...a })).toBe(true);
    expect(sameRow(a, { ...a, uid: 0 })).toBe(false);
    expect(sameRow(a, { ...a, txQueue: 1 })).toBe(false);
    expect(sameRow(a, { ...a, owner: { ...owner(10, 'curl'), inferred: true } })).toBe(false);
  });
});
