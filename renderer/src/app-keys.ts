/**
 * The main window's keyboard: arrows/Page/Home/End move the selection, Enter opens details,
 * Esc closes them, `/` jumps to the filter. Keys typed into inputs stay with the input, except
 * Up/Down from the filter, which move the selection without leaving the box.
 */
import { useEffect, type RefObject } from 'react';
import type { SocketStore } from './store/socket-store';
import { ROW_HEIGHT } from './views/table/socket-row';
import { pageRows } from './views/table/virtual-window';

interface KeyOptions {
  store: SocketStore;
  filterRef: RefObject<HTMLInputElement | null>;
  detailsOpen: boolean;
  openDetails: (id: string) => void;
  /** Delete on a selection: asks to end the processes that hold it (the same confirmation as the buttons). */
  onDelete?: () => void;
}

const MOVES: Record<string, number | 'first' | 'last' | 'page-up' | 'page-down'> = {
  ArrowDown: 1,
  ArrowUp: -1,
  PageDown: 'page-down',
  PageUp: 'page-up',
  Home: 'first',
  End: 'last',
};

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

function tableViewportHeight(): number {
  return document.querySelector('.tbody')?.clientHeight ?? 480;
}

/** Installs the window-level key handler. */
export function useAppKeys({ store, filterRef, detailsOpen, openDetails, onDelete }: KeyOptions): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (detailsOpen || e.altKey || e.ctrlKey || e.metaKey) return;
      const typing = isTyping(e.target);
      const inFilter = e.target === filterRef.current;
      if (e.key === '/' && !typing) {
        e.preventDefault();
        filterRef.current?.focus();
        filterRef.current?.select();
        return;
      }
      if (e.key === 'Escape' && inFilter) {
        filterRef.current?.blur();
        return;
      }
      const move = MOVES[e.key];
      if (move !== undefined && (!typing || (inFilter && typeof move === 'number'))) {
        e.preventDefault();
        const page = pageRows(tableViewportHeight(), ROW_HEIGHT);
        store.move(move === 'page-down' ? page : move === 'page-up' ? -page : move);
        return;
      }
      if (e.key === 'Delete' && !typing && onDelete && store.getState().selection.ids.size > 0) {
        e.preventDefault();
        onDelete();
        return;
      }
      if (e.key === 'Enter' && (!typing || inFilter)) {
        const id = store.getState().selection.primary;
        if (id !== null) {
          e.preventDefault();
          openDetails(id);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, filterRef, detailsOpen, openDetails, onDelete]);
}
