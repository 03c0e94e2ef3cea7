import { describe, expect, it } from 'vitest';
import { owner, row } from '../churn/test-rows';
import { RowInterner } from './row-interner';

describe('RowInterner', () => {
  it('returns rows equal to the input whose repeated strings and owners are shared', () => {
    const interner = new RowInterner();
    // Copies as a thread boundary makes them: equal values, distinct objects.
    const a = structuredClone(row({ lport: 1, remote: '10.0.0.1', rport: 443, inode: 1, owner: owner(7, 'curl') }));
    const b = structuredClone(row({ lport: 2, remote: '10.0.0.1', rport: 443, inode: 2, owner: owner(7, 'curl') }));
    const ia = interner.row(a);
    const ib = interner.row(b);
    expect(ia).toEqual(a);
    expect(ib).toEqual(b);
    expect(ib.owner).toBe(ia.owner);
    expect(b.owner).not.toBe(a.owner);
  });

  it('keeps owners apart by pid, start time, name and inferred', () => {
    const interner = new RowInterner();
    const o1 = interner.row(row({ lport: 1, inode: 1, owner: owner(7, 'curl') })).owner;
    const o2 = interner.row(row({ lport: 2, inode: 2, owner: { ...owner(7, 'curl'), inferred: true } })).owner;
    const o3 = interner.row(row({ lport: 3, inode: 3, owner: owner(8, 'curl') })).owner;
    expect(o2).not.toBe(o1);
    expect(o3).not.toBe(o1);
    expect(o2?.inferred).toBe(true);
  });
});
