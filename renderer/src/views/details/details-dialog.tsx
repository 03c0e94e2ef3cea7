/**
 * The details dialog (double-click or Enter on a row): the owning process, its sockets, this
 * port's history, its IANA class and the command to check it by hand. A native modal <dialog>
 * named by the process and pid: focus moves inside and stays there, Esc closes it, and focus
 * goes back to the row.
 */
import { useEffect, useMemo, useRef } from 'react';
import { portGroupOf } from '../../../../shared/port-group';
import { inRange, portClass } from '../../../../shared/port-class';
import { timerRemainingMs } from '../../../../shared/socket-timer';
import { useStoreState } from '../../app-context';
import type { TableRow } from '../../store/table-row';
import { focusRow } from '../table/socket-row';
import { ActionButtons } from '../actions/action-buttons';
import { PortCheckSection } from '../actions/port-check-section';
import { RowTraffic, TrafficSection } from '../destinations/traffic-section';
import { CheckSection } from './check-section';
import { HistorySection } from './history-section';
import { HoldersLines } from './holders-lines';
import { LifetimesSection } from './lifetimes-section';
import { ProcessSection } from './process-section';
import { useProcessInfo } from './use-process-info';

interface DetailsDialogProps {
  rowId: string;
  onClose: () => void;
}

/** The dialog for one socket; keeps showing the last known row if the socket disappears. */
export function DetailsDialog({ rowId, onClose }: DetailsDialogProps) {
  const state = useStoreState();
  const dialog = useRef<HTMLDialogElement>(null);
  const lastRow = useRef<TableRow | null>(null);
  const current = state.live.get(rowId) ?? state.rows.find((r) => r.id === rowId) ?? null;
  if (current) lastRow.current = current;
  const row = current ?? lastRow.current;
  const owner = row?.socket.owner ?? null;
  // issue 12: a capture's row is another machine's: no lookups, history or actions for it here.
  const capture = state.capture;
  const lookup = useProcessInfo(owner, capture === null);
  const sockets = useMemo(() => {
    if (!owner) return [];
    const mine: TableRow[] = [];
    for (const r of state.live.values()) {
      const o = r.socket.owner;
      if (o && o.pid === owner.pid && o.startTime === owner.startTime) mine.push(r);
    }
    return mine.sort((a, b) => a.socket.localPort - b.socket.localPort);
  }, [state.live, state.version, owner]); // version: live changes in place
  // The other sockets on this address and port (SO_REUSEPORT): each worker's own listener.
  const socket = row?.socket ?? null;
  const group = useMemo(
    () => (socket === null ? [] : portGroupOf(socket, Array.from(state.live.values(), (r) => r.socket)).sort((a, b) => (a.owner?.pid ?? 0) - (b.owner?.pid ?? 0))),
    [state.live, state.version, socket],
  );

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    // Focus goes back where the dialog came from: the row (or, when it scrolled away, the table).
    return () => {
      if (!focusRow(rowId)) document.querySelector<HTMLElement>('[data-testid="socket-table"] .tbody')?.focus();
    };
  }, [rowId]);

  if (!row) return null;
  const s = row.socket;
  const range = state.meta?.ephemeralRange;
  const now = state.meta?.time ?? state.now;
  return (
    <dialog
      ref={dialog}
      data-testid="details"
      className="details"
      aria-labelledby="details-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <header className="details-head">
        <h2 id="details-title">
          {owner ? `${owner.name} · pid ${owner.pid}` : 'Owner unknown'}
          {!current && <span className="badge closed">socket closed</span>}
          {capture && (
            <span className="badge capture" data-testid="details-capture" title={capture.banner}>
              capture · taken elsewhere
            </span>
          )}
        </h2>
        {current && <ActionButtons socket={current.socket} />}
        <button type="button" className="btn btn-small" onClick={onClose} aria-label="Close details">
          Close (Esc)
        </button>
      </header>
      <div className="details-body">
        <section className="details-col">
          <h3 className="section-title">This socket</h3>
          <dl className="kv details-kv">
            <dt>connection</dt>
            <dd className="mono wrap">
              {s.proto}
              {s.family === 6 ? '6' : ''} {row.localText} → {row.remoteText}
            </dd>
            <dt>state</dt>
            <dd>{s.state}</dd>
            <dt>port class</dt>
            <dd>
              IANA {portClass(s.localPort)}
              {row.servicePick &&
                ` · service ${row.servicePick.name} (${row.servicePick.side} port ${row.servicePick.key})`}
              {range &&
                ` · ${inRange(s.localPort, range) ? 'inside' : 'outside'} this machine's ephemeral range (${range.low}–${range.high})`}
            </dd>
            <HoldersLines socket={s} group={group} />
            <dt>queues</dt>
            <dd className="mono">
              tx {s.txQueue} · rx {s.rxQueue}
              {s.timer && s.timer.kind !== 'none'
                ? ` · timer ${s.timer.kind} ${Math.round(timerRemainingMs(s.timer, Date.now()))} ms`
                : ''}
            </dd>
          </dl>
          <h3 className="section-title">Process</h3>
          <ProcessSection owner={owner} lookup={lookup} sockets={sockets} now={now} />
          {owner ? (
            <>
              <h3 className="section-title">Traffic of {owner.name} (tcp_info)</h3>
              <TrafficSection owner={owner} />
            </>
          ) : (
            s.proto === 'tcp' && (
              <>
                <h3 className="section-title">Traffic (tcp_info)</h3>
                <RowTraffic rowId={row.id} />
              </>
            )
          )}
        </section>
        {capture ? (
          <section className="details-col">
            <h3 className="section-title">Captured elsewhere</h3>
            <p className="pad" data-testid="details-capture-note">
              {capture.banner}. This row is a read-only snapshot: no history, lifetimes, checks or actions apply to
              it on this machine.
            </p>
          </section>
        ) : (
        <section className="details-col">
          <h3 className="section-title">
            History of {s.proto} port {s.localPort}
          </h3>
          <HistorySection port={s.localPort} proto={s.proto} now={now} />
          {owner && (
            <>
              <h3 className="section-title">Connection lifetimes of {owner.name}</h3>
              <LifetimesSection owner={owner} />
            </>
          )}
          <h3 className="section-title">Can a server bind {s.proto} port {s.localPort}?</h3>
          <PortCheckSection port={s.localPort} proto={s.proto} />
          <h3 className="section-title">Check by hand</h3>
          <CheckSection platform={state.meta?.platform ?? 'linux'} port={s.localPort} proto={s.proto} />
        </section>
        )}
      </div>
    </dialog>
  );
}
