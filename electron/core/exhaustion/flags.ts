/**
 * Two socket patterns that cause trouble later and are easy to spot in one sample: a server
 * listening inside the OS ephemeral range (the kernel may hand its port to an outbound connection
 * while it is down, so it fails to come back, and it narrows every tuple's range), and a process
 * piling up CLOSE_WAIT sockets (the peer closed, the process never called close(): a leak).
 */
import type { CloseWaitPileup, EphemeralListener, SocketFlags } from '../../../shared/exhaustion-model';
import type { Owner, PortRange, Socket } from '../../../shared/model';
import { inRange } from '../../../shared/port-class';
import { ownerKey } from '../churn/owner-key';

/** CLOSE_WAIT sockets per process from which a pile-up is flagged. */
export const CLOSE_WAIT_THRESHOLD = 16;
/** Entries kept per list, so one odd machine cannot bloat every tick's summary. */
export const FLAG_LIMIT = 50;

/** Listeners in the range, sorted by port then address. */
export function ephemeralListeners(sockets: readonly Socket[], range: PortRange): EphemeralListener[] {
  const out: EphemeralListener[] = [];
  for (const s of sockets) {
    if (s.proto === 'tcp' && s.state === 'LISTEN' && inRange(s.localPort, range)) {
      out.push({ proto: s.proto, address: s.localAddress, port: s.localPort, owner: s.owner });
    }
  }
  return out.sort((a, b) => a.port - b.port || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)).slice(0, FLAG_LIMIT);
}

/** Processes holding at least `threshold` CLOSE_WAIT sockets, most first; unknown owners grouped as one. */
export function closeWaitPileups(sockets: readonly Socket[], threshold = CLOSE_WAIT_THRESHOLD): CloseWaitPileup[] {
  const byOwner = new Map<string, { owner: Owner | null; count: number }>();
  for (const s of sockets) {
    if (s.state !== 'CLOSE_WAIT') continue;
    const key = s.owner === null ? 'unknown' : ownerKey(s.owner);
    const found = byOwner.get(key);
    if (found === undefined) byOwner.set(key, { owner: s.owner, count: 1 });
    else found.count += 1;
  }
  return [...byOwner.values()]
    .filter((p) => p.count >= threshold)
    .sort((a, b) => b.count - a.count || (a.owner?.pid ?? 0) - (b.owner?.pid ?? 0))
    .slice(0, FLAG_LIMIT);
}

/** Both flags for one sample. */
export function socketFlags(sockets: readonly Socket[], range: PortRange, threshold = CLOSE_WAIT_THRESHOLD): SocketFlags {
  return {
    listenersInEphemeral: ephemeralListeners(sockets, range),
    closeWait: closeWaitPileups(sockets, threshold),
    closeWaitThreshold: threshold,
  };
}
