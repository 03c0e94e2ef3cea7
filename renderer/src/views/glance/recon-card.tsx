/**
 * "What polling misses": of the TCP opens the kernel counted, how many sampling saw, how many only
 * destroy events saw, and how many nobody saw, in figures, a proportion bar and one sentence.
 * Over the last 60 s once the page holds a minute of totals, before that since sampling began
 * (the title says which).
 */
import type { Reconciliation } from '../../../../shared/churn-model';
import { formatCount } from '../../../../shared/format';
import type { ReconView } from '../../store/reconciliation-window';
import { reconSentence, reconShares, scopeHelp, scopeLabel } from './recon-text';

/** A figure with thousands separators (the e2e reads it with them), or — when unknown. */
const plain = (n: number | null | undefined): string => (n == null ? '—' : formatCount(n));

interface ReconCardProps {
  view: ReconView | null;
  /** Destroy-event reader state in words (Status.events), null before the first status. */
  events: string | null;
  /** The latest sample carried kernel counters. */
  hasCounters: boolean;
  /** Births since sampling started by how their owner was known (absent from older services). */
  bases?: Reconciliation['birthsByBasis'];
  /** The connect tracepoint's state (Status.tracepoint). */
  tracepoint?: string;
  /** Births since start whose owner the tracepoint named (DestroyEventsSummary.tracepointOwners). */
  traced?: number;
}

/** "owners of 1,234 births: 1,200 exact · 20 inferred · 0 guessed · 14 unknown". */
export function basesText(bases: NonNullable<Reconciliation['birthsByBasis']>): string {
  const total = bases.exact + bases.inferredUnique + bases.inferredGuess + bases.unattributed;
  return (
    `owners of ${formatCount(total)} births since start: ${formatCount(bases.exact)} exact · ` +
    `${formatCount(bases.inferredUnique)} inferred · ${formatCount(bases.inferredGuess)} guessed · ${formatCount(bases.unattributed)} unknown`
  );
}

/** The reconciliation card (data-testid glance-reconciliation). */
export function ReconCard({ view, events, hasCounters, bases, tracepoint, traced }: ReconCardProps) {
  const eventsOn = events?.startsWith('running') ?? false;
  const shares = reconShares(view);
  const missed = view?.missed ?? null;
  return (
    <div className="glance-card recon" data-testid="glance-reconciliation" data-scope={view?.scope ?? ''}>
      <h3 className="card-title card-title-row" title={scopeHelp(view)}>
        <span className="ellipsis">Kernel check</span>
        <span className="scope">{scopeLabel(view)}</span>
      </h3>
      <div className="recon-bar" aria-hidden="true">
        {shares && (
          <>
            <span className="seg sampling" style={{ width: `${shares.sampling * 100}%` }} />
            <span className="seg events" style={{ width: `${shares.events * 100}%` }} />
            <span className="seg missed" style={{ width: `${shares.missed * 100}%` }} />
          </>
        )}
      </div>
      <div className="stats">
        <div className="stat" title="TCP opens the kernel counted (ActiveOpens + PassiveOpens)">
          <span className="stat-label">kernel opens</span>
          <b data-testid="glance-kernel-opens-60s">{plain(view?.kernelOpens)}</b>
        </div>
        <div className="stat" title="TCP connections the poller saw open">
          <span className="stat-label">
            <i className="key sampling" />
            seen by sampling
          </span>
          <b data-testid="glance-seen-sampling">{plain(view?.seenBySampling)}</b>
        </div>
        <div
          className="stat"
          title={eventsOn ? 'connections born and gone between two samples, known from destroy events (ss -E)' : `destroy events ${events ?? 'unknown'}`}
        >
          <span className="stat-label">
            <i className="key events" />
            seen only by events
          </span>
          <b data-testid="glance-seen-events">{eventsOn ? plain(view?.seenOnlyByEvents) : '—'}</b>
        </div>
        <div className={`stat${missed ? ' missed' : ''}`} title="kernel-counted opens nobody saw: lived and died between two samples">
          <span className="stat-label">
            <i className="key missed" />
            missed
          </span>
          <b data-testid="glance-missed-60s">{plain(missed)}</b>
        </div>
      </div>
      <div className="muted small recon-words">{reconSentence(view, eventsOn, hasCounters)}</div>
      <div className="muted small ellipsis" data-testid="glance-sources">
        sources: polling · ss -E {events ?? '…'} · tracepoint {tracepoint ?? '…'}
        {traced !== undefined && tracepoint?.startsWith('running') === true && (
          <span title="births since start whose owner the connect tracepoint named">
            , named <b data-testid="glance-tracepoint-named">{formatCount(traced)}</b>
          </span>
        )}
      </div>
      {bases && (
        <div className="muted small" data-testid="glance-births-by-basis" title="exact: the process's fds or the connect tracepoint; inferred: the only candidate; guessed: the last holder of the port">
          {basesText(bases)}
        </div>
      )}
    </div>
  );
}
