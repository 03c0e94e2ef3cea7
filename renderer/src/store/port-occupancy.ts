/**
 * Per-port occupancy for the port map and the glance: how many live sockets hold each local port,
 * how many of those are TIME_WAIT, and when a port was last freed (for the fading heat). Typed
 * arrays indexed by port, updated per delta row, so the map never rescans the table.
 */
import type { PortRange, Socket } from '../../../shared/model';

/** How a port-map cell is drawn. */
export type PortCellState = 'used' | 'time-wait' | 'freed' | 'free';

/** How long a freed port keeps its heat on the map. */
export const FREED_HEAT_MS = 10_000;

/** Live socket counts and free times by local port (0-65535). */
export interface PortOccupancy {
  /** Live sockets with this local port (any proto, any state). */
  readonly held: Uint32Array;
  /** Of those, how many are TIME_WAIT. */
  readonly timeWait: Uint32Array;
  /** Local epoch ms when the port last went from held to free; 0 when never or held again. */
  readonly freedAt: Float64Array;
}

/** An empty occupancy table. */
export function createOccupancy(): PortOccupancy {
  return { held: new Uint32Array(65536), timeWait: new Uint32Array(65536), freedAt: new Float64Array(65536) };
}

/** Forgets everything (a fresh snapshot follows). */
export function clearOccupancy(occ: PortOccupancy): void {
  occ.held.fill(0);
  occ.timeWait.fill(0);
  occ.freedAt.fill(0);
}

/** Counts a socket that appeared (or the new version of a changed one). */
export function holdPort(occ: PortOccupancy, s: Socket): void {
  const p = s.localPort;
  occ.held[p] = (occ.held[p] ?? 0) + 1;
  if (s.state === 'TIME_WAIT') occ.timeWait[p] = (occ.timeWait[p] ?? 0) + 1;
  occ.freedAt[p] = 0;
}

/** Uncounts a socket that left (or the old version of a changed one); `now` starts the heat. */
export function releasePort(occ: PortOccupancy, s: Socket, now: number): void {
  const p = s.localPort;
  const held = Math.max(0, (occ.held[p] ?? 0) - 1);
  occ.held[p] = held;
  if (s.state === 'TIME_WAIT') occ.timeWait[p] = Math.max(0, (occ.timeWait[p] ?? 0) - 1);
  if (held === 0) occ.freedAt[p] = now;
}

/** The cell state of one port at `now`, and the heat (1 just freed → 0 cold) for freed ports. */
export function portCell(occ: PortOccupancy, port: number, now: number): { state: PortCellState; heat: number } {
  const held = occ.held[port] ?? 0;
  if (held > 0) return { state: held > (occ.timeWait[port] ?? 0) ? 'used' : 'time-wait', heat: 0 };
  const freed = occ.freedAt[port] ?? 0;
  const age = now - freed;
  if (freed > 0 && age < FREED_HEAT_MS) return { state: 'freed', heat: 1 - Math.max(0, age) / FREED_HEAT_MS };
  return { state: 'free', heat: 0 };
}

/** Distinct held ports inside a range, for "how full is the ephemeral range". */
export function heldPortsIn(occ: PortOccupancy, range: PortRange): number {
  let n = 0;
  for (let p = range.low; p <= range.high; p += 1) if ((occ.held[p] ?? 0) > 0) n += 1;
  return n;
}
