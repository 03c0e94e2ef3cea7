/**
 * In-page notifications from the service (new listener, exhaustion, CLOSE_WAIT pile-up...),
 * newest first, each dismissable. The region is always present so screen readers announce
 * new entries.
 */
import { formatClock } from '../../../../shared/format';
import { useServices, useStoreState } from '../../app-context';

/** The notifications area (data-testid notifications). */
export function Notifications() {
  const { notifications } = useStoreState();
  const { store } = useServices();
  return (
    <div className="notifications" data-testid="notifications" aria-live="polite" aria-label="Notifications">
      {notifications.slice(0, 3).map((n) => (
        <div key={n.id} className={`toast toast-${n.level}`} role={n.level === 'critical' ? 'alert' : undefined}>
          <div className="toast-head">
            <b>{n.title}</b>
            <span className="muted small">{formatClock(n.time)}</span>
            <button
              type="button"
              className="link"
              aria-label={`Dismiss ${n.title}`}
              onClick={() => store.dismissNotification(n.id)}
            >
              ×
            </button>
          </div>
          <div className="small">{n.body}</div>
        </div>
      ))}
    </div>
  );
}
