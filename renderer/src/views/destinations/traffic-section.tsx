/**
 * Bytes per connection of the process in the details (issue 13): tcp_info of its TCP sockets,
 * read once a second while the dialog is open, with the process's total. On an OS without
 * tcp_info it says so in words.
 */
import { useState } from 'react';
import type { Owner } from '../../../../shared/model';
import { formatBytes, formatEndpoint } from '../../../../shared/format';
import { rateText, totalsText } from './traffic-text';
import { useTcpInfo } from './use-tcp-info';

/** The traffic table for one process. */
export function TrafficSection({ owner }: { owner: Owner }) {
  const info = useTcpInfo({ kind: 'process', pid: owner.pid, ...(owner.startTime > 0 ? { startTime: owner.startTime } : {}) });
  if (info.status === 'loading') return <div className="muted small">reading tcp_info…</div>;
  if (info.status === 'error') return <div className="muted small">{info.message}</div>;
  const r = info.result;
  if (!r.available) return <div className="muted small" data-testid="traffic-unavailable">{r.reason}</div>;
  return (
    <div data-testid="traffic">
      <div className="small" data-testid="traffic-total" data-acked={r.totals.bytesAcked} data-received={r.totals.bytesReceived}>
        {owner.name} in total: {totalsText(r)}
      </div>
      {r.connections.length === 0 ? (
        <div className="muted small">no open TCP connection</div>
      ) : (
        <table className="mini-table small">
          <thead>
            <tr>
              <th>connection</th>
              <th className="num">acked ↑</th>
              <th className="num">received ↓</th>
              <th className="num">rate ↑ / ↓</th>
              <th className="num">RTT</th>
            </tr>
          </thead>
          <tbody>
            {r.connections.map((c) => (
              <tr key={c.id} data-testid="traffic-row" data-local-port={c.localPort} data-acked={c.bytesAcked}>
                <td className="mono">
                  {formatEndpoint(c.localAddress, c.localPort)} → {formatEndpoint(c.remoteAddress, c.remotePort)}
                </td>
                <td className="num">{formatBytes(c.bytesAcked)}</td>
                <td className="num">{formatBytes(c.bytesReceived)}</td>
                <td className="num">
                  {rateText(c.sendRate)} / {rateText(c.receiveRate)}
                </td>
                <td className="num">{c.rttMs === null ? '—' : `${c.rttMs.toFixed(2)} ms`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * Bytes of one row on request: for a socket whose owner is unknown (another user's, or an orphan)
 * there is no process to read for, so the user asks for this connection alone.
 */
export function RowTraffic({ rowId }: { rowId: string }) {
  const [asked, setAsked] = useState(false);
  if (!asked) {
    return (
      <button type="button" className="btn btn-small" data-testid="traffic-ask" onClick={() => setAsked(true)}>
        Read bytes of this connection
      </button>
    );
  }
  return <RowTrafficRead rowId={rowId} />;
}

function RowTrafficRead({ rowId }: { rowId: string }) {
  const info = useTcpInfo({ kind: 'socket', id: rowId });
  if (info.status === 'loading') return <div className="muted small">reading tcp_info…</div>;
  if (info.status === 'error') return <div className="muted small">{info.message}</div>;
  return (
    <div className="small" data-testid="traffic-row-total">
      {totalsText(info.result)}
    </div>
  );
}
