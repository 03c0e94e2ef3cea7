/**
 * The tray's "Listening ports": this user's listeners from the table, at most 15, sorted by
 * port, one entry per port and process ("3000 node (pid 4121)"). Pure, so the submenu is tested
 * from plain rows; the glue feeds it the service's table.
 */
import type { Socket } from '../../../shared/model';
import { ownersOf } from '../../../shared/owners';

/** One listener the tray can offer to end. */
export interface TrayListener {
  port: number;
  pid: number;
  startTime: number;
  name: string;
}

/** At most this many listeners in the submenu. */
export const TRAY_LISTENER_LIMIT = 15;

/** "3000 node (pid 4121)". */
export function listenerLabel(l: TrayListener): string {
  return `${l.port} ${l.name} (pid ${l.pid})`;
}

/**
 * TCP listeners of `uid` with a known owner, one per (port, process), sorted by port then pid.
 * A socket's uid is the owner's, so another user's listener (even with its owner known to root)
 * is left out: the tray offers only what is the user's own. Where the table has no uid (Windows,
 * macOS) the owner being known is all there is to go by.
 */
export function listeningPorts(
  sockets: readonly Socket[],
  uid: number | null,
  limit = TRAY_LISTENER_LIMIT,
): TrayListener[] {
  const seen = new Map<string, TrayListener>();
  for (const s of sockets) {
    if (s.proto !== 'tcp' || s.state !== 'LISTEN' || (uid !== null && s.uid !== null && s.uid !== uid)) continue;
    for (const o of ownersOf(s)) {
      if (o.inferred === true) continue;
      const key = `${s.localPort}:${o.pid}:${o.startTime}`;
      if (!seen.has(key)) seen.set(key, { port: s.localPort, pid: o.pid, startTime: o.startTime, name: o.name });
    }
  }
  return [...seen.values()].sort((a, b) => a.port - b.port || a.pid - b.pid).slice(0, limit);
}

/** A key that changes only when the submenu would change, so the menu is not rebuilt every tick. */
export function listenersKey(list: readonly TrayListener[]): string {
  return list.map((l) => `${l.port}:${l.pid}:${l.startTime}:${l.name}`).join(',');
}
