/**
 * One exported socket row: the sampled socket plus what a reader of the file needs without
 * Ephemera at hand (IANA class, whether the local port is in this machine's ephemeral range,
 * service names, first-seen time). JSON and CSV exports share this row.
 */
import { z } from 'zod';
import { SocketSchema } from '../../../shared/model';
import type { PortRange, Proto, Socket } from '../../../shared/model';
import { inRange, portClass } from '../../../shared/port-class';
import { timerAt } from '../../../shared/socket-timer';

const PortClassSchema = z.enum(['well-known', 'registered', 'dynamic']);

export const ExportSocketSchema = SocketSchema.extend({
  /** IANA class of the local port. */
  localClass: PortClassSchema,
  /** IANA class of the remote port; null when there is no peer (remote port 0). */
  remoteClass: PortClassSchema.nullable(),
  /** True when the local port lies in this machine's ephemeral range. */
  localInEphemeralRange: z.boolean(),
  /** IANA service name registered for the local port number, or null. */
  localService: z.string().nullable(),
  /** IANA service name registered for the remote port number, or null. */
  remoteService: z.string().nullable(),
  /** ISO 8601 time the socket was first seen, null when unknown. */
  firstSeen: z.iso.datetime().nullable(),
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
}

/** Builds the exported form of a socket. */
export function toExportSocket(socket: Socket, ctx: ExportRowContext): ExportSocket {
  const seen = ctx.firstSeen[socket.id];
  const hasPeer = socket.remotePort !== 0;
  return {
    ...socket,
    timer: ctx.timeMs === undefined ? socket.timer : timerAt(socket.timer, ctx.timeMs),
    localClass: portClass(socket.localPort),
    remoteClass: hasPeer ? portClass(socket.remotePort) : null,
    localInEphemeralRange: inRange(socket.localPort, ctx.ephemeralRange),
    localService: ctx.serviceName(socket.localPort, socket.proto),
    remoteService: hasPeer ? ctx.serviceName(socket.remotePort, socket.proto) : null,
    firstSeen: seen === undefined ? null : new Date(seen).toISOString(),
  };
}
