/**
 * A 60 s sparkline of births and deaths per second on canvas: two thin lines on a shared scale,
 * redrawn when the data or the size or the theme changes.
 */
import { useEffect, useRef } from 'react';
import { prepareCanvas, themeVars } from '../../lib/canvas';
import { useColorScheme } from '../../lib/use-color-scheme';
import { useElementSize } from '../../lib/use-element-size';

interface SparklineProps {
  births: readonly number[];
  deaths: readonly number[];
  /** Points the x axis spans (missing ones stay empty on the left). */
  span?: number;
  height: number;
}

function drawLine(
  ctx: CanvasRenderingContext2D,
  values: readonly number[],
  span: number,
  w: number,
  h: number,
  max: number,
): void {
  if (values.length === 0) return;
  const step = w / Math.max(1, span - 1);
  const offset = span - values.length;
  ctx.beginPath();
  values.forEach((v, i) => {
    const x = (offset + i) * step;
    const y = h - 1.5 - (v / max) * (h - 3);
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
  ctx.stroke();
}

/** Births (green) and deaths (red) per second. */
export function Sparkline({ births, deaths, span = 60, height }: SparklineProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const { width } = useElementSize(wrap);
  const scheme = useColorScheme();

  useEffect(() => {
    const el = canvas.current;
    if (!el || width === 0) return;
    const ctx = prepareCanvas(el, width, height);
    if (!ctx) return;
    const max = Math.max(1, ...births, ...deaths);
    const colors = themeVars(el, scheme, ['--border', '--births', '--deaths']);
    ctx.strokeStyle = colors['--border'];
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, height - 0.5);
    ctx.lineTo(width, height - 0.5);
    ctx.stroke();
    ctx.lineWidth = 1.5;
    ctx.lineJoin = 'round';
    ctx.strokeStyle = colors['--deaths'];
    drawLine(ctx, deaths, span, width, height, max);
    ctx.strokeStyle = colors['--births'];
    drawLine(ctx, births, span, width, height, max);
  }, [births, deaths, span, width, height, scheme]);

  return (
    <div ref={wrap} className="sparkline" style={{ height }}>
      <canvas ref={canvas} aria-label="births and deaths per second, last 60 seconds" role="img" />
    </div>
  );
}
