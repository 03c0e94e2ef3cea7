/**
 * In-page notifications from the service (new listener, exhaustion, CLOSE_WAIT pile-up...): a
 * small stack in a corner, newest first. Only the newest few show, the rest are counted; info
 * entries leave by themselves after a few seconds, warnings stay until dismissed. The region is
 * always present so screen readers announce new entries, and it lets clicks through to the table
 * everywhere but on a toast.
 */
import { formatClock } from '../../../../shared/format';
import { useServices, useStoreState } from '../../app-context';

interface NotificationsProps {
  /** Toasts shown at once (the tray popover has room for fewer). */
  max: number;
}

/** The notifications area (data-testid notifications; each toast data-testid notification). */
export function Notifications({ max }: NotificationsProps) {
  const { notifications } = useStoreState();
  const { store } = useServices();
  const hidden = notifications.length - max;
  return (
    <div className="notifications" data-testid="notifications" aria-live="polite" aria-label="Notifications">
      {notifications.slice(0, max).map((n) => (
        <div
          key={n.id}
          className={`toast toast-${n.level}`}
          data-testid="notification"
          data-kind={n.kind}
          data-level={n.level}
          role={n.level === 'critical' ? 'alert' : undefined}
        >
          <div className="toast-head">
            <b className="toast-title" title={n.title}>
              {n.title}
            </b>
            <span className="muted small">{formatClock(n.time)}</span>
            <button
              type="button"
              className="toast-close"
              aria-label={`Dismiss ${n.title}`}
              title="Dismiss"
              onClick={() => store.dismissNotification(n.id)}
            >
              ×
            </button>
          </div>
          <div className="small toast-body" title={n.body}>
            {n.body}
          </div>
        </div>
      ))}
      {notifications.length > 1 && (
        <div className="toast-more small">
          {hidden > 0 && <span className="muted">+{hidden} more</span>}
          <button type="button" className="link" onClick={() => store.dismissAllNotifications()}>
            dismiss all
          </button>
        </div>
      )}
    </div>
  );
}
