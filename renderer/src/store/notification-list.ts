/**
 * The in-page notification list: newest first, bounded, an entry with the same id replaced. Info
 * entries leave by themselves after a few seconds; warnings and critical ones stay until the user
 * dismisses them, because an exhaustion warning read late is still worth reading.
 */
import type { Notification } from '../../../shared/contract';

/** A notification and the local time it arrived (the service's clock may differ from the page's). */
export interface HeldNotification extends Notification {
  receivedAt: number;
}

/** At most this many are kept; the oldest go first. */
export const NOTIFICATION_LIMIT = 20;
/** How long an info notification stays on screen. */
export const INFO_DISMISS_MS = 8000;

/** The list with `n` added at the front (replacing one with the same id), cut to `limit`. */
export function addNotification(
  list: readonly HeldNotification[],
  n: Notification,
  now: number,
  limit = NOTIFICATION_LIMIT,
): HeldNotification[] {
  return [{ ...n, receivedAt: now }, ...list.filter((m) => m.id !== n.id)].slice(0, limit);
}

function due(n: HeldNotification, now: number, infoMs: number): boolean {
  return n.level === 'info' && n.receivedAt + infoMs <= now;
}

/** The list without info entries whose time is up; the same array when none is. */
export function expireInfo(list: readonly HeldNotification[], now: number, infoMs = INFO_DISMISS_MS): readonly HeldNotification[] {
  return list.some((n) => due(n, now, infoMs)) ? list.filter((n) => !due(n, now, infoMs)) : list;
}

/** When the next info entry is due, null when there is none. */
export function nextInfoExpiry(list: readonly HeldNotification[], infoMs = INFO_DISMISS_MS): number | null {
  let next: number | null = null;
  for (const n of list) {
    if (n.level !== 'info') continue;
    const at = n.receivedAt + infoMs;
    if (next === null || at < next) next = at;
  }
  return next;
}

/** The list with its expiry timer, as the store holds it. */
export interface NotificationQueue {
  list(): readonly HeldNotification[];
  push(n: Notification): void;
  dismiss(id: string): void;
  dismissAll(): void;
}

/** A queue that calls `changed` after every change, including info entries leaving on their own. */
export function createNotificationQueue(
  now: () => number,
  timer: (fn: () => void, ms: number) => () => void,
  changed: () => void,
): NotificationQueue {
  let list: readonly HeldNotification[] = [];
  let cancel: (() => void) | null = null;
  const set = (next: readonly HeldNotification[]): void => {
    if (next === list) return;
    list = next;
    changed();
  };
  const expire = (): void => {
    cancel?.();
    cancel = null;
    set(expireInfo(list, now()));
    const next = nextInfoExpiry(list);
    if (next !== null) cancel = timer(expire, Math.max(0, next - now()) + 5);
  };
  return {
    list: () => list,
    push(n) {
      set(addNotification(list, n, now()));
      expire();
    },
    dismiss: (id) => set(list.filter((m) => m.id !== id)),
    dismissAll: () => set([]),
  };
}
