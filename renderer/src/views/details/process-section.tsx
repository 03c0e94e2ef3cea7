/**
 * The details dialog's process facts: name, pid, exe, command line, user, start, CPU, memory,
 * and every socket the process holds right now (from the store, no extra call).
 */
import { formatBytes, formatClock, formatDuration } from '../../../../shared/format';
import type { Owner } from '../../../../shared/model';
import type { TableRow } from '../../store/table-row';
import { UNKNOWN_OWNER_TEXT } from './owner-panel';
import type { ProcessLookup } from './use-process-info';

interface ProcessSectionProps {
  owner: Owner | null;
  lookup: ProcessLookup;
  sockets: readonly TableRow[];
  now: number;
}

const SOCKET_LIST_LIMIT = 200;

/** Process facts and its sockets. */
export function ProcessSection({ owner, lookup, sockets, now }: ProcessSectionProps) {
  if (!owner) return <p className="pad">{UNKNOWN_OWNER_TEXT}</p>;
  const info = lookup.status === 'ok' ? lookup.info : null;
  const dash = lookup.status === 'loading' ? '…' : '—';
  return (
    <>
      <dl className="kv details-kv">
        <dt>name</dt>
        <dd>{info?.name ?? owner.name}</dd>
        <dt>pid</dt>
        <dd className="mono" data-testid="details-pid">
          {owner.pid}
        </dd>
        <dt>executable</dt>
        <dd className="mono wrap" data-testid="details-exe">
          {info?.exe ?? dash}
        </dd>
        <dt>command line</dt>
        <dd className="mono wrap" data-testid="details-cmdline">
          {info ? info.cmdline.join(' ') || '(empty)' : dash}
        </dd>
        <dt>user</dt>
        <dd>{info ? (info.user ?? (info.uid !== null ? `uid ${info.uid}` : 'unknown')) : dash}</dd>
        <dt>started</dt>
        <dd>
          {info?.startedAt != null
            ? `${formatClock(info.startedAt)} (${formatDuration(now - info.startedAt)} ago)`
            : dash}
        </dd>
        <dt>CPU</dt>
        <dd>{info?.cpuPercent != null ? `${info.cpuPercent.toFixed(1)} %` : dash}</dd>
        <dt>memory</dt>
        <dd>{info?.rssBytes != null ? formatBytes(info.rssBytes) : dash}</dd>
        {info?.ppid != null && (
          <>
            <dt>parent pid</dt>
            <dd className="mono">{info.ppid}</dd>
          </>
        )}
      </dl>
      {lookup.status === 'error' && (
        <p className="error-text pad" role="alert">
          {lookup.message}
        </p>
      )}
      <h3 className="section-title">
        Sockets of this process <span className="muted">({sockets.length})</span>
      </h3>
      <div className="mini-table mono">
        {sockets.slice(0, SOCKET_LIST_LIMIT).map((r) => (
          <div key={r.id} className="mini-row">
            <span>{r.socket.proto}</span>
            <span className="ellipsis">{r.localText}</span>
            <span className="ellipsis">{r.remoteText}</span>
            <span>{r.socket.state}</span>
          </div>
        ))}
        {sockets.length > SOCKET_LIST_LIMIT && (
          <div className="muted">
            … and {sockets.length - SOCKET_LIST_LIMIT} more (filter pid:{owner.pid} to see all)
          </div>
        )}
      </div>
    </>
  );
}
