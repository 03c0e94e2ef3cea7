/**
 * Births, deaths and kernel-counted opens per second over the last 5 minutes, drawn by uPlot on
 * canvas. uPlot owns its canvas; the data-* totals and test id are set on it after each update.
 */
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatClock, formatCount } from '../../../../shared/format';
import { useStoreState } from '../../app-context';
import { cssVar } from '../../lib/canvas';
import { useColorScheme } from '../../lib/use-color-scheme';
import { useElementSize } from '../../lib/use-element-size';
import { churnSeries, type ChurnSeries } from './churn-series';

function chartOptions(el: Element, width: number, height: number): uPlot.Options {
  const axis = (): uPlot.Axis => ({
    stroke: cssVar(el, '--muted'),
    grid: { stroke: cssVar(el, '--border'), width: 1 },
    ticks: { stroke: cssVar(el, '--border'), width: 1, size: 4 },
    font: '11px system-ui, sans-serif',
    size: 28,
  });
  return {
    width,
    height,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { size: 5 } },
    padding: [6, 8, 0, 0],
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] } },
    axes: [
      { ...axis(), space: 50, values: (_u, ticks) => ticks.map((t) => formatClock(t * 1000)) },
      {
        ...axis(),
        values: (_u, ticks) => ticks.map((t) => formatCount(t)),
        // Room for the longest tick label ("20,000"), so nothing is cut at the left edge.
        size: (_u, values) => 12 + Math.max(2, ...(values ?? []).map((v) => String(v).length)) * 6.5,
      },
    ],
    series: [
      {},
      { label: 'born', stroke: cssVar(el, '--births'), width: 1.5, points: { show: false } },
      { label: 'closed', stroke: cssVar(el, '--deaths'), width: 1.5, points: { show: false } },
      { label: 'kernel opens', stroke: cssVar(el, '--kernel'), width: 1.5, dash: [4, 3], points: { show: false } },
    ],
  };
}

function toData(s: ChurnSeries): uPlot.AlignedData {
  return [s.x, s.births, s.deaths, s.kernel];
}

function stamp(canvas: HTMLCanvasElement, s: ChurnSeries): void {
  canvas.dataset.testid = 'churn-chart';
  canvas.dataset.birthsTotal = String(s.totals.births);
  canvas.dataset.deathsTotal = String(s.totals.deaths);
  canvas.dataset.kernelTotal = s.totals.kernel === null ? '' : String(s.totals.kernel);
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `Churn, last 5 minutes: ${s.totals.births} born, ${s.totals.deaths} closed`);
}

/** The churn chart card. */
export function ChurnChart() {
  const state = useStoreState();
  const wrap = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { width, height } = useElementSize(wrap);
  const scheme = useColorScheme();
  const series = useMemo(() => churnSeries(state.churn?.buckets ?? []), [state.churn]);
  const latest = useRef(series);
  latest.current = series;

  const ready = width > 0 && height > 0;

  // Rebuilt on theme change (colours are baked into the options); size changes go to setSize.
  useEffect(() => {
    const el = wrap.current;
    if (!el || !ready) return;
    const u = new uPlot(chartOptions(el, width, height), toData(latest.current), el);
    plot.current = u;
    stamp(u.ctx.canvas, latest.current);
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, [scheme, ready]);

  useEffect(() => {
    plot.current?.setSize({ width, height });
  }, [width, height]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    u.setData(toData(series));
    stamp(u.ctx.canvas, series);
  }, [series]);

  const t = series.totals;
  return (
    <section className="card chart-card" aria-label="Churn chart">
      <header className="card-head">
        <h2 className="card-title">Churn · last 5 min</h2>
        <span className="legend small">
          <span>
            <i className="sw sw-births" />
            born {formatCount(t.births)}
          </span>
          <span>
            <i className="sw sw-deaths" />
            closed {formatCount(t.deaths)}
          </span>
          <span>
            <i className="sw sw-kernel" />
            kernel opens {t.kernel === null ? '—' : formatCount(t.kernel)}
          </span>
        </span>
      </header>
      <div ref={wrap} className="chart-wrap" />
    </section>
  );
}
