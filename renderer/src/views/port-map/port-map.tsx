/**
 * The port map: one cell per port of this machine's ephemeral range, drawn on canvas. Hover
 * tells who holds a port; a click selects that port's first socket in the table. The canvas
 * carries data-low/high/cols/cell so tests can compute where any port is.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatAgo, formatCount } from '../../../../shared/format';
import { IANA_DYNAMIC, inRange, portClass } from '../../../../shared/port-class';
import { useServices, useStoreState } from '../../app-context';
import { prepareCanvas } from '../../lib/canvas';
import { useColorScheme } from '../../lib/use-color-scheme';
import { useElementSize } from '../../lib/use-element-size';
import { portCell } from '../../store/port-occupancy';
import type { StoreState } from '../../store/socket-store';
import { mapGeometry, portAt } from './port-map-geometry';
import { paintPortMap, readPalette, type MapPalette } from './port-map-paint';

const HEAT_FRAME_MS = 250;
const MIN_WRAP = 40;

/** The hovered port and the pointer in viewport px (the tooltip is position: fixed). */
interface Hover {
  port: number;
  x: number;
  y: number;
}

function describePort(state: StoreState, port: number): string[] {
  const cell = portCell(state.occupancy, port, Date.now());
  const lines = [`Port ${port} · ${portClass(port)}`];
  if (cell.state === 'free') return [...lines, 'free'];
  if (cell.state === 'freed') return [...lines, `freed ${formatAgo(state.occupancy.freedAt[port] ?? 0, Date.now())}`];
  const holders = [...state.live.values()].filter((r) => r.socket.localPort === port);
  for (const r of holders.slice(0, 3)) {
    const who = r.socket.owner ? `${r.socket.owner.name} (${r.socket.owner.pid})` : 'owner unknown';
    lines.push(`${who} · ${r.socket.proto} ${r.socket.state} → ${r.remoteText}`);
  }
  if (holders.length > 3) lines.push(`+${holders.length - 3} more`);
  return lines;
}

interface PortMapProps {
  /** Height the grid may take; the card adds its head and legend. */
  maxHeight: number;
}

/** The port map card. */
export function PortMap({ maxHeight }: PortMapProps) {
  const state = useStoreState();
  const { store } = useServices();
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(wrap);
  const scheme = useColorScheme();
  const [hover, setHover] = useState<Hover | null>(null);
  const [frame, setFrame] = useState(0);
  const range = state.meta?.ephemeralRange ?? state.status?.ephemeralRange ?? null;
  const g = useMemo(
    () => (range && size.width > 0 ? mapGeometry(range, size.width, Math.max(MIN_WRAP, maxHeight)) : null),
    [range, size.width, maxHeight],
  );

  const palette = useRef<{ scheme: string; colors: MapPalette | null } | null>(null);

  const lastPaint = useRef(0);

  // Paints at most every HEAT_FRAME_MS: updates and the heat fade both ask, one paint serves both.
  useEffect(() => {
    const el = canvas.current;
    if (!el || !g) return;
    const wait = lastPaint.current + HEAT_FRAME_MS - Date.now();
    if (wait > 0) {
      const t = setTimeout(() => setFrame((f) => f + 1), wait);
      return () => clearTimeout(t);
    }
    const ctx = prepareCanvas(el, g.width, g.height);
    if (!ctx) return;
    if (palette.current?.scheme !== scheme) palette.current = { scheme, colors: readPalette(el) };
    const colors = palette.current.colors;
    if (!colors) return;
    lastPaint.current = Date.now();
    const hot = paintPortMap(ctx, g, colors, state.occupancy, lastPaint.current, window.devicePixelRatio || 1);
    if (!hot) return;
    const t = setTimeout(() => setFrame((f) => f + 1), HEAT_FRAME_MS);
    return () => clearTimeout(t);
  }, [g, state.version, state.occupancy, scheme, frame]);

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>): void => {
    if (!g) return;
    const box = e.currentTarget.getBoundingClientRect();
    const port = portAt(g, e.clientX - box.left, e.clientY - box.top);
    setHover(port === null ? null : { port, x: e.clientX, y: e.clientY });
  };
  const onClick = (e: React.MouseEvent<HTMLCanvasElement>): void => {
    if (!g) return;
    const box = e.currentTarget.getBoundingClientRect();
    const port = portAt(g, e.clientX - box.left, e.clientY - box.top);
    if (port !== null) store.selectPort(port);
  };

  const spansIana = range ? inRange(IANA_DYNAMIC.low, range) && range.low !== IANA_DYNAMIC.low : false;
  return (
    <section className="card map-card" aria-label="Port map">
      <header className="map-side">
        <h2 className="card-title">Port map</h2>
        <div className="map-range mono" title={range?.origin}>
          {range ? `${range.low}–${range.high}` : '—'}
        </div>
        <div className="muted small">
          {range
            ? `${formatCount(range.high - range.low + 1)} ports, ${state.capture ? "the capture OS's default range" : "this machine's ephemeral range"}`
            : 'waiting for the first sample'}
        </div>
        <ul className="legend small map-legend">
          <li>
            <i className="sw sw-used" />
            in use
          </li>
          <li>
            <i className="sw sw-tw" />
            TIME_WAIT
          </li>
          <li title="freed in the last 10 s; the colour fades as the port cools">
            <i className="sw sw-freed" />
            freed
          </li>
          <li>
            <i className="sw sw-free" />
            free
          </li>
          {spansIana && (
            <li title="IANA's dynamic range starts at 49152: shaded darker, after the dashed line">
              <i className="sw sw-dyn" />≥ 49152
            </li>
          )}
        </ul>
      </header>
      <div
        ref={wrap}
        className="map-wrap"
        style={{ height: g ? Math.min(g.height, Math.max(MIN_WRAP, maxHeight)) : MIN_WRAP }}
      >
        {g && (
          <canvas
            ref={canvas}
            data-testid="port-map"
            data-low={g.low}
            data-high={g.high}
            data-cols={g.cols}
            data-cell={g.cell}
            role="img"
            aria-label={`Port map of ports ${g.low}-${g.high}; click a port to select its socket`}
            onMouseMove={onMove}
            onMouseLeave={() => setHover(null)}
            onClick={onClick}
          />
        )}
      </div>
      {hover && (
        <div className="map-tip" style={{ left: Math.min(hover.x + 12, window.innerWidth - 290), top: hover.y - 12 }}>
          {describePort(state, hover.port).map((line, i) => (
            <div key={i} className={i === 0 ? 'tip-head' : undefined}>
              {line}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
