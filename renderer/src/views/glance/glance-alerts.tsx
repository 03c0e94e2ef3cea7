/**
 * The glance's warnings, above the cards and only when there is something to say: destinations
 * whose ephemeral ports are 70 % (amber) or 90 % (red) taken, then one quiet line per socket flag.
 */
import type { Exhaustion, SocketFlags } from '../../../../shared/exhaustion-model';
import { exhaustionLines, flagLines } from './alert-lines';

interface GlanceAlertsProps {
  exhaustion: Exhaustion | undefined;
  flags: SocketFlags | undefined;
}

/** Exhaustion warnings (glance-exhaustion) and flags (glance-flags); nothing when all is well. */
export function GlanceAlerts({ exhaustion, flags }: GlanceAlertsProps) {
  const { lines, more } = exhaustionLines(exhaustion);
  const flagged = flagLines(flags);
  if (lines.length === 0 && flagged.length === 0) return null;
  return (
    <div className="glance-alerts">
      {lines.length > 0 && (
        <ul className="exhaustion" data-testid="glance-exhaustion" aria-label="Ephemeral port exhaustion">
          {lines.map((l) => (
            <li key={l.key} className={`alert alert-${l.level}`} role={l.level === 'critical' ? 'alert' : undefined}>
              <b className="alert-pct">{l.percent}</b>
              <span className="alert-what mono ellipsis" title={l.tuple}>
                {l.tuple}
              </span>
              <span className="alert-detail ellipsis">
                {l.detail} · {l.forecast}
              </span>
            </li>
          ))}
          {more > 0 && <li className="muted small">+{more} more destinations above 70 %</li>}
        </ul>
      )}
      {flagged.length > 0 && (
        <ul className="flags" data-testid="glance-flags" aria-label="Socket flags">
          {flagged.map((f) => (
            <li key={f.key} className="flag ellipsis" title={`${f.text}\n${f.tip}`}>
              <span className="flag-mark" aria-hidden="true">
                ⚑
              </span>
              {f.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
