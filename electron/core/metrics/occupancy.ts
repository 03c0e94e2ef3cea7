/**
 * How full the ephemeral range is, two ways. Machine-wide: distinct local ports held inside the
 * OS range, over its size. Per tuple: connect() needs a local port that is free for one
 * (local address, remote address, remote port), so the busiest such tuple runs out first; its
 * share of the range is the figure that predicts EADDRNOTAVAIL.
 */
import type { PortRange, Socket } from '../../../shared/model';
import { inRange, rangeSize } from '../../../shared/port-class';

/** Held ports against a range's size. */
export interface Occupancy {
  held: number;
  size: number;
  /** held / size; 0 for an empty range. */
  ratio: number;
}

/** Distinct local ports (any protocol, any state) held inside the range. */
export function rangeOccupancy(sockets: readonly Socket[], range: PortRange): Occupancy {
  const size = Math.max(0, rangeSize(range));
  const ports = new Set<number>();
  // Other network namespaces' rows (issue 10) have their own ports and range.
  for (const s of sockets) if (s.netns === undefined && inRange(s.localPort, range)) ports.add(s.localPort);
  return { held: ports.size, size, ratio: size > 0 ? ports.size / size : 0 };
}

/** The busiest destination tuple and how many of the range's ports it holds. */
export interface TupleOccupancy extends Occupancy {
  /** `proto local-address -> remote-address:port`, or null when no connection uses the range. */
  tuple: string | null;
}

/**
 * The tuple (proto, local address, remote address, remote port) holding the most distinct local
 * ports of the range. Only rows with a peer count: a listener or an unconnected UDP socket has
 * no tuple to exhaust. TIME_WAIT rows count, because they keep their tuple taken.
 */
export function maxTupleOccupancy(sockets: readonly Socket[], range: PortRange): TupleOccupancy {
  const size = Math.max(0, rangeSize(range));
  const byTuple = new Map<string, Set<number>>();
  for (const s of sockets) {
    if (s.remotePort === 0 || s.netns !== undefined || !inRange(s.localPort, range)) continue;
    const key = `${s.proto} ${s.localAddress} -> ${s.remoteAddress}:${s.remotePort}`;
    let ports = byTuple.get(key);
    if (ports === undefined) byTuple.set(key, (ports = new Set()));
    ports.add(s.localPort);
  }
  let best: TupleOccupancy = { tuple: null, held: 0, size, ratio: 0 };
  for (const [tuple, ports] of byTuple) {
    if (ports.size > best.held || (ports.size === best.held && best.tuple !== null && tuple < best.tuple)) {
      best = { tuple, held: ports.size, size, ratio: size > 0 ? ports.size / size : 0 };
    }
  }
  return best;
}
