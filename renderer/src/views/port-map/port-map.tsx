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
import { paintPortMap } from './port-map-paint';

const HEAT_FRAME_MS = 250;

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
    () => (range && size.width > 0 ? mapGeometry(range, size.width, Math.max(40, maxHeight)) : null),
    [range, size.width, maxHeight],
  );

  useEffect(() => {
    const el = canvas.current;
    if (!el || !g) return;
    const ctx = prepareCanvas(el, g.width, g.height);
    if (!ctx) return;
    const hot = paintPortMap(ctx, el, g, state.occupancy, Date.now());
    if (!hot) return;
    const t = setTimeout(() => setFrame((f) => f + 1), HEAT_FRAME_MS);
    return () => clearTimeout(t);
  }, [g, state.version, state.occupancy, scheme, frame]);

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>): void => {
    if (!g) return;
    const box = e.currentTarget.getBoundingClientRect();
    const port = portAt(g, e.clientX - box.left, e.clientY - box.top);
    setHover(port === null ? null : { port, x: e.clientX - box.left, y: e.clientY - box.top });
  };
  const onClick = (e: React.MouseEvent<HTMLCanvasElement>): void => {
    if (!g) return;
    const box = e.currentTarget.getBoundingClientRect();
    const port = portAt(g, e.clientX - box.left, e.clientY - box.top);
    if (port !== null) store.selectPort(port);
  };

  const title = range ? `Ports ${range.low}–${range.high}` : 'Ports';
  const spansIana = range ? inRange(IANA_DYNAMIC.low, range) && range.low !== IANA_DYNAMIC.low : false;
  return (
    <section className="card map-card" aria-label="Port map">
      <header className="card-head">
        <h2 className="card-title" title={range?.origin}>
          Port map · {title}
        </h2>
        <span className="muted small">{range ? `${formatCount(range.high - range.low + 1)} ports` : ''}</span>
      </header>
      <div ref={wrap} className="map-wrap" style={{ height: g ? Math.min(g.height, Math.max(40, maxHeight)) : 60 }}>
        {g && (
          <canvas
            ref={canvas}
            data-testid="port-map"
            data-low={g.low}
            data-high={g.high}
            data-cols={g.cols}
            data-cell={g.cell}
            role="img"
            aria-label={`Port map of ${title}; click a port to select its socket`}
            onMouseMove={onMove}
            onMouseLeave={() => setHover(null)}
            onClick={onClick}
          />
        )}
        {hover && g && (
          <div className="map-tip" style={{ left: Math.min(hover.x + 12, g.width - 220), top: hover.y + 14 }}>
            {describePort(state, hover.port).map((line, i) => (
              <div key={i} className={i === 0 ? 'tip-head' : undefined}>
                {line}
              </div>
            ))}
          </div>
        )}
        {!range && <div className="muted small pad">Waiting for the first sample…</div>}
      </div>
      <footer className="legend small">
        <span>
          <i className="sw sw-used" />
          in use
        </span>
        <span>
          <i className="sw sw-tw" />
          TIME_WAIT
        </span>
        <span>
          <i className="sw sw-freed" />
          freed &lt;10 s
        </span>
        <span>
          <i className="sw sw-free" />
          free
        </span>
        {spansIana && (
          <span>
            <i className="sw sw-dyn" />
            IANA dynamic (from 49152, dashed line)
          </span>
        )}
      </footer>
    </section>
  );
}
