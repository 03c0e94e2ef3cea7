/**
 * Paints the port map: free cells in two shades (below and inside IANA's dynamic range), held
 * ports, TIME_WAIT ports and freshly freed ports whose heat fades, then the 49152 boundary.
 */
import { IANA_DYNAMIC } from '../../../../shared/port-class';
import { cssVar } from '../../lib/canvas';
import { portCell, type PortOccupancy } from '../../store/port-occupancy';
import { boundaryLine, cellOrigin, type MapGeometry } from './port-map-geometry';

interface Palette {
  free: string;
  freeDyn: string;
  used: string;
  tw: string;
  freed: string;
  boundary: string;
}

function palette(el: Element): Palette {
  return {
    free: cssVar(el, '--map-free'),
    freeDyn: cssVar(el, '--map-free-dyn'),
    used: cssVar(el, '--map-used'),
    tw: cssVar(el, '--map-tw'),
    freed: cssVar(el, '--map-freed'),
    boundary: cssVar(el, '--map-boundary'),
  };
}

function fillFree(ctx: CanvasRenderingContext2D, g: MapGeometry, p: Palette): void {
  const size = g.cell - g.gap;
  if (g.gap > 0) {
    for (let port = g.low; port <= g.high; port += 1) {
      const at = cellOrigin(g, port);
      if (!at) continue;
      ctx.fillStyle = port >= IANA_DYNAMIC.low ? p.freeDyn : p.free;
      ctx.fillRect(at.x, at.y, size, size);
    }
    return;
  }
  // Small cells: whole rows at once, then the partial last row.
  const paintSpan = (from: number, to: number, color: string): void => {
    ctx.fillStyle = color;
    for (let port = from; port <= to;) {
      const at = cellOrigin(g, port);
      if (!at) break;
      const inRow = Math.min(to - port + 1, g.cols - at.x / g.cell);
      ctx.fillRect(at.x, at.y, inRow * g.cell, g.cell);
      port += inRow;
    }
  };
  const split = Math.min(g.high + 1, Math.max(g.low, IANA_DYNAMIC.low));
  paintSpan(g.low, split - 1, p.free);
  paintSpan(split, g.high, p.freeDyn);
}

/** Draws the whole map for `now` (local ms); returns true while some cell still has heat. */
export function paintPortMap(
  ctx: CanvasRenderingContext2D,
  el: Element,
  g: MapGeometry,
  occ: PortOccupancy,
  now: number,
): boolean {
  const p = palette(el);
  fillFree(ctx, g, p);
  const size = g.cell - g.gap;
  let hot = false;
  for (let port = g.low; port <= g.high; port += 1) {
    if ((occ.held[port] ?? 0) === 0 && (occ.freedAt[port] ?? 0) === 0) continue;
    const cell = portCell(occ, port, now);
    if (cell.state === 'free') continue;
    const at = cellOrigin(g, port);
    if (!at) continue;
    if (cell.state === 'freed') {
      hot = true;
      ctx.globalAlpha = 0.15 + 0.85 * cell.heat;
      ctx.fillStyle = p.freed;
    } else {
      ctx.fillStyle = cell.state === 'used' ? p.used : p.tw;
    }
    ctx.fillRect(at.x, at.y, size, size);
    ctx.globalAlpha = 1;
  }
  const line = boundaryLine(g, IANA_DYNAMIC.low);
  if (line) {
    ctx.strokeStyle = p.boundary;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([3, 2]);
    ctx.beginPath();
    line.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
    ctx.stroke();
    ctx.setLineDash([]);
  }
  return hot;
}
