/**
 * Canvas helpers for the port map and sparkline: size a canvas in CSS pixels with a backing
 * store scaled by devicePixelRatio (sharp on HiDPI), and read theme colours from CSS variables.
 */

/** Sizes the canvas and returns a context whose units are CSS pixels. */
export function prepareCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/** A CSS custom property of an element (theme colours live there), trimmed. */
export function cssVar(el: Element, name: string, fallback = '#888'): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

const themeCache = new Map<string, Map<string, string>>();

/**
 * CSS variables read once per colour scheme: getComputedStyle forces a style recalculation, too
 * costly to pay on every redraw of a chart that updates every second.
 */
export function themeVars<K extends string>(el: Element, scheme: string, names: readonly K[]): Record<K, string> {
  let cache = themeCache.get(scheme);
  if (!cache) {
    cache = new Map();
    themeCache.set(scheme, cache);
  }
  const out = {} as Record<K, string>;
  for (const name of names) {
    let value = cache.get(name);
    if (value === undefined) {
      value = cssVar(el, name);
      cache.set(name, value);
    }
    out[name] = value;
  }
  return out;
}
