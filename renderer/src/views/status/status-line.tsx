/**
 * The status line: which sampler runs and how often, how many owners are known (and why not
 * all), paused, stretched ticks, the connection, and any error in words.
 */
import { formatClock, formatElapsed } from '../../../../shared/format';
import { useServices, useStoreState } from '../../app-context';
import { ownerCoverageText } from '../../../../shared/owner-coverage-text';
import { lastActionText } from '../actions/action-request';
import { eventsText, samplerText, stretchedText, tracepointText } from './status-text';

/** The bottom status bar (data-testid status-line). */
export function StatusLine() {
  const state = useStoreState();
  const { store } = useServices();
  const { status, connection, meta } = state;
  const stretched = status ? stretchedText(status) : null;
  const events = status ? eventsText(status.events) : null;
  const tracepoint = tracepointText(status?.tracepoint);
  const errors = [...(status?.errors.slice(-2) ?? []), ...state.problems];
  const connected = connection.state === 'open';
  return (
    <footer className="status-line" data-testid="status-line" role="status">
      <span className={`conn conn-${connection.state}`} title={connection.detail}>
        <span className="dot" />
        {connected ? 'live' : connection.state === 'connecting' ? 'connecting…' : connection.detail}
      </span>
      {status && <span>{samplerText(status)}</span>}
      {status && (
        <span className="coverage ellipsis" data-testid="status-coverage" title={ownerCoverageText(status.ownerCoverage)}>
          {ownerCoverageText(status.ownerCoverage)}
        </span>
      )}
      {status?.paused && <span className="badge warn">paused</span>}
      {stretched && <span className="warn-text">{stretched}</span>}
      {events && (
        <span className={events.tone === 'warn' ? 'warn-text' : 'muted'} data-testid="status-events">
          {events.text}
        </span>
      )}
      {tracepoint && (
        <span className={tracepoint.tone === 'warn' ? 'warn-text' : 'muted'} data-testid="status-tracepoint">
          {tracepoint.text}
        </span>
      )}
      {errors.length > 0 && (
        <span className="error-text ellipsis" title={errors.join('\n')}>
          {errors.at(-1)}
          {state.problems.length > 0 && (
            <button type="button" className="link" onClick={() => store.clearProblems()}>
              dismiss
            </button>
          )}
        </span>
      )}
      {status?.actions?.length ? (
        <span className="muted ellipsis" data-testid="status-action" title={status.actions.at(-1)?.message}>
          {lastActionText(status.actions.at(-1)!)}
        </span>
      ) : null}
      <span className="spacer" />
      {status?.lastSampleMs != null && <span className="muted">sample {formatElapsed(status.lastSampleMs)}</span>}
      {meta && <span className="muted">at {formatClock(meta.time)}</span>}
    </footer>
  );
}
