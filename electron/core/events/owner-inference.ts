/**
 * Guesses who owned a socket the poller never saw, from what it did see. A destroy event carries
 * no pid (the socket is gone), so the owner can only be inferred, and is always marked so:
 * 1. the listener on the socket's local port: the event is the server side of an accepted connection;
 * 2. the process last seen connecting to the same destination (for a RST-cleared client, whose peer
 *    port is gone, the same peer address, and only while one process alone connects there);
 * 3. the process that holds the local port right now (a second socket on a port it keeps bound).
 * The order puts the surest first: a listener port cannot also be an outbound connection's local
 * port, and one process hitting one endpoint again and again is what short-lived churn looks like.
 * A guess that cannot tell candidates apart is not made: a listener several processes share (an
 * nginx master and its workers: any of them may have accepted), a destination two processes were
 * seen connecting to. The first two give owners marked `inferred-unique` (the only candidate), the
 * last `inferred-guess`. The lone-client maps are keyed by destination alone, not by (uid,
 * destination): a destroy event never says whose socket it was (the kernel reports uid 0 and
 * inode 0 for every destroyed socket; fixtures/ss-E-nobody-client.txt), so a `nobody` client's
 * unseen connection and a root one's to the same destination look the same.
 */
import type { InferenceBasis } from '../../../shared/exhaustion-model';
import type { Owner, Proto, Socket } from '../../../shared/model';
import { ANY_ADDRESS } from '../sampler/parse-address';
import type { Tuple } from '../churn/connections';
import { LruMap } from '../churn/lru-map';
import { ownerKey } from '../churn/owner-key';
import { endpoint } from '../churn/port-history';
import { plainAddress } from './event-matcher';

/**
 * The owner of a local port's most recent tenancy, when it ended (null while still held) and the
 * peer of the socket that holds it ("addr:port" as port-history writes it; port 0: not connected).
 */
export type PortHolder = (proto: Proto, port: number) => { owner: Owner; to: number | null; remote: string } | null;

/** An inferred owner and why. */
export interface Inferred {
  owner: Owner;
  basis: InferenceBasis;
}

/** How long a port's last holder, or a lone client of an address, stays a valid guess. */
export const INFERENCE_HORIZON_MS = 60_000;
const DESTINATIONS = 4096;
/** How many sampled connections of one process alone to a destination make it its lone client. */
export const LONE_SIGHTINGS = 3;

/** A destination's (or peer address's) lone client: null once two were seen (since `since`). */
interface Lone {
  owner: Owner | null;
  since: number;
  /** Sampled connections of `owner` seen there. */
  times: number;
}
const ADDRESSES = 1024;

/** Sockets that take connections or datagrams on their port: TCP listeners and unconnected bound UDP. */
export function isServerRow(s: Socket): boolean {
  if (s.proto === 'tcp') return s.state === 'LISTEN';
  return s.remotePort === 0 && s.localPort !== 0;
}

const isAny = (address: string): boolean => address === ANY_ADDRESS[4] || address === ANY_ADDRESS[6];

/** Owner facts gathered from sampled rows, and the guesses made from them. */
export class OwnerInference {
  private readonly listeners = new Map<string, { owner: Owner | null; shared: boolean; rows: number }>();
  /** Per destination: its lone client, or null once two processes were seen there (since `since`). */
  private readonly destinations = new LruMap<string, Lone>(DESTINATIONS);
  /** Per peer address: its lone client, or null once two processes were seen there (since `since`). */
  private readonly addresses = new LruMap<string, Lone>(ADDRESSES);

  /** One inferred Owner object per process, shared by every socket it is guessed for (thousands a second under churn). */
  private readonly marked = new LruMap<string, Owner>(ADDRESSES);

  constructor(private readonly portHolder: PortHolder) {}

  private mark(owner: Owner, basis: InferenceBasis): Inferred {
    const how = basis === 'port-holder' ? 'inferred-guess' : 'inferred-unique';
    const key = `${ownerKey(owner)}:${owner.name}:${how}`;
    let inferred = this.marked.get(key);
    if (inferred === undefined) {
      inferred = { pid: owner.pid, startTime: owner.startTime, name: owner.name, inferred: true, basis: how };
      this.marked.set(key, inferred);
    }
    return { owner: inferred, basis };
  }

