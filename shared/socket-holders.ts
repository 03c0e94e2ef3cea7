/**
 * Every process that holds a socket. Today a row names one owner; a socket shared by several
 * processes (a forked server) may carry all of them as `owners`, with `owner` the first. Code
 * that lists holders reads them here, so it works with either shape.
 */
import type { Owner, Socket } from './model';

/** The holders of a socket: `owners` when the row carries them, else `owner`, else none. */
export function socketHolders(socket: Socket): readonly Owner[] {
  const all = (socket as Socket & { owners?: readonly Owner[] }).owners;
  if (all !== undefined && all.length > 0) return all;
  return socket.owner === null ? [] : [socket.owner];
}

/** True when the process (pid + start time) is one of the socket's holders. */
export function heldBy(socket: Socket, pid: number, startTime: number): boolean {
  return socketHolders(socket).some((o) => o.pid === pid && o.startTime === startTime);
}
