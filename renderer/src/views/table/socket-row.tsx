/**
 * One table row. Memoized by row identity (rows are immutable) and the clock, so an update
 * re-renders only rows on screen. Keyed by id + status time by the table, which restarts the
 * flash animation each time the row changes.
 */
import { memo, type MouseEvent } from 'react';
import type { SelectMode } from '../../store/selection';
import { displayStatus, type TableRow } from '../../store/table-row';
import { stateColor } from '../state-colors';
import { COLUMNS, GRID_TEMPLATE } from './columns';

/** Fixed row height in CSS px; the windowing depends on it. */
export const ROW_HEIGHT = 24;

interface SocketRowProps {
  row: TableRow;
  index: number;
  selected: boolean;
  /** Latest sample time, for ages. */
  sampleTime: number;
  /** Local clock, for flash expiry. */
  now: number;
  onSelect: (id: string, mode: SelectMode) => void;
  onOpen: (id: string) => void;
}

function modeOf(e: MouseEvent): SelectMode {
  if (e.shiftKey) return 'range';
  if (e.ctrlKey || e.metaKey) return 'toggle';
  return 'replace';
}

function SocketRowView({ row, index, selected, sampleTime, now, onSelect, onOpen }: SocketRowProps) {
  const s = row.socket;
  const status = displayStatus(row, now);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="socket-row"
      data-id={row.id}
      tabIndex={-1}
      data-proto={s.proto}
      data-state={s.state}
      data-local-port={s.localPort}
      data-pid={s.owner?.pid ?? ''}
      data-status={status}
      className={`trow status-${status}${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)`, gridTemplateColumns: GRID_TEMPLATE }}
      onMouseDown={(e) => {
        if (e.shiftKey) e.preventDefault();
      }}
      onClick={(e) => onSelect(row.id, modeOf(e))}
      onDoubleClick={() => onOpen(row.id)}
    >
      {COLUMNS.map((c) => {
        const text = c.text(row, sampleTime);
        return (
          <div
            key={c.id}
            role="gridcell"
            className={`tcell col-${c.id}${c.mono ? ' mono' : ''}${c.align === 'end' ? ' end' : ''}`}
            title={c.tip?.(row) ?? text}
          >
            {c.id === 'state' && <span className="dot" style={{ background: stateColor(s.state) }} />}
            {text}
          </div>
        );
      })}
    </div>
  );
}

/** The memoized row. */
export const SocketRow = memo(SocketRowView);

/** The id of the row an event happened in, or null outside any row. */
export function rowIdOf(target: EventTarget | null): string | null {
  return target instanceof Element ? (target.closest('[data-testid="socket-row"]')?.getAttribute('data-id') ?? null) : null;
}

/** Focuses the row of an id when it is on screen (the details dialog gives focus back to it). */
export function focusRow(id: string): boolean {
  const el = document.querySelector<HTMLElement>(`[data-testid="socket-row"][data-id="${CSS.escape(id)}"]`);
  el?.focus({ preventScroll: true });
  return el !== null;
}
