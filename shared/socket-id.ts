import type { Proto } from './model';

/**
 * The stable identity of a socket across samples: proto + local + remote + inode.
 * Inode keeps apart two sockets that reuse one tuple (a TIME_WAIT remnant, then a new connection).
 */
export function socketId(
  proto: Proto,
  localAddress: string,
  localPort: number,
  remoteAddress: string,
  remotePort: number,
  inode: number,
): string {
  return `${proto}|${localAddress}|${localPort}|${remoteAddress}|${remotePort}|${inode}`;
}
