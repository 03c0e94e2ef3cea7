/**
 * The service's notifications as the OS shows them: a new listener, a watched port changing
 * owner, ephemeral ports running out. The service already rate-limits them; this only maps a
 * notification to what Electron's Notification takes, so it is tested without Electron.
 */
import type { EventSubscriber, Notification } from '../../shared/contract';

/** What Electron's Notification constructor is given. */
export interface NativeNotification {
  title: string;
  body: string;
  urgency: 'low' | 'normal' | 'critical';
}

const URGENCY: Record<Notification['level'], NativeNotification['urgency']> = { info: 'low', warning: 'normal', critical: 'critical' };

/** The native form of one notification. */
export function toNative(n: Notification): NativeNotification {
  return { title: n.title, body: n.body, urgency: URGENCY[n.level] };
}

/** Shows every 'notification' event through `show`; returns the unsubscribe. A failing show is logged. */
export function forwardNotifications(on: EventSubscriber, show: (n: NativeNotification) => void, log: (message: string) => void): () => void {
  return on('notification', (n) => {
    try {
      show(toNative(n));
    } catch (err) {
      log(`Notification not shown: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}
