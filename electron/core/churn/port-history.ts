/**
 * Who held a local port, from when to when: the answer to "what was on :60430 a minute ago?" that
 * `lsof -i` cannot give once the socket is gone. One hold per connection, so a TIME_WAIT tail stays
 * attributed to the process that opened it. Rings per port and an LRU over ports bound the entries;
 * a byte budget over all holds bounds the memory: under heavy churn every ephemeral port gets a
 * ring, and 20,000 rings of 16 holds would be some 70 MB. Past the budget the quietest ports'
 * history goes first, and `trimmedToMs` says how far back the history still reaches.
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

/**
 * What one hold costs on the V8 heap, measured with heap snapshots at 1,000 conn/s: the PortHold
 * object (8 fields), its "addr:port" string, the socket id string it keeps alive once the row is
 * gone, and its ring slot. Owners are shared per process and not counted.
 */
export const HOLD_BYTES = 232;

/** Default budget of the whole history: about 36,000 holds. */
export const PORT_HISTORY_BYTES = 8 * 1024 * 1024;

/** Bounded per-port tenancy history. */
export class PortHistory {
  private readonly ports: LruMap<string, Ring<PortHold>>;
  private holdCount = 0;
  private budgetBytes: number;
  /** The latest activity of history dropped for the budget (null: none dropped). */
  private droppedUpTo: number | null = null;

  constructor(
    private readonly holdsPerPort: number,
    portsTracked: number,
    budgetBytes: number = PORT_HISTORY_BYTES,
  ) {
    this.ports = new LruMap(portsTracked, (_key, ring) => {
      this.holdCount -= ring.size;
    });
    this.budgetBytes = budgetBytes;
  }

  /** Ports with history kept. */
  get size(): number {
    return this.ports.size;
  }

  /** Holds kept over all ports. */
  get holds(): number {
    return this.holdCount;
  }

  /** Estimated bytes the kept holds take (holds × HOLD_BYTES). */
  get bytes(): number {
    return this.holdCount * HOLD_BYTES;
  }

  /** The byte budget in force. */
  get budget(): number {
    return this.budgetBytes;
  }

  /** Sets a new budget (the sampler lowers it under heap pressure) and trims to it. */
  setBudget(bytes: number): void {
    this.budgetBytes = Math.max(HOLD_BYTES * this.holdsPerPort, bytes);
    this.trim();
  }

  /**
   * The newest activity (end, or start while open) among the holds dropped to stay in budget:
   * history older than this may be missing. Null while nothing was dropped for the budget.
   */
  get trimmedToMs(): number | null {
    return this.droppedUpTo;
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
    const ring = this.ports.getOrCreate(portKey(socket.proto, socket.localPort), () => new Ring(this.holdsPerPort));
    if (ring.push(hold) === undefined) this.holdCount += 1;
    this.trim();
    return hold;
  }

  /** Drops the least recently touched ports' history until the holds fit the budget (one port always stays). */
  private trim(): void {
    while (this.holdCount * HOLD_BYTES > this.budgetBytes && this.ports.size > 1) {
      const gone = this.ports.evictOldest();
      const newest = gone?.[1].last();
      if (newest !== undefined) this.droppedUpTo = Math.max(this.droppedUpTo ?? 0, newest.to ?? newest.from);
    }
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

/** How far back the port history reaches once its budget dropped some, in words (null: nothing dropped). */
export function trimWords(ports: PortHistory, now: number): string | null {
  const trimmed = ports.trimmedToMs;
  if (trimmed === null) return null;
  const reachSec = Math.max(0, (now - trimmed) / 1000);
  const reach = reachSec < 120 ? `${Math.max(1, Math.round(reachSec / 10) * 10)} s` : `${Math.round(reachSec / 60)} minutes`;
  const mb = ports.budget / 1024 / 1024;
  const size = mb < 1 ? `${Math.round(ports.budget / 1024)} KB` : `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
  return `port history trimmed to the last ${reach} to stay under ${size}`;
}
