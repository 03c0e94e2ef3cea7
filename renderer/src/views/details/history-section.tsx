/**
 * This port's recent tenancies from the service's bounded history: who held it, talking to
 * whom, from when, for how long, so a port that keeps changing hands is visible.
 */
import { useEffect, useState } from 'react';
import type { PortHold } from '../../../../shared/churn-model';
import { formatClock, formatDuration } from '../../../../shared/format';
import type { Proto } from '../../../../shared/model';
import { useServices } from '../../app-context';
import { errorText } from '../../store/connect-store';

interface HistorySectionProps {
  port: number;
  proto: Proto;
  now: number;
}

type HistoryState = { status: 'loading' } | { status: 'ok'; holds: PortHold[] } | { status: 'error'; message: string };

/** Port history list (data-testid details-history). */
export function HistorySection({ port, proto, now }: HistorySectionProps) {
  const { call } = useServices();
  const [history, setHistory] = useState<HistoryState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    setHistory({ status: 'loading' });
    call('getPortHistory', { port, proto }).then(
      (holds) => live && setHistory({ status: 'ok', holds }),
      (err: unknown) => live && setHistory({ status: 'error', message: `History unavailable: ${errorText(err)}` }),
    );
    return () => {
      live = false;
    };
  }, [call, port, proto]);

  return (
    <div data-testid="details-history" className="history">
      {history.status === 'loading' && <p className="muted">Loading history…</p>}
      {history.status === 'error' && <p className="error-text">{history.message}</p>}
      {history.status === 'ok' && history.holds.length === 0 && (
        <p className="muted">
          No history for {proto} port {port} since Ephemera started.
        </p>
      )}
      {history.status === 'ok' && history.holds.length > 0 && (
        <table className="history-table">
          <thead>
            <tr>
              <th>held by</th>
              <th>remote</th>
              <th>last state</th>
              <th>from</th>
              <th>until</th>
              <th className="num">for</th>
            </tr>
          </thead>
          <tbody>
            {history.holds.map((h) => (
              <tr key={`${h.socketId}@${h.from}`}>
                <td className="wraps">{h.owner ? `${h.owner.name} (${h.owner.pid})` : 'unknown owner'}</td>
                <td className="mono wraps">{h.remote}</td>
                <td>{h.lastState}</td>
                <td className="mono">{formatClock(h.from)}</td>
                <td className="mono">{h.to === null ? 'still held' : formatClock(h.to)}</td>
                <td className="num mono">{formatDuration((h.to ?? now) - h.from)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
