// A tiny signed-distance rasterizer: shapes are distance functions in pixels, coverage is
// clamp(0.5 - d), so edges are anti-aliased at any size without supersampling.

/** A blank canvas of premultiplied RGBA floats. */
export function createCanvas(size) {
  return { size, data: new Float32Array(size * size * 4) };
}

/** Parses '#rrggbb' into 0..1 channels. */
export function hex(color, alpha = 1) {
  const n = Number.parseInt(color.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255, alpha];
}

/**
 * Paints a shape with "source over": `distance(x, y)` in pixels (negative inside),
 * `paint(x, y)` the straight RGBA colour at that point.
 */
export function fill(canvas, distance, paint) {
  const { size, data } = canvas;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const coverage = Math.min(1, Math.max(0, 0.5 - distance(px, py)));
      if (coverage <= 0) continue;
      const [r, g, b, a] = typeof paint === 'function' ? paint(px, py) : paint;
      const alpha = a * coverage;
      const i = (y * size + x) * 4;
      const keep = 1 - alpha;
      data[i] = r * alpha + data[i] * keep;
      data[i + 1] = g * alpha + data[i + 1] * keep;
      data[i + 2] = b * alpha + data[i + 2] * keep;
      data[i + 3] = alpha + data[i + 3] * keep;
    }
  }
}

/** Converts the canvas to straight 8-bit RGBA for the PNG encoder. */
export function toRgba(canvas) {
  const { data } = canvas;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3];
    out[i + 3] = Math.round(a * 255);
    if (a <= 0) continue;
    for (let c = 0; c < 3; c++) out[i + c] = Math.round(Math.min(1, data[i + c] / a) * 255);
  }
  return out;
}

/** Distance to a rounded rectangle centred at (cx, cy) with half sizes hw, hh and corner radius r. */
export function roundedRect(cx, cy, hw, hh, r) {
  return (x, y) => {
    const qx = Math.abs(x - cx) - (hw - r);
    const qy = Math.abs(y - cy) - (hh - r);
    const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
    return outside + Math.min(Math.max(qx, qy), 0) - r;
  };
}

/** Distance to a stroke of width w along a shape's outline. */
export function outline(shape, w) {
  return (x, y) => Math.abs(shape(x, y)) - w / 2;
}

function segmentDistance(x, y, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** Distance to a round-capped polyline of width w through points [[x, y], …]. */
export function polyline(points, w) {
  return (x, y) => {
    let best = Infinity;
    for (let i = 1; i < points.length; i++) {
      const [ax, ay] = points[i - 1];
      const [bx, by] = points[i];
      best = Math.min(best, segmentDistance(x, y, ax, ay, bx, by));
    }
    return best - w / 2;
  };
}

/** A vertical gradient between two straight colours from y0 to y1. */
export function verticalGradient(top, bottom, y0, y1) {
  return (_x, y) => {
    const t = Math.min(1, Math.max(0, (y - y0) / (y1 - y0)));
    return top.map((v, i) => v + (bottom[i] - v) * t);
  };
}
