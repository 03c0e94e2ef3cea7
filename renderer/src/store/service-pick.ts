/**
 * Which port names a row's service: the one that says what the connection is for. TCPView shows a
 * port name on both ends; a single column has to pick the end that is the service. A server's
 * socket (a listener, a connection accepted on a listened port, a datagram socket bound outside
 * the ephemeral range) is named by its local port: "https" on :443. A client's socket sits on an
 * ephemeral local port the OS picked, whose registered name (if any) is a coincidence, so it is
 * named by the remote port it talks to: "https" for 10.0.0.5:51234 → 140.82.112.3:443. When
 * both ends are this machine's ephemeral ports and neither listens (a loopback connection whose
 * server closed its listener), neither end is a service and nothing is named.
 */
import type { PortRange, Socket } from '../../../shared/model';
import { inRange } from '../../../shared/port-class';
import { serviceKey } from '../../../shared/service-key';

/** The service name a row shows, and which end's port it belongs to (said in the cell's tooltip). */
export interface ServicePick {
  name: string;
  side: 'local' | 'remote';
  /** The "port/proto" key that was named. */
  key: string;
}

/** What the pick needs besides the socket. */
export interface ServiceContext {
  ephemeralRange: PortRange;
  /** True when a TCP listener holds this local port (so a connection on it was accepted). */
  listening: (port: number) => boolean;
  /** The name of a "port/proto" key, undefined when unknown (so far). */
  lookup: (key: string) => string | undefined;
}

function named(key: string, side: ServicePick['side'], ctx: ServiceContext): ServicePick | null {
  const name = ctx.lookup(key);
  return name === undefined ? null : { name, side, key };
}

/** True when the peer is this machine (loopback, or the socket's own address). */
function samePeer(s: Socket): boolean {
  const r = s.remoteAddress;
  return r === s.localAddress || r === '::1' || r.startsWith('127.') || r.startsWith('::ffff:127.');
}

/** True for a socket that serves on its local port (see the module comment). */
export function isServerSide(s: Socket, ctx: ServiceContext): boolean {
  if (s.proto === 'tcp') return s.state === 'LISTEN' || ctx.listening(s.localPort);
  return s.remotePort === 0 && !inRange(s.localPort, ctx.ephemeralRange);
}

/**
 * The service of a row: the local port's name for a server; the remote port's for a client on an
 * ephemeral port; otherwise the local port's, else the remote's. Null when nothing is named.
 */
export function pickService(s: Socket, ctx: ServiceContext): ServicePick | null {
  const local = serviceKey(s.localPort, s.proto);
  const remote = s.remotePort === 0 ? null : serviceKey(s.remotePort, s.proto);
  if (isServerSide(s, ctx)) return named(local, 'local', ctx);
  if (inRange(s.localPort, ctx.ephemeralRange)) {
    if (remote === null) return null;
    const peerEphemeral = samePeer(s) && inRange(s.remotePort, ctx.ephemeralRange) && !ctx.listening(s.remotePort);
    return peerEphemeral ? null : named(remote, 'remote', ctx);
  }
  return named(local, 'local', ctx) ?? (remote === null ? null : named(remote, 'remote', ctx));
}

/** The tooltip of a service cell: which port the name belongs to, and why that end. */
export function serviceTip(pick: ServicePick | null): string {
  if (pick === null) return 'no registered service name for this port';
  if (pick.side === 'local') return `${pick.name}: IANA name of the local port ${pick.key}`;
  return `${pick.name}: IANA name of the remote port ${pick.key} (the local end is a client's ephemeral port)`;
}
