/**
 * A short ranked list of processes (top 5 by sockets held or by churn) for the glance.
 */
import type { Churner } from '../../../../shared/churn-model';
import { formatCount } from '../../../../shared/format';

interface TopListProps {
  rows: readonly Churner[];
  /** What the number on the right counts: sockets held, or births + deaths (split in the tooltip). */
  metric: 'sockets' | 'churn';
  onPick?: (pid: number) => void;
}

/** Up to five processes with their figure; an honest line when there are none. */
export function TopList({ rows, metric, onPick }: TopListProps) {
  const top = rows.slice(0, 5);
  const testId = metric === 'sockets' ? 'glance-top-sockets' : 'glance-top-churn';
  const title = metric === 'sockets' ? 'Top by sockets' : 'Top by churn';
  return (
    <div className="top-list">
      <h3 className="card-title">{title}</h3>
      <ol data-testid={testId}>
        {top.length === 0 && (
          <li className="muted empty">{metric === 'churn' ? 'no churn yet' : 'no attributed sockets'}</li>
        )}
        {top.map((c) => (
          <li
            key={c.pid}
            title={`${c.name} (pid ${c.pid}): ${c.sockets} sockets, ${c.births} born, ${c.deaths} closed`}
          >
            <button type="button" className="top-name" onClick={() => onPick?.(c.pid)} disabled={!onPick}>
              {c.name}
            </button>
            <span className="muted mono top-pid">{c.pid}</span>
            <span className="num top-value">{formatCount(metric === 'sockets' ? c.sockets : c.births + c.deaths)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
