/**
 * A socket builder for tests of the filter and of the renderer store: real-looking fields with
 * an id that follows them, so each test states only the fields it is about.
 */
import type { Socket } from './model';
import { socketId } from './socket-id';

/** A TCP socket on 127.0.0.1 (ESTABLISHED, no owner) with the given overrides. */
export function testSocket(p: Partial<Socket> & Pick<Socket, 'localPort'>): Socket {
  const base = {
    proto: 'tcp' as const,
    family: 4 as const,
    localAddress: '127.0.0.1',
    remoteAddress: '127.0.0.1',
    remotePort: 5432,
    state: 'ESTABLISHED' as const,
    inode: 10_000 + p.localPort,
    uid: 1000,
    txQueue: 0,
    rxQueue: 0,
    timer: null,
    owner: null,
    ...p,
  };
  const id = socketId(base.proto, base.localAddress, base.localPort, base.remoteAddress, base.remotePort, base.inode);
  return { id, ...base };
}
