/**
 * The destinations tab (issue 13): one row per remote (address, port, proto), busiest first by
 * births per second. The OS range runs out per destination, so this answers "which destination
 * eats the ports, and who calls it?". Clicking a row filters the socket table to it. Bytes are
 * read for the top rows only, once a second, while the tab is shown.
 */
import type { Destination } from '../../../../shared/destination-model';
import { formatCount, formatDuration, formatEndpoint, formatPercent } from '../../../../shared/format';
import { useServices, useStoreState } from '../../app-context';
import { Sparkline } from '../glance/sparkline';
import { totalsText } from './traffic-text';
import { useTcpInfo } from './use-tcp-info';

/** Rows whose bytes are read. */
export const BYTES_ROWS = 5;

const SHORT_STATE: Record<string, string> = { ESTABLISHED: 'ESTAB', TIME_WAIT: 'TW', CLOSE_WAIT: 'CW', FIN_WAIT1: 'FW1', FIN_WAIT2: 'FW2', SYN_SENT: 'SYN' };

/** The filter that shows one destination's sockets. */
export function destinationFilter(d: Pick<Destination, 'remoteAddress' | 'remotePort' | 'proto'>): string {
  return `remote:${formatEndpoint(d.remoteAddress, d.remotePort)} proto:${d.proto}`;
}

function statesText(d: Destination): string {
  return Object.entries(d.states)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([s, n]) => `${SHORT_STATE[s] ?? s} ${n}`)
    .join(' · ');
}

function occupancyText(d: Destination): string {
  const o = d.occupancy;
  if (o === null) return '—';
  const full = o.forecastSec === null ? 'not rising' : `full in ${formatDuration(o.forecastSec * 1000)}`;
  return `${formatPercent(o.fraction)} of the range from ${o.localAddress} · ${full}`;
}

function Bytes({ d }: { d: Destination }) {
  const info = useTcpInfo(d.proto === 'tcp' ? { kind: 'destination', key: d.key } : null);
  if (d.proto !== 'tcp') return <span className="muted">TCP only</span>;
  if (info.status === 'loading') return <span className="muted">…</span>;
  return <span data-testid="destination-bytes">{info.status === 'error' ? info.message : totalsText(info.result)}</span>;
}

function Row({ d, rank, onPick }: { d: Destination; rank: number; onPick: (d: Destination) => void }) {
  const { store } = useServices();
  const name = store.hostName(d.remoteAddress);
  const endpoint = formatEndpoint(d.remoteAddress, d.remotePort);
  return (
    <li
      data-testid="destination-row"
      data-key={d.key}
      data-remote-port={d.remotePort}
      className="destination"
      title={`Show the sockets of ${endpoint}/${d.proto}`}
      onClick={() => onPick(d)}
    >
      <div className="dest-name mono" title={name === null ? endpoint : `${endpoint} (${name})`}>
        {name === null ? endpoint : `${name}:${d.remotePort}`} <span className="muted">{d.proto}</span>
      </div>
      <div className="dest-now small">
        <b>{formatCount(d.connections)}</b> now {d.connections > 0 && <span className="muted">({statesText(d)})</span>}
      </div>
      <div className="dest-births">
        <b data-testid="destination-births">{d.birthsPerSec.toFixed(1)}</b>/s
        <Sparkline births={d.births} deaths={[]} height={18} />
      </div>
      <div className="dest-life small">
        life {d.medianLifetimeMs === null ? '—' : formatDuration(d.medianLifetimeMs)} · TIME_WAIT {formatCount(d.timeWait)}
      </div>
      <div className="dest-occ small">{occupancyText(d)}</div>
      <div className="dest-callers small" data-testid="destination-callers">
        {d.callers.map((c) => (
          <span key={`${c.pid}:${c.startTime}`} data-pid={c.pid} title={c.inferredBirths > 0 ? `${c.inferredBirths} of ${c.births} first seen in TIME_WAIT and given to the process seen calling here` : undefined}>
            {c.name} ({c.pid}) ×{formatCount(c.births)}
            {c.inferredBirths > 0 ? '?' : ''}
          </span>
        ))}
        {d.unknownBirths > 0 && <span className="muted">unknown ×{formatCount(d.unknownBirths)}</span>}
        {d.callers.length === 0 && d.unknownBirths === 0 && <span className="muted">no caller known</span>}
      </div>
      <div className="dest-bytes small">{rank < BYTES_ROWS ? <Bytes d={d} /> : <span className="muted">bytes for the top {BYTES_ROWS}</span>}</div>
    </li>
  );
}

/** The tab's body. */
export function DestinationsView({ onPick }: { onPick: () => void }) {
  const state = useStoreState();
  const { store } = useServices();
  const view = state.destinations;
  const pick = (d: Destination): void => {
    store.setFilter(destinationFilter(d));
    onPick();
  };
  return (
    <div className="destinations card" data-testid="destinations">
      <div className="dest-head muted small">
        {view === null
          ? 'Waiting for the first sample…'
          : `Births per second over the last ${Math.round(view.spanSec)} s · ${formatCount(view.totals.tracked)} destinations · click one to see its sockets`}
      </div>
      <ol className="dest-list">
        {view !== null && view.destinations.length === 0 && <li className="muted">No outgoing connections yet.</li>}
        {view?.destinations.map((d, i) => <Row key={d.key} d={d} rank={i} onPick={pick} />)}
      </ol>
    </div>
  );
}
