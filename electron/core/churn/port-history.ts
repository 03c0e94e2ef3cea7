/**
 * Who held a local port, from when to when: the answer to "what was on :60430 a minute ago?" that
 * `lsof -i` cannot give once the socket is gone. One hold per connection, so a TIME_WAIT tail stays
 * attributed to the process that opened it. Rings per port and an LRU over ports bound the memory.
 */
import type { PortHold } from '../../../shared/churn-model';
import type { Owner, Proto, Socket } from '../../../shared/model';
import { LruMap } from './lru-map';
import { Ring } from './ring';

/** "addr:port", with IPv6 addresses in brackets so the port stays readable. */
export function endpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function portKey(proto: Proto, port: number): string {
  return `${proto}:${port}`;
}

/** Bounded per-port tenancy history. */
export class PortHistory {
  private readonly ports: LruMap<string, Ring<PortHold>>;

  constructor(
    private readonly holdsPerPort: number,
    portsTracked: number,
  ) {
    this.ports = new LruMap(portsTracked);
  }

  /** Ports with history kept. */
  get size(): number {
    return this.ports.size;
  }

  /** Starts a tenancy for a connection's first row; returns the hold to update and close later. */
  open(socket: Socket, owner: Owner | null, from: number): PortHold {
    const hold: PortHold = {
      proto: socket.proto,
      port: socket.localPort,
      socketId: socket.id,
      owner,
      remote: endpoint(socket.remoteAddress, socket.remotePort),
      lastState: socket.state,
      from,
      to: null,
    };
    this.ports.getOrCreate(portKey(socket.proto, socket.localPort), () => new Ring(this.holdsPerPort)).push(hold);
    return hold;
  }

  /**
   * Follows the connection to its current row. A hold the ring or the LRU already dropped is
   * still a valid object; updating it costs nothing and is seen by nobody.
   */
  update(hold: PortHold, socket: Socket, owner: Owner | null): void {
    hold.socketId = socket.id;
    hold.lastState = socket.state;
    hold.owner = owner;
  }

  /** Ends a tenancy and marks its port as recently touched. */
  close(hold: PortHold, time: number): void {
    hold.to = time;
    this.ports.get(portKey(hold.proto, hold.port));
  }

  /** The newest tenancy of a port without copying or touching it (owner inference asks per event). */
  latest(port: number, proto: Proto): PortHold | undefined {
    return this.ports.peek(portKey(proto, port))?.last();
  }

  /** Tenancies of one port, newest first, as copies. */
  history(port: number, proto: Proto): PortHold[] {
    const ring = this.ports.peek(portKey(proto, port));
    if (ring === undefined) return [];
    return ring
      .toArray()
      .reverse()
      .map((h) => ({ ...h, owner: h.owner === null ? null : { ...h.owner } }));
  }
}
