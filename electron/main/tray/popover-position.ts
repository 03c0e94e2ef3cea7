/**
 * Where the tray popover opens: next to the tray icon, on the side away from the taskbar
 * (below a top bar, above a bottom taskbar, beside a left or right one), kept inside the work
 * area. Linux often reports empty tray bounds, so then the click's cursor position stands in
 * for the icon, and without that the popover goes to the top-right corner of the work area.
 */

/** A rectangle in screen DIPs, as Electron's Rectangle. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Which screen edge the taskbar (or menu bar) sits on; 'corner' when nothing tells us. */
export type TaskbarSide = 'top' | 'bottom' | 'left' | 'right' | 'corner';

/** Everything the placement needs, all plain data from Tray, BrowserWindow and screen. */
export interface PopoverInput {
  tray: Rect;
  window: { width: number; height: number };
  workArea: Rect;
  display: Rect;
  /** Cursor position at the click, used when the tray bounds are empty. */
  cursor?: { x: number; y: number } | null;
}

/** Gap between the tray and the popover, and between the popover and the work-area edge. */
export const POPOVER_GAP = 6;

const isEmpty = (r: Rect) => r.width <= 0 || r.height <= 0;
const contains = (r: Rect, p: { x: number; y: number }) => p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;
const clamp = (v: number, low: number, high: number) => Math.max(low, Math.min(high, v));

/** The taskbar side: where the work area is cut from the display, else the edge nearest the anchor. */
export function taskbarSide(workArea: Rect, display: Rect, anchor: { x: number; y: number }): Exclude<TaskbarSide, 'corner'> {
  if (workArea.y > display.y) return 'top';
  if (workArea.y + workArea.height < display.y + display.height) return 'bottom';
  if (workArea.x > display.x) return 'left';
  if (workArea.x + workArea.width < display.x + display.width) return 'right';
  const distances: Array<[Exclude<TaskbarSide, 'corner'>, number]> = [
    ['top', anchor.y - display.y],
    ['bottom', display.y + display.height - anchor.y],
    ['left', anchor.x - display.x],
    ['right', display.x + display.width - anchor.x],
  ];
  distances.sort((a, b) => a[1] - b[1]);
  return distances[0]?.[0] ?? 'top';
}

/** Rounds and keeps the window inside the work area. */
function fit(x: number, y: number, input: PopoverInput): { x: number; y: number } {
  const { workArea: wa, window: w } = input;
  return {
    x: Math.round(clamp(x, wa.x + POPOVER_GAP, wa.x + wa.width - w.width - POPOVER_GAP)),
    y: Math.round(clamp(y, wa.y + POPOVER_GAP, wa.y + wa.height - w.height - POPOVER_GAP)),
  };
}

/** The popover's top-left corner and the side it was placed for. */
export function popoverPosition(input: PopoverInput): { x: number; y: number; side: TaskbarSide } {
  const { workArea: wa, window: w, display } = input;
  let anchor: Rect | null = isEmpty(input.tray) ? null : input.tray;
  if (!anchor && input.cursor && contains(display, input.cursor)) anchor = { ...input.cursor, width: 0, height: 0 };
  if (!anchor) return { ...fit(wa.x + wa.width - w.width - POPOVER_GAP, wa.y + POPOVER_GAP, input), side: 'corner' };

  const centerX = anchor.x + anchor.width / 2;
  const centerY = anchor.y + anchor.height / 2;
  const side = taskbarSide(wa, display, { x: centerX, y: centerY });
  switch (side) {
    case 'top':
      return { ...fit(centerX - w.width / 2, Math.max(wa.y, anchor.y + anchor.height) + POPOVER_GAP, input), side };
    case 'bottom':
      return { ...fit(centerX - w.width / 2, Math.min(wa.y + wa.height, anchor.y) - w.height - POPOVER_GAP, input), side };
    case 'left':
      return { ...fit(Math.max(wa.x, anchor.x + anchor.width) + POPOVER_GAP, centerY - w.height / 2, input), side };
    case 'right':
      return { ...fit(Math.min(wa.x + wa.width, anchor.x) - w.width - POPOVER_GAP, centerY - w.height / 2, input), side };
  }
}
