/**
 * The side panel for the selected row: who owns the socket (or an honest "unknown"), and the
 * socket's facts in one place, with shortcuts to details and to filtering by its process or port.
 */
import { formatDuration } from '../../../../shared/format';
import { holdersText, ownersOf } from '../../../../shared/owners';
import { inRange, portClass } from '../../../../shared/port-class';
import { useServices, useStoreState } from '../../app-context';
import type { TableRow } from '../../store/table-row';
import { ActionButtons } from '../actions/action-buttons';
import { useProcessInfo } from './use-process-info';

/** What the panel says when the OS did not name an owner. */
export const UNKNOWN_OWNER_TEXT = 'Owner unknown — belongs to another user or no process (e.g. TIME_WAIT)';

interface OwnerPanelProps {
  onOpen: (id: string) => void;
}

function OwnerFacts({ row, local }: { row: TableRow; local: boolean }) {
  const owner = row.socket.owner;
  const lookup = useProcessInfo(owner, local);
  if (!owner) {
    return (
      <div className="owner-unknown">
        <p>{UNKNOWN_OWNER_TEXT}</p>
        {row.socket.uid !== null && <p className="muted small">The socket table says uid {row.socket.uid}.</p>}
      </div>
    );
  }
  const user = lookup.status === 'ok' ? (lookup.info.user ?? `uid ${lookup.info.uid ?? '?'}`) : null;
  const exe = lookup.status === 'ok' ? (lookup.info.exe ?? 'executable not readable') : null;
  return (
    <div className="owner-facts">
      <div className="owner-line">
        <b className="owner-name ellipsis" title={owner.name}>
          {owner.name}
        </b>
        {owner.inferred && <span className="badge">guessed</span>}
        <span className="mono">pid {owner.pid}</span>
        {user && <span className="muted">· {user}</span>}
      </div>
      {ownersOf(row.socket).length > 1 && (
        <div className="muted small ellipsis" data-testid="owner-holders" title={holdersText(ownersOf(row.socket))}>
          held by {holdersText(ownersOf(row.socket))}
        </div>
      )}
      {lookup.status === 'error' ? (
        <div className="error-text ellipsis" title={lookup.message}>
          {lookup.message}
        </div>
      ) : (
        <div className="mono muted ellipsis" title={exe ?? undefined}>
          {exe ?? '…'}
        </div>
      )}
    </div>
  );
}

/** The owner panel (data-testid owner-panel). */
export function OwnerPanel({ onOpen }: OwnerPanelProps) {
  const state = useStoreState();
  const { store } = useServices();
  const id = state.selection.primary;
  const row = id === null ? undefined : (state.live.get(id) ?? state.rows.find((r) => r.id === id));
  const range = state.meta?.ephemeralRange;
  return (
    <section className="card owner-panel" data-testid="owner-panel" aria-label="Owner of the selected socket">
      <header className="card-head">
        <h2 className="card-title">Owner</h2>
        {state.selection.ids.size > 1 && <span className="muted small">{state.selection.ids.size} selected</span>}
        {row?.status === 'closed' && <span className="badge closed">closed</span>}
      </header>
      {!row && <p className="muted pad">Select a socket to see its owner. Double-click or Enter opens details.</p>}
      {row && (
        <div className="pad owner-body">
          <OwnerFacts row={row} local={state.capture === null} />
          <div className="socket-line mono" title={`${row.localText} → ${row.remoteText}`}>
            {row.socket.proto} {row.localText} → {row.remoteText}
          </div>
          <div className="muted small">
            {row.socket.state} · {portClass(row.socket.localPort)}
            {range && (inRange(row.socket.localPort, range) ? ' · in ephemeral range' : ' · outside ephemeral range')} ·
            age {formatDuration(Math.max(0, (state.meta?.time ?? state.now) - row.firstSeen))}
          </div>
          <div className="owner-actions">
            <button type="button" className="btn btn-small" onClick={() => onOpen(row.id)}>
              Details…
            </button>
            {row.socket.owner && (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => store.setFilter(`pid:${row.socket.owner?.pid}`)}
              >
                Only this process
              </button>
            )}
            <button
              type="button"
              className="btn btn-small"
              onClick={() => store.setFilter(`port:${row.socket.localPort}`)}
            >
              Only this port
            </button>
            {row.status !== 'closed' && <ActionButtons socket={row.socket} />}
          </div>
        </div>
      )}
    </section>
  );
}
