/**
 * Paints the port map into one ImageData (one typed-array fill per cell row instead of a canvas
 * call per port, so 28,000 ports repaint in about a millisecond): free cells in two shades
 * (below and inside IANA's dynamic range), held ports, TIME_WAIT ports and freshly freed ports
 * whose heat fades, then the 49152 boundary as a dashed line on top.
 */
import { IANA_DYNAMIC } from '../../../../shared/port-class';
import { cssVar } from '../../lib/canvas';
import { FREED_HEAT_MS, type PortOccupancy } from '../../store/port-occupancy';
import { boundaryLine, type MapGeometry } from './port-map-geometry';

/** Theme colours as packed RGBA (ImageData byte order), read once per theme. */
export interface MapPalette {
  free: number;
  freeDyn: number;
  used: number;
  tw: number;
  freed: Rgba;
  boundary: string;
}

type Rgba = [number, number, number, number];

const pack = ([r, g, b, a]: Rgba): number => ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;

/** Resolves any CSS colour to RGBA by letting a 1×1 canvas parse it. */
function rgbaOf(scratch: CanvasRenderingContext2D, css: string): Rgba {
  scratch.clearRect(0, 0, 1, 1);
  scratch.fillStyle = css;
  scratch.fillRect(0, 0, 1, 1);
  const d = scratch.getImageData(0, 0, 1, 1).data;
  return [d[0] ?? 0, d[1] ?? 0, d[2] ?? 0, d[3] ?? 255];
}

/** Reads the map colours from the theme's CSS variables. */
export function readPalette(el: Element): MapPalette | null {
  const scratch = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!scratch) return null;
  const color = (name: string): Rgba => rgbaOf(scratch, cssVar(el, name));
  return {
    free: pack(color('--map-free')),
    freeDyn: pack(color('--map-free-dyn')),
    used: pack(color('--map-used')),
    tw: pack(color('--map-tw')),
    freed: color('--map-freed'),
    boundary: cssVar(el, '--map-boundary'),
  };
}

/** The freed colour over the free colour, more opaque the hotter the port. */
function heatColor(freed: Rgba, under: number, heat: number): number {
  const a = 0.15 + 0.85 * heat;
  const mix = (c: number, shift: number): number => Math.round(c * a + ((under >>> shift) & 0xff) * (1 - a));
  return pack([mix(freed[0], 0), mix(freed[1], 8), mix(freed[2], 16), 255]);
}

/**
 * Draws the whole map for `now` (local ms) on a canvas sized g.width × g.height CSS px at `dpr`;
 * returns true while some cell still has heat (the caller schedules the next frame).
 */
export function paintPortMap(
  ctx: CanvasRenderingContext2D,
  g: MapGeometry,
  p: MapPalette,
  occ: PortOccupancy,
  now: number,
  dpr: number,
): boolean {
  const w = ctx.canvas.width;
  const h = ctx.canvas.height;
  const img = ctx.createImageData(w, h);
  const px = new Uint32Array(img.data.buffer);
  const size = g.cell - g.gap;
  // Device-pixel edges of every column and row, computed once per paint.
  const xs = Array.from(
    { length: g.cols },
    (_, c) => [Math.round(c * g.cell * dpr), Math.min(w, Math.round((c * g.cell + size) * dpr))] as const,
  );
  let hot = false;
  for (let i = 0; i < g.count; i += 1) {
    const port = g.low + i;
    const row = Math.floor(i / g.cols);
    const [x0, x1] = xs[i % g.cols] ?? [0, 0];
    const under = port >= IANA_DYNAMIC.low ? p.freeDyn : p.free;
    let color = under;
    const held = occ.held[port] ?? 0;
    if (held > 0) color = held > (occ.timeWait[port] ?? 0) ? p.used : p.tw;
    else {
      const age = now - (occ.freedAt[port] ?? 0);
      if ((occ.freedAt[port] ?? 0) > 0 && age < FREED_HEAT_MS) {
        color = heatColor(p.freed, under, 1 - Math.max(0, age) / FREED_HEAT_MS);
        hot = true;
      }
    }
    const y1 = Math.min(h, Math.round((row * g.cell + size) * dpr));
    for (let y = Math.round(row * g.cell * dpr); y < y1; y += 1) {
      const base = y * w;
      for (let x = x0; x < x1; x += 1) px[base + x] = color;
    }
  }
  ctx.putImageData(img, 0, 0);
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
