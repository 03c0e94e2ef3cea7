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

/**
 * The id of a row read in another network namespace: the same 4-tuple (and inode 0 in
 * TIME_WAIT) can exist in two namespaces, so the namespace's inode is part of the identity.
 * Host rows keep the plain id.
 */
export function namespacedId(id: string, netnsInode: number): string {
  return `${id}|ns${netnsInode}`;
}
