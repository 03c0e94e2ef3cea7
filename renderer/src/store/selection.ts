/**
 * Table selection by socket id, so it survives re-sorting, filtering and updates: a row that
 * closes stays selected while its ghost is shown and is dropped when the ghost leaves.
 */
import type { TableRow } from './table-row';

/** The selected rows; `primary` drives the owner panel and the details dialog. */
export interface Selection {
  readonly primary: string | null;
  readonly ids: ReadonlySet<string>;
  /** Where a shift-click range starts. */
  readonly anchor: string | null;
  /** Bumped when the table should scroll the primary row into view (keyboard, port map). */
  readonly reveal: number;
}

/** How a click changes the selection: plain, ctrl/cmd (toggle) or shift (range). */
export type SelectMode = 'replace' | 'toggle' | 'range';

/** Nothing selected. */
export const EMPTY_SELECTION: Selection = { primary: null, ids: new Set(), anchor: null, reveal: 0 };

function rangeIds(rows: readonly TableRow[], from: string, to: string): string[] | null {
  const a = rows.findIndex((r) => r.id === from);
  const b = rows.findIndex((r) => r.id === to);
  if (a < 0 || b < 0) return null;
  return rows.slice(Math.min(a, b), Math.max(a, b) + 1).map((r) => r.id);
}

/** Applies a click on row `id`. */
export function selectId(sel: Selection, id: string, mode: SelectMode, rows: readonly TableRow[]): Selection {
  if (mode === 'toggle') {
    const ids = new Set(sel.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    const primary = ids.has(id) ? id : ([...ids].at(-1) ?? null);
    return { ...sel, primary, ids, anchor: id };
  }
  if (mode === 'range' && sel.anchor) {
    const span = rangeIds(rows, sel.anchor, id);
    if (span) return { ...sel, primary: id, ids: new Set(span) };
  }
  return { ...sel, primary: id, ids: new Set([id]), anchor: id };
}

/** Selects `id` alone and asks the table to scroll it into view. */
export function revealId(sel: Selection, id: string): Selection {
  return { primary: id, ids: new Set([id]), anchor: id, reveal: sel.reveal + 1 };
}

/** Keyboard movement: a step (±1, ±page) from the primary row, or to the first/last row. */
export function moveSelection(sel: Selection, rows: readonly TableRow[], step: number | 'first' | 'last'): Selection {
  if (rows.length === 0) return sel;
  const current = sel.primary === null ? -1 : rows.findIndex((r) => r.id === sel.primary);
  let index: number;
  if (step === 'first') index = 0;
  else if (step === 'last') index = rows.length - 1;
  else if (current < 0) index = step > 0 ? 0 : rows.length - 1;
  else index = Math.min(rows.length - 1, Math.max(0, current + step));
  const row = rows[index];
  return row ? revealId(sel, row.id) : sel;
}

/** Drops ids that no longer exist (ghost expired); returns the same object when nothing changed. */
export function pruneSelection(sel: Selection, exists: (id: string) => boolean): Selection {
  let changed = false;
  const ids = new Set<string>();
  for (const id of sel.ids) {
    if (exists(id)) ids.add(id);
    else changed = true;
  }
  if (!changed) return sel;
  const primary = sel.primary !== null && ids.has(sel.primary) ? sel.primary : null;
  return { ...sel, ids, primary, anchor: sel.anchor !== null && ids.has(sel.anchor) ? sel.anchor : primary };
}