  /** Records `owner` as a client of `key`: its lone client, or none once a second one shows up. */
  private static lone(map: LruMap<string, Lone>, key: string, owner: Owner, time: number): void {
    const seen = map.get(key);
    if (seen === undefined || (seen.owner === null && time - seen.since > INFERENCE_HORIZON_MS)) {
      map.set(key, { owner, since: time, times: 1 });
    } else if (seen.owner !== null && ownerKey(seen.owner) !== ownerKey(owner)) {
      map.set(key, { owner: null, since: time, times: 0 });
    } else if (seen.owner !== null) {
      seen.since = time;
      seen.times++;
    }
  }

  /** Records a server row entering the table ('add'), leaving it ('remove') or changing ('update', e.g. its owner resolved). */
  observeServer(s: Socket, change: 'add' | 'remove' | 'update'): void {
    const key = `${s.proto}|${s.localPort}`;
    const found = this.listeners.get(key);
    const shared = (s.owners?.length ?? 0) > 1;
    if (change === 'add') {
      // Two server rows on one port (SO_REUSEPORT, or v4 and v6) of different processes: shared too.
      if (found === undefined) this.listeners.set(key, { owner: s.owner, shared, rows: 1 });
      else {
        found.rows += 1;
        if (found.owner !== null && s.owner !== null && ownerKey(found.owner) !== ownerKey(s.owner)) found.shared = true;
      }
    } else if (change === 'remove' && found !== undefined) {
      found.rows -= 1;
      if (found.rows <= 0) this.listeners.delete(key);
    }
    if (found !== undefined && change !== 'remove' && s.owner !== null) {
      found.owner = s.owner;
      found.shared ||= shared;
      if (found.rows === 1) found.shared = shared;
    }
  }

  /** True when a server row holds this local port. */
  isServerPort(proto: Proto, port: number): boolean {
    return this.listeners.has(`${proto}|${port}`);
  }

  /** Records a sampled outbound connection (or connected UDP socket) with a known owner. */
  observeClient(s: Socket, owner: Owner, time: number): void {
    if (s.remotePort === 0 || isAny(s.remoteAddress) || this.isServerPort(s.proto, s.localPort)) return;
    OwnerInference.lone(this.destinations, `${s.proto}|${plainAddress(s.remoteAddress)}|${s.remotePort}`, owner, time);
    OwnerInference.lone(this.addresses, `${s.proto}|${plainAddress(s.remoteAddress)}`, owner, time);
  }

  /** The inferred owner of a socket that is not in the table, or null when nothing points at one. */
  infer(t: Tuple, partial: boolean, time: number): Inferred | null {
    const server = partial ? undefined : this.listeners.get(`${t.proto}|${t.localPort}`);
    // The server side of a connection to a shared listener: any holder may have accepted it.
    if (server?.shared === true) return null;
    if (server?.owner != null) return this.mark(server.owner, 'listener');
    const lone = partial
      ? this.addresses.peek(`${t.proto}|${plainAddress(t.remoteAddress)}`)
      : t.remotePort === 0
        ? undefined
        : this.destinations.peek(`${t.proto}|${plainAddress(t.remoteAddress)}|${t.remotePort}`);
    // Two processes connect there: destination alone cannot tell them apart.
    if (lone !== undefined && lone.owner === null) return null;
    // A lone client not seen there for the horizon may have company by now: no longer unique.
    // Seen alone a few times over: one sighting says little when most connections are never sampled.
    if (lone?.owner != null && lone.times >= LONE_SIGHTINGS && time - lone.since <= INFERENCE_HORIZON_MS) return this.mark(lone.owner, 'destination');
    if (lone?.owner != null) return null;
    const held = this.portHolder(t.proto, t.localPort);
    // Only a holder that still holds the port: its last tenant, gone, is as often another client
    // churning through the same ports (measured: most such guesses wrong with three clients).
    // Never for an RST client's partial tuple: its port is free the moment it is reset, and the
    // process holding it now is another connection (measured: most such guesses wrong).
    // Only a holder that keeps the port bound (no peer) or holds this very tuple: Linux gives one
    // ephemeral port to connections of any process to different peers, so a socket of another
    // process on the same port to another peer says nothing (measured: other loads' python3
    // named for the multi bench's clients).
    const bound = held !== null && (held.remote.endsWith(':0') || held.remote === endpoint(t.remoteAddress, t.remotePort));
    if (!partial && held !== null && bound && !held.owner.inferred && held.to === null) {
      return this.mark(held.owner, 'port-holder');
    }
    return null;
  }
}
