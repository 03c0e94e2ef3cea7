import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLUMN_IDS, mergeSorted, nextSort, rowComparator } from './row-order';
import { makeRow, type TableRow } from './table-row';
import { testSocket } from '../../../shared/filter-fixtures';

const row = (p: Parameters<typeof testSocket>[0], firstSeen = 0): TableRow =>
  makeRow(testSocket(p), firstSeen, 'steady', 0);
const chrome = { pid: 42, startTime: 1, name: 'Chrome' };
const curl = { pid: 7, startTime: 1, name: 'curl' };

describe('rowComparator', () => {
  it('sorts addresses numerically, not as text', () => {
    const rows = [row({ localPort: 1, localAddress: '10.0.0.10' }), row({ localPort: 1, localAddress: '10.0.0.9' })];
    expect(rows.sort(rowComparator({ column: 'local', dir: 'asc' })).map((r) => r.localText)).toEqual([
      '10.0.0.9:1',
      '10.0.0.10:1',
    ]);
  });

  it('puts unknown owners last in both directions', () => {
    const rows = [row({ localPort: 1 }), row({ localPort: 2, owner: curl }), row({ localPort: 3, owner: chrome })];
    const names = (dir: 'asc' | 'desc'): (string | undefined)[] =>
      [...rows].sort(rowComparator({ column: 'process', dir })).map((r) => r.socket.owner?.name);
    expect(names('asc')).toEqual(['Chrome', 'curl', undefined]);
    expect(names('desc')).toEqual(['curl', 'Chrome', undefined]);
    const pids = [...rows].sort(rowComparator({ column: 'pid', dir: 'desc' })).map((r) => r.socket.owner?.pid);
    expect(pids).toEqual([42, 7, undefined]);
  });

  it('sorts age youngest first, and class by IANA order then port', () => {
    const rows = [row({ localPort: 50000 }, 100), row({ localPort: 80 }, 300), row({ localPort: 8080 }, 200)];
    expect([...rows].sort(rowComparator({ column: 'age', dir: 'asc' })).map((r) => r.firstSeen)).toEqual([
      300, 200, 100,
    ]);
    expect([...rows].sort(rowComparator({ column: 'class', dir: 'asc' })).map((r) => r.socket.localPort)).toEqual([
      80, 8080, 50000,
    ]);
  });

  it('is a total order: rows never compare equal unless they are the same row', () => {
    const arb = fc.array(
      fc.record({ localPort: fc.integer({ min: 0, max: 3 }), inode: fc.integer({ min: 1, max: 3 }) }),
      {
        maxLength: 8,
      },
    );
    fc.assert(
      fc.property(arb, fc.constantFrom(...COLUMN_IDS), fc.boolean(), (specs, column, asc) => {
        const compare = rowComparator({ column, dir: asc ? 'asc' : 'desc' });
        const rows = specs.map((s) => row(s));
        for (const a of rows) for (const b of rows) expect(compare(a, b) === 0).toBe(a.id === b.id);
      }),
    );
  });
});

describe('mergeSorted and nextSort', () => {
  it('merges two sorted lists into the sorted union', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 65535 })),
        fc.array(fc.integer({ min: 0, max: 65535 })),
        (xs, ys) => {
          const compare = rowComparator({ column: 'local', dir: 'asc' });
          const a = xs.map((p, i) => row({ localPort: p, inode: i + 1 })).sort(compare);
          const b = ys.map((p, i) => row({ localPort: p, inode: 100_000 + i })).sort(compare);
          expect(mergeSorted(a, b, compare)).toEqual([...a, ...b].sort(compare));
        },
      ),
    );
  });

  it('flips direction on the same column and starts ascending on another', () => {
    expect(nextSort({ column: 'pid', dir: 'asc' }, 'pid')).toEqual({ column: 'pid', dir: 'desc' });
    expect(nextSort({ column: 'pid', dir: 'desc' }, 'age')).toEqual({ column: 'age', dir: 'asc' });
  });
});
