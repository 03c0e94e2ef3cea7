/**
 * Keeps the tray's "Listening ports" current: after deltas, at most every 2 s, reads the
 * service's table and reports this user's listeners when the list changed, so the menu is
 * rebuilt only when what it shows changes. No 'electron' import; the service is passed in.
 */
import type { EventSubscriber, PortApi } from '../../../shared/contract';
import type { TrayListener } from './tray-listeners';
import { listeningPorts, listenersKey } from './tray-listeners';

/** How often the list is recomputed at most, ms. */
const EVERY_MS = 2000;

/** Starts following; returns the stop function. */
export function followListeners(
  service: Pick<PortApi, 'subscribe'> & { on: EventSubscriber },
  changed: (listeners: TrayListener[]) => void,
  log: (message: string) => void,
  uid: number | null = process.getuid?.() ?? null,
): () => void {
  let key: string | null = null;
  let last = 0;
  let busy = false;
  const refresh = (): void => {
    if (busy || Date.now() - last < EVERY_MS) return;
    busy = true;
    last = Date.now();
    service
      .subscribe({})
      .then(({ snapshot }) => {
        const list = listeningPorts(snapshot.sockets, uid);
        const next = listenersKey(list);
        if (next === key) return;
        key = next;
        changed(list);
      })
      .catch((err: unknown) => log(`Tray listeners: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        busy = false;
      });
  };
  const stop = service.on('delta', refresh);
  refresh();
  return stop;
}
