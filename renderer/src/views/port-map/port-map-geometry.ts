/**
 * Where each port of a range sits on the port map: one square cell per port, row-major from the
 * range's low end. The same numbers go into the canvas's data-* attributes, so tests (and the
 * hover/click handlers) find a port's cell with col = (p-low) % cols, row = floor((p-low) / cols).
 */
import type { PortRange } from '../../../../shared/model';

/** The grid a range is drawn on, in CSS pixels. */
export interface MapGeometry {
  low: number;
  high: number;
  count: number;
  cols: number;
  rows: number;
  /** Pixels per cell including the gap. */
  cell: number;
  /** Pixels of gap at the right and bottom of each cell (0 for small cells). */
  gap: number;
  width: number;
  height: number;
}

const MAX_CELL = 24;
/** Smallest cell: below 2 px a port cannot be hovered or clicked reliably. */
const MIN_CELL = 2;

/**
 * The largest whole-pixel cell that fits the range into maxWidth × maxHeight; when even the
 * smallest does not fit, the smallest cells and a taller map (its container scrolls).
 */
export function mapGeometry(range: PortRange, maxWidth: number, maxHeight: number): MapGeometry {
  const count = Math.max(0, range.high - range.low + 1);
  const width = Math.max(1, Math.floor(maxWidth));
  let cell = MIN_CELL;
  for (let c = MAX_CELL; c > MIN_CELL; c -= 1) {
    const cols = Math.floor(width / c);
    if (cols >= 1 && Math.ceil(count / cols) * c <= maxHeight) {
      cell = c;
      break;
    }
  }
  const cols = Math.max(1, Math.min(count, Math.floor(width / cell)));
  const rows = Math.ceil(count / cols);
  return {
    low: range.low,
    high: range.high,
    count,
    cols,
    rows,
    cell,
    gap: cell >= 5 ? 1 : 0,
    width: cols * cell,
    height: rows * cell,
  };
}

/** Top-left corner of a port's cell, or null when the port is outside the range. */
export function cellOrigin(g: MapGeometry, port: number): { x: number; y: number } | null {
  if (port < g.low || port > g.high) return null;
  const i = port - g.low;
  return { x: (i % g.cols) * g.cell, y: Math.floor(i / g.cols) * g.cell };
}

/** The port under a point (CSS px relative to the canvas), or null off the grid. */
export function portAt(g: MapGeometry, x: number, y: number): number | null {
  if (x < 0 || y < 0 || x >= g.width || y >= g.height) return null;
  const i = Math.floor(y / g.cell) * g.cols + Math.floor(x / g.cell);
  return i < g.count ? g.low + i : null;
}

/**
 * The staircase line that separates ports below `port` from the rest (IANA's 49152 boundary),
 * as polyline points; null when the boundary is not inside the range.
 */
export function boundaryLine(g: MapGeometry, port: number): Array<[number, number]> | null {
  const at = cellOrigin(g, port);
  if (!at || port === g.low) return null;
  const right = g.width;
  if (at.x === 0)
    return [
      [0, at.y],
      [right, at.y],
    ];
  return [
    [0, at.y + g.cell],
    [at.x, at.y + g.cell],
    [at.x, at.y],
    [right, at.y],
  ];
}
