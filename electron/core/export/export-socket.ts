/**
 * One exported socket row: the sampled socket plus what a reader of the file needs without
 * Ephemera at hand (IANA class, whether the local port is in this machine's ephemeral range,
 * service names, first-seen time). JSON and CSV exports share this row.
 */
import { z } from 'zod';
import { OwnerSchema, SocketSchema } from '../../../shared/model';
import type { Owner, PortRange, Proto, Socket } from '../../../shared/model';
import { ownerBasis, ownersOf } from '../../../shared/owners';
import { inRange, portClass } from '../../../shared/port-class';
import { timerAt } from '../../../shared/socket-timer';

const PortClassSchema = z.enum(['well-known', 'registered', 'dynamic']);

export const ExportSocketSchema = SocketSchema.extend({
  /**
   * Every holder, first = `owner` (empty when unknown); always written, optional to read exports
   * made before it existed.
   */
  owners: z.array(OwnerSchema).optional(),
  /** IANA class of the local port; null when a capture named a port IANA gives no number for. */
  localClass: PortClassSchema.nullable(),
  /** IANA class of the remote port; null when there is no peer (remote port 0) or its port is unknown. */
  remoteClass: PortClassSchema.nullable(),
  /** True when the local port lies in this machine's ephemeral range. */
  localInEphemeralRange: z.boolean(),
  /** IANA service name registered for the local port number, or null. */
  localService: z.string().nullable(),
  /** IANA service name registered for the remote port number, or null. */
  remoteService: z.string().nullable(),
  /** ISO 8601 time the socket was first seen, null when unknown. */
  firstSeen: z.iso.datetime().nullable(),
  /**
   * Name of the remote address: a DNS/hosts name when the service found one, else the name a
   * pasted capture printed (issue 12), else null. Absent only in files written before it existed.
   */
  remoteHost: z.string().nullable().optional(),
}).strict();
/** A socket row as exported. */
export type ExportSocket = z.infer<typeof ExportSocketSchema>;

/** What a row needs beyond the socket. */
export interface ExportRowContext {
  ephemeralRange: PortRange;
  /** Epoch ms each socket id was first seen. */
  firstSeen: Record<string, number>;
  serviceName: (port: number, proto: Proto) => string | null;
  /** Epoch ms of the snapshot: the moment timers' time left is given for (absent: as read). */
  timeMs?: number;
  /** The remote address's name from the service's name book (null or absent: none known). */
  hostName?: (address: string) => string | null | undefined;
}

/**
 * The name a capture printed for the remote end (issue 12 adds `Socket.remoteHost`); read
 * structurally so this works before and after that field exists in the model.
 */
function capturedRemoteHost(socket: Socket): string | null {
  const host: unknown = (socket as { remoteHost?: unknown }).remoteHost;
  return typeof host === 'string' && host !== '' ? host : null;
}

/** An owner as exported: its basis always written out. */
function withBasis(owner: Owner): Owner {
  return owner.basis === undefined ? { ...owner, basis: ownerBasis(owner) } : owner;
}

/** Builds the exported form of a socket. */
export function toExportSocket(socket: Socket, ctx: ExportRowContext): ExportSocket {
  const seen = ctx.firstSeen[socket.id];
  const hasPeer = socket.remotePort !== 0;
  // A capture's "port unknown" is port 0 with a name: not well-known port 0.
  const localUnknown = socket.localPort === 0 && socket.localPortName !== undefined;
  return {
    ...socket,
    owner: socket.owner === null ? null : withBasis(socket.owner),
    owners: ownersOf(socket).map(withBasis),
    timer: ctx.timeMs === undefined ? socket.timer : timerAt(socket.timer, ctx.timeMs),
    localClass: localUnknown ? null : portClass(socket.localPort),
    remoteClass: hasPeer ? portClass(socket.remotePort) : null,
    localInEphemeralRange: inRange(socket.localPort, ctx.ephemeralRange),
    localService: ctx.serviceName(socket.localPort, socket.proto),
    remoteService: hasPeer ? ctx.serviceName(socket.remotePort, socket.proto) : null,
    firstSeen: seen === undefined ? null : new Date(seen).toISOString(),
    remoteHost: (hasPeer ? ctx.hostName?.(socket.remoteAddress) : null) ?? capturedRemoteHost(socket),
  };
}
