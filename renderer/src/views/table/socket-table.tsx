/**
 * The live socket table: every row of the store, windowed by hand (fixed row height, only the
 * rows on screen plus overscan are in the DOM), so 10,000 sockets scroll and update smoothly.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatCount } from '../../../../shared/format';
import { useServices, useStoreState } from '../../app-context';
import { useElementSize } from '../../lib/use-element-size';
import { ROW_HEIGHT, SocketRow, rowIdOf } from './socket-row';
import { TableHeader } from './table-header';
import { revealScrollTop, visibleSlice } from './virtual-window';

interface SocketTableProps {
  onOpen: (id: string) => void;
}

function EmptyState({ waiting, filtered }: { waiting: boolean; filtered: boolean }) {
  if (waiting) return <div className="table-empty">Waiting for the first sample…</div>;
  return <div className="table-empty">{filtered ? 'No socket matches the filter.' : 'No sockets.'}</div>;
}

/**
 * A double-click opens a row only when its first click hit that same row. The browser counts
 * clicks by place and time, not by element: when the layout moves between the two clicks (a
 * banner comes or goes, rows re-sort under the pointer), a double-click that began on the banner
 * text or the port map would otherwise open a dialog over an unrelated row.
 */
function useSameRowDoubleClick(onOpen: (id: string) => void): (id: string) => void {
  const firstClick = useRef<string | null>(null);
  useEffect(() => {
    const onDown = (e: MouseEvent): void => {
      if (e.detail <= 1) firstClick.current = rowIdOf(e.target);
    };
    window.addEventListener('mousedown', onDown, true);
    return () => window.removeEventListener('mousedown', onDown, true);
  }, []);
  return useCallback(
    (id: string) => {
      if (firstClick.current === id) onOpen(id);
    },
    [onOpen],
  );
}

/** The virtualized table with its header. */
export function SocketTable({ onOpen }: SocketTableProps) {
  const state = useStoreState();
  const { store } = useServices();
  const body = useRef<HTMLDivElement>(null);
  const { height } = useElementSize(body);
  const [scrollTop, setScrollTop] = useState(0);
  const { rows, selection } = state;

  useEffect(() => {
    const el = body.current;
    if (!el || selection.reveal === 0 || selection.primary === null) return;
    const index = rows.findIndex((r) => r.id === selection.primary);
    if (index < 0) return;
    const top = revealScrollTop(index, el.scrollTop, el.clientHeight, ROW_HEIGHT);
    if (top !== null) el.scrollTop = top;
    // Only a new reveal request scrolls; ordinary updates leave the scroll position alone.
  }, [selection.reveal]);

  const onSelect = useCallback(
    (id: string, mode: Parameters<typeof store.select>[1]) => store.select(id, mode),
    [store],
  );
  const onDouble = useSameRowDoubleClick(onOpen);
  const { start, end } = visibleSlice(scrollTop, height, ROW_HEIGHT, rows.length);
  const visible = rows.slice(start, end);
  const sampleTime = state.meta?.time ?? state.now;

  return (
    <div
      className="table card"
      data-testid="socket-table"
      role="grid"
      aria-rowcount={rows.length + 1}
      aria-multiselectable
    >
      <TableHeader sort={state.sort} onSort={(c) => store.toggleSort(c)} />
      <div ref={body} className="tbody" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div className="tspacer" style={{ height: rows.length * ROW_HEIGHT }}>
          {visible.map((row, i) => (
            <SocketRow
              key={`${row.id}@${row.statusAt}`}
              row={row}
              index={start + i}
              selected={selection.ids.has(row.id)}
              sampleTime={sampleTime}
              now={state.now}
              onSelect={onSelect}
              onOpen={onDouble}
            />
          ))}
        </div>
        {rows.length === 0 && <EmptyState waiting={state.meta === null} filtered={state.filterText.trim() !== ''} />}
      </div>
      <div className="tfoot muted">
        {formatCount(rows.length)} shown · {formatCount(state.live.size)} live
        {state.ghostCount > 0 && ` · ${formatCount(state.ghostCount)} closing`}
      </div>
    </div>
  );
}
