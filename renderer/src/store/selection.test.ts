import { describe, expect, it } from 'vitest';
import { EMPTY_SELECTION, moveSelection, pruneSelection, selectId } from './selection';
import { makeRow } from './table-row';
import { testSocket } from '../../../shared/filter-fixtures';

const rows = [40001, 40002, 40003, 40004].map((p) => makeRow(testSocket({ localPort: p }), 0, 'steady', 0));
const id = (i: number): string => rows[i]?.id ?? '';

describe('selection', () => {
  it('replaces, toggles and extends by range', () => {
    let s = selectId(EMPTY_SELECTION, id(1), 'replace', rows);
    expect([...s.ids]).toEqual([id(1)]);
    s = selectId(s, id(3), 'range', rows);
    expect([...s.ids]).toEqual([id(1), id(2), id(3)]);
    expect(s.primary).toBe(id(3));
    s = selectId(s, id(2), 'toggle', rows);
    expect([...s.ids]).toEqual([id(1), id(3)]);
  });

  it('moves with the keyboard, clamped, and asks the table to reveal', () => {
    let s = moveSelection(EMPTY_SELECTION, rows, 1);
    expect(s.primary).toBe(id(0));
    s = moveSelection(s, rows, 10);
    expect(s.primary).toBe(id(3));
    expect(s.reveal).toBe(2);
    s = moveSelection(s, rows, 'first');
    expect(s.primary).toBe(id(0));
    expect(moveSelection(s, [], 1)).toBe(s);
  });

  it('keeps ids that still exist and drops the rest', () => {
    const s = selectId(selectId(EMPTY_SELECTION, id(0), 'replace', rows), id(1), 'toggle', rows);
    expect(pruneSelection(s, () => true)).toBe(s);
    const pruned = pruneSelection(s, (x) => x === id(0));
    expect([...pruned.ids]).toEqual([id(0)]);
    expect(pruned.primary).toBeNull();
  });
});
